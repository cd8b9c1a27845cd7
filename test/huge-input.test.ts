import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toString } from 'hast-util-to-string';
import { afterAll, describe, expect, it } from 'vitest';
import { loadManuscript } from '../src/load/index.js';
import { BookPipeline } from '../src/pipeline.js';

/*
 * Huge input completes, through every target's templates, with its text whole. Only completion is asserted:
 * the times are measured by `npx tsx test/bench/typography.ts` (README, "Limits"), not here.
 */
const scratch = mkdtempSync(join(tmpdir(), 'folio-huge-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function throughEveryTarget(name: string, text: string): Promise<void> {
  const folder = join(scratch, name);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, '01.md'), `# Huge\n\n${text}\n`);
  const { manuscript } = await loadManuscript(folder);
  const pipeline = new BookPipeline();
  await pipeline.update(manuscript!);
  for (const target of ['html', 'epub', 'pdf'] as const) {
    const book = await pipeline.book(target);
    const letters = toString(book.chapters[0]!.tree).replace(/[^x]/g, '').length;
    expect(letters, target).toBe(text.replace(/[^x]/g, '').length);
  }
}

describe('huge input', () => {
  it('a 1 MB word goes through the templates of every target whole', { timeout: 300_000 }, async () => {
    await throughEveryTarget('word', 'x'.repeat(1_000_000));
  });

  it('a 200 KB paragraph goes through the templates of every target whole', { timeout: 300_000 }, async () => {
    await throughEveryTarget('paragraph', 'She said "x-ray" -- see www.example.org/x, pages 2-3... '.repeat(3_600));
  });
});
