import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // One temporary folder per run, removed at its end: see test/helpers/temp-root.ts.
    globalSetup: ['test/helpers/temp-root.ts'],
  },
});
