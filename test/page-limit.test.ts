import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { parseMaxPages } from '../src/config/print-options.js';
import { skipWithoutBrowser } from './helpers/tools.js';

/*
 * `print.maxPages` (default 1,200, the largest book the print-on-demand shops bind): a book that cannot fit is
 * refused before the browser starts; one that runs past it during layout is stopped there, not left to run for an
 * hour. Either way the message names the limit and how to raise it, and no PDF is written.
 */
const scratch = mkdtempSync(join(tmpdir(), 'folio-page-limit-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function manuscript(name: string, chapters: string[], yaml: string): string {
  const dir = join(scratch, name, 'manuscript');
  mkdirSync(dir, { recursive: true });
  const names = chapters.map((_, i) => `${String(i + 1).padStart(3, '0')}.md`);
  chapters.forEach((text, i) => writeFileSync(join(dir, names[i]!), text));
  writeFileSync(join(dir, 'book.yaml'), `title: Limits\n${yaml}\nchapters:\n${names.map((n) => `  - ${n}`).join('\n')}\n`);
  return dir;
}

async function pdfError(dir: string): Promise<{ message: string; written: string[]; milliseconds: number }> {
  const out = join(dir, '..', 'dist');
  const result = await build({ manuscript: dir, out, formats: ['pdf'] });
  const output = result.outputs[0]!;
  expect(result.ok).toBe(false);
  let written: string[] = [];
  try {
    written = readdirSync(out);
  } catch {
    // no output folder at all
  }
  return { message: output.error?.message ?? '', written, milliseconds: output.milliseconds };
}

describe('print.maxPages', () => {
  it('reads whole numbers of pages within bounds', () => {
    expect(parseMaxPages('1500')).toBe(1500);
    expect(parseMaxPages('2,000')).toBe(2000);
    expect(() => parseMaxPages('12')).toThrow(/between 24 and 20000/);
    expect(() => parseMaxPages('lots')).toThrow(/whole number/);
  });

  it('refuses a book of more chapters than the limit has pages before laying anything out', { timeout: 60_000 }, async () => {
    const chapters = Array.from({ length: 13 }, (_, i) => `# Chapter ${i + 1}\n\nA short chapter.\n`);
    const { message, written, milliseconds } = await pdfError(manuscript('chapters', chapters, 'print: {maxPages: 24}'));
    expect(message).toMatch(/has 13 chapters, each opening on a right-hand page: at least 25 pages, over print\.maxPages \(24\)/);
    expect(message).toContain("`print: {maxPages: 500}`");
    expect(written.filter((name) => name.endsWith('.pdf'))).toEqual([]);
    // No browser was started: refusing takes no layout time.
    expect(milliseconds).toBeLessThan(5_000);
  });

  it.skipIf(skipWithoutBrowser())('stops a layout that runs past the limit, saying where it got to', { timeout: 180_000 }, async () => {
    // Few characters, many lines: the text estimate is far under the page count, so only the layout finds it.
    const lines = Array.from({ length: 1_400 }, (_, i) => `Line ${i + 1}.`).join('\n\n');
    const { message, written } = await pdfError(manuscript('layout', [`# Verse\n\n${lines}\n`], 'print: {maxPages: 24}'));
    expect(message).toMatch(/^The print book ran past page (2[5-9]|3\d) in 'Verse', over print\.maxPages \(24\); the PDF was not written\./);
    expect(written.filter((name) => name.endsWith('.pdf'))).toEqual([]);
  });
});
