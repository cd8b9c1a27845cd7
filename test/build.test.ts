import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../src/build.js';
import { findBrowser } from '../src/browser/launch.js';
import { chapterTitles, footnoteTexts } from './helpers/default-book.js';
import { pdffonts, pdfinfo, pdftotext, skipWithoutBrowser } from './helpers/tools.js';

const browser = findBrowser();
const epubName = 'interview-with-deepseek-founder.epub';
const pdfName = 'interview-with-deepseek-founder.pdf';

describe('building the default manuscript', () => {
  const out = mkdtempSync(join(tmpdir(), 'folio-build-'));
  let result: BuildResult;

  beforeAll(async () => {
    result = await build({ manuscript: 'manuscript', out, formats: browser ? ['epub', 'pdf', 'html'] : ['epub', 'html'] });
  }, 240_000);

  it('succeeds with no diagnostics', () => {
    expect(result.outputs.map((output) => output.error?.message).filter(Boolean)).toEqual([]);
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('writes the HTML index and a page per chapter', () => {
    expect(existsSync(join(out, 'html', 'index.html'))).toBe(true);
    const index = readFileSync(join(out, 'html', 'index.html'), 'utf8');
    for (const title of chapterTitles) expect(index).toContain(title.replace(/’/g, '’'));
    expect(existsSync(join(out, 'html', 'more-investment-doesnt-always-fuel-more-innovation.html'))).toBe(true);
    expect(existsSync(join(out, 'html', 'styles', 'screen.css'))).toBe(true);
    // The book's faces travel with the pages: EB Garamond, and the Noto Serif SC subsets the Chinese comments use.
    const fontsCss = readFileSync(join(out, 'html', 'styles', 'fonts.css'), 'utf8');
    const fontUrls = [...fontsCss.matchAll(/url\("\.\.\/fonts\/([^"]+)"\)/g)].map((match) => match[1]!);
    expect(fontUrls.some((name) => name.startsWith('eb-garamond-latin-400-normal'))).toBe(true);
    expect(fontUrls.some((name) => name.startsWith('noto-serif-sc'))).toBe(true);
    for (const name of fontUrls) expect(existsSync(join(out, 'html', 'fonts', name))).toBe(true);
    expect(index).toContain('href="styles/fonts.css"');
  });

  it('writes the EPUB (validated in depth by test/epub.test.ts)', () => {
    const data = readFileSync(join(out, epubName));
    expect(data.subarray(30, 38).toString()).toBe('mimetype');
  });

  describe.skipIf(skipWithoutBrowser())('the print PDF', () => {
    const pdf = () => join(out, pdfName);

    it('is 6 × 9 inches', () => {
      expect(pdfinfo(pdf())['Page size']).toMatch(/^432 x 648 pts/);
    });

    it('embeds every font and has no Type 3 font', () => {
      const fonts = pdffonts(pdf());
      expect(fonts.length).toBeGreaterThan(0);
      expect(fonts.filter((font) => !font.embedded)).toEqual([]);
      expect(fonts.filter((font) => /Type 3/.test(font.type))).toEqual([]);
      expect(fonts.some((font) => /EBGaramond/i.test(font.name))).toBe(true);
      expect(fonts.some((font) => /NotoSerifSC/i.test(font.name))).toBe(true);
    });

    it('holds every chapter title and the three footnote texts', () => {
      const text = pdftotext(pdf()).replace(/\u00AD/g, '').replace(/-\n\s*/g, '').replace(/\s+/g, ' ');
      for (const title of chapterTitles) expect(text).toContain(title.toUpperCase() === title ? title : title);
      for (const note of footnoteTexts) expect(text).toContain(note);
      expect(text).toContain('他成长在中国最富有的省份广东省');
    });

    it('opens every chapter on a right-hand page', () => {
      const pages = Number(pdfinfo(pdf()).Pages);
      const opening = new Map<string, number>();
      for (let page = 1; page <= pages; page++) {
        const text = pdftotext(pdf(), page).replace(/\s+/g, ' ');
        for (const title of chapterTitles.slice(1)) {
          if (!opening.has(title) && text.trimStart().startsWith(title)) opening.set(title, page);
        }
      }
      expect([...opening.keys()].sort()).toEqual(chapterTitles.slice(1).sort());
      for (const page of opening.values()) expect(page % 2).toBe(1);
    });

    it('is byte-identical from build to build, dated from the book, not the clock', async () => {
      const again = join(out, 'again');
      const second = await build({ manuscript: 'manuscript', out: again, formats: ['pdf'] });
      expect(second.ok).toBe(true);
      expect(readFileSync(join(again, pdfName)).equals(readFileSync(pdf()))).toBe(true);
      // book.yaml's date: 2025-02-01.
      expect(pdfinfo(pdf()).CreationDate).toMatch(/Feb\s+1 00:00:00 2025 UTC/);
      expect(pdfinfo(pdf()).ModDate).toMatch(/Feb\s+1 00:00:00 2025 UTC/);
    }, 240_000);
  });
});
