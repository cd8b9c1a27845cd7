import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { watchFolders } from '../src/preview/watch.js';

const temp = mkdtempSync(join(tmpdir(), 'folio-watch-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('the preview watcher', () => {
  it('keeps seeing a chapter after an editor saved it by renaming a temporary file over it', { timeout: 30_000 }, async () => {
    const chapter = join(temp, 'one.md');
    writeFileSync(chapter, '# One\n\nFirst.\n');
    const bursts: string[][] = [];
    let notify = () => {};
    const watcher = watchFolders({ manuscript: temp }, (changes) => {
      bursts.push(changes.flatMap((change) => change.paths));
      notify();
    });
    const nextBurst = () => new Promise<void>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`no change seen after ${bursts.length} bursts`)), 5000);
      notify = () => (clearTimeout(timer), done());
    });
    try {
      await watcher.ready;
      // vim, JetBrains and sync tools: write a temporary file, then rename it over the chapter.
      let seen = nextBurst();
      writeFileSync(join(temp, 'one.md.tmp'), '# One\n\nRenamed.\n');
      renameSync(join(temp, 'one.md.tmp'), chapter);
      await seen;
      for (const text of ['Second edit.', 'Third edit.']) {
        // A person saves again after some time, not within the same millisecond.
        await new Promise((done) => setTimeout(done, 300));
        seen = nextBurst();
        writeFileSync(chapter, `# One\n\n${text}\n`);
        await seen;
      }
      expect(bursts).toHaveLength(3);
      for (const paths of bursts) expect(paths).toContain(chapter);
    } finally {
      watcher.close();
    }
  });
});
