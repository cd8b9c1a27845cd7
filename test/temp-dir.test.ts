import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withTempDir } from '../src/process/temp-dir.js';

describe('withTempDir', () => {
  it('gives the work a folder named for its purpose and removes it, files and all, when the work returns', async () => {
    let seen = '';
    const answer = await withTempDir('test', async (dir) => {
      seen = dir;
      await writeFile(join(dir, 'a.txt'), 'a');
      return 42;
    });
    expect(answer).toBe(42);
    expect(basename(seen)).toMatch(/^folio-test-/);
    expect(existsSync(seen)).toBe(false);
  });

  it('removes the folder when the work throws, and passes the error on', async () => {
    let seen = '';
    const work = withTempDir('test', async (dir) => {
      seen = dir;
      await writeFile(join(dir, 'a.txt'), 'a');
      throw new Error('qpdf failed');
    });
    await expect(work).rejects.toThrow('qpdf failed');
    expect(seen).not.toBe('');
    expect(existsSync(seen)).toBe(false);
  });
});
