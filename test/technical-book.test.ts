import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import JSZip from 'jszip';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../src/build.js';
import { findBrowser, launchBrowser } from '../src/browser/launch.js';
import { pageFill, wordsByPage, type PageWords } from './helpers/page-fill.js';
import { TECHNICAL_BOOK_FIGURES, writeTechnicalBook } from './helpers/technical-book.js';
import { hasCommand, pdffonts } from './helpers/tools.js';

/**
 * The generated technical book (test/helpers/technical-book.ts, described in test/books/README.md) built in every
 * format and judged as a print shop and a phone would: the PDF with poppler, the HTML and EPUB chapters in
 * Chromium at 320 px. One build serves every test (about a minute and a half on two cores).
 */
const browserPath = findBrowser();
const ready = Boolean(browserPath) && ['pdftotext', 'pdffonts', 'pdfinfo', 'qpdf'].every(hasCommand);

/** The text block of a 6 × 9 in page under 150 pages: 0.75 in top, 0.8 in bottom, 0.75 in inside, 0.6 in outside. */
const TOP = 54;
const BOTTOM = 648 - 57.6;
const INSIDE = 54;
const OUTSIDE = 43.2;

describe.skipIf(!ready)('a technical book with 66 figures, long listings, wide tables and URLs', () => {
  let dir: string;
  let result: BuildResult;
  let pages: PageWords[];
  let browser: Browser;
  const outputOf = (suffix: string) => result.outputs.find((output) => output.path.endsWith(suffix))!.path;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'folio-technical-'));
    const manuscript = writeTechnicalBook(join(dir, 'manuscript'));
    result = await build({ manuscript, out: join(dir, 'dist'), formats: ['pdf', 'epub', 'html'] });
    pages = wordsByPage(outputOf('.pdf'));
    browser = await launchBrowser();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('builds every format', () => {
    expect(result.outputs.map((output) => output.error)).toEqual([undefined, undefined, undefined]);
    expect(result.ok).toBe(true);
  });

  it('prints every figure with its numbered caption, in order', () => {
    const captions = pages.flatMap((page) => page.words.map((word) => word.text)).join(' ').match(/Figure \d+\.\d+\./g) ?? [];
    const expected = Array.from({ length: TECHNICAL_BOOK_FIGURES }, (_, i) => `Figure ${Math.floor(i / 11) + 1}.${(i % 11) + 1}.`);
    // Captions in print read "Figure 3.2." (label with a stop); mentions in the text read "Figure 3.2" and do not match.
    expect(captions).toEqual(expected);
  });

  it('leaves few pages short: figures that do not fit float to the next page while the text fills this one', () => {
    const fills = pageFill(pages, { top: TOP, bottom: BOTTOM });
    const short = fills.filter((page) => page.fill < 0.85);
    // Measured: 21 of 79 pages under 85% before deferred figures, 15 of 76 after; with the chapter of tables, 15 of 79
    // before turned tables float past the text after them and long tables start where they fall, 12 of 77 after,
    // 8 of 77 once a figure may float with 500 characters of its chapter after it instead of 3,000 (the title page
    // is one of them; see test/books/README.md).
    expect(fills.length).toBeGreaterThan(60);
    expect(short.length / fills.length).toBeLessThan(0.14);
  });

  it('sets no text outside the text block: code, URLs and tables wrap or shrink to the measure', () => {
    const outside: string[] = [];
    pages.forEach((page, index) => {
      const recto = (index + 1) % 2 === 1;
      const left = recto ? INSIDE : OUTSIDE;
      const right = page.width - (recto ? OUTSIDE : INSIDE);
      for (const word of page.words) {
        if (word.yMin < TOP - 2 || word.yMax > BOTTOM + 2) continue; // running heads and folios
        if (word.xMin < left - 1 || word.xMax > right + 1) outside.push(`page ${index + 1}: ${word.text}`);
      }
    });
    expect(outside).toEqual([]);
  });

  it('keeps a right-aligned column right-aligned in print', () => {
    const words = pages.flatMap((page) => page.words);
    const sizes = ['88,410', '356'].map((text) => words.find((word) => word.text === text)!);
    expect(sizes.every(Boolean)).toBe(true);
    expect(Math.abs(sizes[0]!.xMax - sizes[1]!.xMax)).toBeLessThan(1);
    expect(Math.abs(sizes[0]!.xMin - sizes[1]!.xMin)).toBeGreaterThan(3);
  });

  it('repeats the header row at the top of each page a long table continues on', () => {
    const tablePages = pages.filter((page) => page.words.some((word) => /^cmd-\d+$/.test(word.text)));
    expect(tablePages.length).toBeGreaterThanOrEqual(3);
    for (const page of tablePages) {
      const words = page.words.map((word) => word.text);
      expect(words).toContain('Object');
      // The header opens the page: above the first row of the table on it.
      const header = page.words.find((word) => word.text === 'Object')!;
      const firstRow = page.words.find((word) => /^cmd-\d+$/.test(word.text))!;
      expect(header.yMax).toBeLessThan(firstRow.yMin);
    }
  });

  it('turns a table too wide for the page on its side, on a portrait page of its own', () => {
    const index = pages.findIndex((page) => page.words.some((word) => word.text === 'gitNoVerifySignaturesDefault'));
    expect(index).toBeGreaterThan(0);
    const page = pages[index]!;
    // The sheet stays the book's trim (one page size for the press); the table's words run up the page.
    expect([page.width, page.height]).toEqual([pages[0]!.width, pages[0]!.height]);
    const word = page.words.find((candidate) => candidate.text === 'gitNoVerifySignaturesDefault')!;
    expect(word.yMax - word.yMin).toBeGreaterThan(4 * (word.xMax - word.xMin));
    // Alone on its page: no running text (set horizontally) in the text block beside it.
    const across = page.words.filter((candidate) => candidate.yMin > TOP && candidate.yMax < BOTTOM && candidate.xMax - candidate.xMin > candidate.yMax - candidate.yMin);
    expect(across.filter((candidate) => candidate.text.length > 3)).toEqual([]);
  });

  it('reports a table that fits neither scaled down nor turned, at its line', () => {
    const tables = result.diagnostics.filter((diagnostic) => diagnostic.ruleId === 'table-too-wide');
    expect(tables).toHaveLength(1);
    expect(tables[0]).toMatchObject({ severity: 'warning', line: expect.any(Number), column: 1 });
    expect(tables[0]!.file).toMatch(/07-reference\.md$/);
    expect(tables[0]!.reason).toMatch(/^Table too wide for the printed page: it would fit only at \d+% of its size/);
  });

  it('leaves no soft hyphen inside a word of the text layer, so search and copy find whole words', () => {
    const words = pages.flatMap((page) => page.words);
    // A word hyphenated at the end of its line reads "ob-" whatever the text layer holds before the hyphen; one
    // whose soft hyphen would move a line if taken out keeps it there (in-page.ts), "ob\u00AD-": a handful.
    expect(words.filter((word) => /\u00AD(?!-$)/.test(word.text))).toEqual([]);
    expect(words.filter((word) => word.text.includes('\u00AD')).length).toBeLessThan(words.length / 1000);
  });

  it('sets code in Noto Sans Mono embedded as TrueType', () => {
    const mono = pdffonts(outputOf('.pdf')).filter((font) => /NotoSansMono/.test(font.name));
    expect(mono.length).toBeGreaterThan(0);
    expect(mono.every((font) => font.type === 'CID TrueType' && font.embedded)).toBe(true);
  });

  it('reports each low-resolution image once, at its line, through the catalogue', () => {
    const images = result.diagnostics.filter((diagnostic) => diagnostic.ruleId === 'image-low-resolution');
    expect(images.length).toBeGreaterThan(20);
    expect(new Set(images.map((diagnostic) => diagnostic.reason)).size).toBe(images.length);
    expect(images[0]).toMatchObject({ severity: 'warning', line: expect.any(Number), column: 1 });
    expect(images[0]!.reason).toMatch(/^figures\/f\d+\.png prints at \d+ ppi \(needs 300 for print\)$/);
    // Then one line for the whole book, after the images' own.
    const total = result.diagnostics.findIndex((diagnostic) => diagnostic.ruleId === 'image-resolution-total');
    expect(result.diagnostics[total]).toMatchObject({ severity: 'warning', reason: `${images.length} of ${TECHNICAL_BOOK_FIGURES} images print below 300 ppi` });
    expect(total).toBeGreaterThan(result.diagnostics.lastIndexOf(images.at(-1)!));
  });

  it('warns about code lines with no break opportunity, at their line', () => {
    const lines = result.diagnostics.filter((diagnostic) => diagnostic.ruleId === 'code-line-unbreakable');
    expect(lines.length).toBe(6);
    expect(lines.every((diagnostic) => diagnostic.line !== undefined)).toBe(true);
  });

  for (const width of [320, 1280]) {
    it(`never scrolls sideways in an HTML chapter at ${width} px`, async () => {
      const page = await browser.newPage();
      try {
        await page.setViewport({ width, height: 800 });
        await page.goto(pathToFileURL(join(outputOf('html'), 'part-2.html')).href, { waitUntil: 'load' });
        const { scrollWidth, viewport } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, viewport: window.innerWidth }));
        expect(scrollWidth).toBeLessThanOrEqual(viewport);
      } finally {
        await page.close();
      }
    }, 60_000);
  }

  it('never scrolls sideways in an EPUB chapter at 320 px', async () => {
    const zip = await JSZip.loadAsync(readFileSync(outputOf('.epub')));
    const unpacked = join(dir, 'epub');
    for (const [name, entry] of Object.entries(zip.files)) {
      if (entry.dir) continue;
      mkdirSync(dirname(join(unpacked, name)), { recursive: true });
      writeFileSync(join(unpacked, name), await entry.async('nodebuffer'));
    }
    const chapter = Object.keys(zip.files).find((name) => /part-4\.xhtml$/.test(name))!;
    const page = await browser.newPage();
    try {
      await page.setViewport({ width: 320, height: 800 });
      await page.goto(pathToFileURL(join(unpacked, chapter)).href, { waitUntil: 'load' });
      const { scrollWidth, viewport } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, viewport: window.innerWidth }));
      expect(scrollWidth).toBeLessThanOrEqual(viewport);
    } finally {
      await page.close();
    }
  }, 60_000);
});
