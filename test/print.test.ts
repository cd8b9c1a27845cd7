import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../src/build.js';
import { parseBleed, parseTimeout } from '../src/config/print-options.js';
import { findBrowser } from '../src/browser/launch.js';
import { BINDING_BRACKETS, bindingBracket, MIN_MOVED_OUTSIDE_IN, OUTSIDE_MARGIN_IN, placeTextBlock, settleBinding, type TextBlockPlace } from '../src/emit/pdf/margins.js';
import { spreads } from '../src/emit/pdf/proof.js';
import { bodyChapterTitles, chapterTitles, frontChapterTitles } from './helpers/default-book.js';
import { internalLinks } from './helpers/pdf-links.js';
import { textBlockMargins } from './helpers/page-fill.js';
import { hasCommand, pdffonts, pdfinfo, skipWithoutBrowser } from './helpers/tools.js';

/* The default manuscript, printed once: every check below reads the same PDF with poppler and qpdf. */

const BOOK_TITLE = 'Interview with DeepSeek Founder';
/** Each note's text, and the word its call follows in the text. */
const NOTES = [
  { text: 'A quantitative investment firm and early DeepSeek backer.', calledAfter: 'Huanfang' },
  { text: 'Mixture of Experts, an architecture that improves model efficiency', calledAfter: 'MoE' },
  { text: 'Co-founder of Meituan, who briefly entered the AI race in 2023', calledAfter: 'Huiwen' },
];
const CHINESE = '他成长在中国最富有的省份广东省';
const PDF = 'interview-with-deepseek-founder.pdf';

const tools = ['pdfinfo', 'pdftotext', 'pdffonts', 'qpdf', 'gs'].filter((tool) => !hasCommand(tool));
const browser = findBrowser();

/** Text as a reader reads it: soft hyphens and hyphenated line ends joined, letter-spacing gaps kept as words. */
const readable = (text: string) => text.replace(/\u00AD/g, '').replace(/-\n\s*/g, '').replace(/\s+/g, ' ');
/** Running heads and titles are letter-spaced, which pdftotext turns into spaces between letters. */
const squeezed = (text: string) => text.replace(/[\s\u00AD]+/g, '').toLowerCase();

/** The number a folio stands for, roman (front matter) or arabic. */
function folioValue(folio: string): number {
  if (/^\d+$/.test(folio)) return Number(folio);
  const values: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100 };
  let total = 0;
  for (let i = 0; i < folio.length; i++) {
    const value = values[folio[i]!]!;
    total += value < (values[folio[i + 1] ?? ''] ?? 0) ? -value : value;
  }
  return total;
}

function roman(n: number): string {
  const numerals: Array<[number, string]> = [[10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']];
  let out = '';
  for (const [value, numeral] of numerals) for (; n >= value; n -= value) out += numeral;
  return out;
}

describe.skipIf(skipWithoutBrowser(['pdfinfo', 'pdftotext', 'pdffonts', 'pdfimages', 'qpdf', 'gs']))(
  `the print PDF of the default manuscript${tools.length ? ` (skipped: missing ${tools.join(', ')})` : ''}${browser ? '' : ' (skipped: no Chromium)'}`,
  { timeout: 120_000 },
  () => {
    const out = mkdtempSync(join(tmpdir(), 'folio-print-'));
    const pdf = join(out, PDF);
    let result: BuildResult;
    let pages = 0;
    /** Layout text of each page, 1-based. */
    const pageText: string[] = [''];
    const lines = (page: number) => pageText[page]!.split('\n').map((l) => l.trim()).filter(Boolean);
    /** The folio printed at the foot of a page, or undefined. */
    const folioOf = (page: number) => {
      const last = lines(page).at(-1) ?? '';
      return /^([ivxlc]+|\d+)$/.test(last) ? last : undefined;
    };
    const openingPage = (title: string) => {
      for (let page = 1; page <= pages; page++) if (squeezed(lines(page).slice(0, 3).join('')).startsWith(squeezed(title))) return page;
      return -1;
    };

    beforeAll(async () => {
      result = await build({ manuscript: 'manuscript', out, formats: ['pdf'], press: true, proof: true });
      pages = Number(pdfinfo(pdf).Pages);
      for (let page = 1; page <= pages; page++) {
        pageText[page] = execFileSync('pdftotext', ['-layout', '-f', String(page), '-l', String(page), pdf, '-'], { encoding: 'utf8' });
      }
    }, 120_000);

    afterAll(() => rmSync(out, { recursive: true, force: true }));

    it('builds without errors, with a preflight line naming pages, trim and fonts', () => {
      expect(result.outputs.map((o) => o.error?.message).filter(Boolean)).toEqual([]);
      expect(result.outputs[0]!.detail).toMatch(/preflight: \d+ pages, trim 432 × 648 pt, (\d+)\/\1 fonts embedded, no Type 3/);
    });

    it('is 6 × 9 in, with TrimBox and BleedBox equal to the page when no bleed is set', () => {
      expect(pdfinfo(pdf)['Page size']).toMatch(/^432 x 648 pts/);
      const boxes = execFileSync('pdfinfo', ['-box', '-f', '1', '-l', String(pages), pdf], { encoding: 'utf8' });
      const trims = [...boxes.matchAll(/TrimBox:\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)/g)].map((m) => m.slice(1).map(Number));
      expect(trims).toHaveLength(pages);
      for (const [x0, y0, x1, y1] of trims) expect([x1! - x0!, y1! - y0!]).toEqual([432, 648]);
      const json = execFileSync('qpdf', ['--json=2', '--json-key=qpdf', pdf], { encoding: 'utf8', maxBuffer: 64 << 20 });
      expect(json.match(/"\/TrimBox"/g)).toHaveLength(pages);
      expect(json.match(/"\/BleedBox"/g)).toHaveLength(pages);
    });

    it('keeps the tagged structure and sets title, author, subject and language', () => {
      const info = pdfinfo(pdf);
      expect(info.Tagged).toBe('yes');
      expect(info.Title).toContain(BOOK_TITLE);
      expect(info.Author).toBe('Liang Wenfeng');
      expect(info.Subject).toMatch(/^A translation of the July 2024 interview/);
      const catalog = execFileSync('qpdf', ['--json=2', '--json-key=qpdf', pdf], { encoding: 'utf8', maxBuffer: 64 << 20 });
      expect(catalog).toMatch(/"\/Lang": "u:en"/);
      expect(catalog).toMatch(/"\/StructTreeRoot"/);
    });

    it('numbers the front matter in roman and the body in arabic from 1, in page order', () => {
      const bodyStart = openingPage(bodyChapterTitles[0]!);
      expect(bodyStart).toBeGreaterThan(1);
      const folios = Array.from({ length: pages }, (_, i) => [i + 1, folioOf(i + 1)] as const).filter(([, f]) => f !== undefined);
      expect(folios.length).toBeGreaterThan(pages / 3);
      for (const [page, folio] of folios) {
        expect(folio, `page ${page}`).toBe(page < bodyStart ? roman(page) : String(page - bodyStart + 1));
      }
      // This book's front matter is all opening pages (no folio); the contents still shows the roman one.
      expect(readable(pageText[openingPage('Contents')]!)).toMatch(new RegExp(`${frontChapterTitles[0]} ${roman(openingPage(frontChapterTitles[0]!))}\\b`));
    });

    it('opens every chapter on an odd page, without folio or running head, and never sets a title on an even page', () => {
      for (const title of chapterTitles) {
        const page = openingPage(title);
        expect(page, title).toBeGreaterThan(0);
        expect(page % 2, `${title} opens on page ${page}`).toBe(1);
        expect(folioOf(page), `folio on the opening page of ${title}`).toBeUndefined();
      }
      for (let page = 2; page <= pages; page += 2) {
        const top = squeezed(lines(page).slice(0, 3).join(''));
        for (const title of chapterTitles) expect(top.startsWith(squeezed(title)), `${title} on page ${page}`).toBe(false);
      }
    });

    it('prints in the contents the folio each chapter starts on, and links each entry to that page', () => {
      const contents = openingPage('Contents');
      const bodyStart = openingPage(bodyChapterTitles[0]!);
      const links = internalLinks(pdf, contents);
      expect(links).toHaveLength(chapterTitles.length);
      for (const title of chapterTitles) {
        const page = openingPage(title);
        const entry = links.filter((link) => readable(link.text).startsWith(`${title} `));
        expect(entry, `the contents link of ${title}`).toHaveLength(1);
        expect(entry[0]!.destination, `the page the contents link of ${title} leads to`).toBe(page);
        const printed = /(\S+)$/.exec(readable(entry[0]!.text))![1]!;
        expect(printed, title).toBe(page < bodyStart ? roman(page) : String(page - bodyStart + 1));
        // Opening pages carry no folio: the next page of the same sequence that does, counted back, must agree.
        const end = page < bodyStart ? bodyStart : pages + 1;
        const next = Array.from({ length: end - page - 1 }, (_, i) => page + 1 + i).find((p) => folioOf(p) !== undefined);
        if (next !== undefined) expect(folioValue(printed), `${title}: page ${next} prints ${folioOf(next)}`).toBe(folioValue(folioOf(next)!) - (next - page));
      }
    });

    it('sets each footnote on the page of its call, under the text', () => {
      for (const note of NOTES) {
        const page = pageText.findIndex((text) => readable(text).includes(note.text));
        expect(page, note.text).toBeGreaterThan(0);
        const text = readable(pageText[page]!);
        expect(text, `call of “${note.text}” on page ${page}`).toMatch(new RegExp(`${note.calledAfter}\\s?\\d`));
        expect(text.indexOf(note.calledAfter)).toBeLessThan(text.indexOf(note.text.slice(0, 20)));
      }
    });

    it('runs the book title on versos and the chapter title on rectos', () => {
      let checked = 0;
      let chapter = '';
      for (let page = 1; page <= pages; page++) {
        const opening = chapterTitles.find((title) => openingPage(title) === page);
        if (opening) chapter = opening;
        if (opening || !folioOf(page) || !chapter) continue;
        const head = squeezed(lines(page)[0]!);
        expect(head, `running head of page ${page}`).toBe(squeezed(page % 2 === 0 ? BOOK_TITLE : chapter));
        checked++;
      }
      expect(checked).toBeGreaterThan(5);
    });

    it('has a bookmark for every chapter that opens at its first page', () => {
      const json = JSON.parse(execFileSync('qpdf', ['--json=2', '--json-key=outlines', pdf], { encoding: 'utf8' })) as {
        outlines: Array<{ title: string; destpageposfrom1: number; kids: unknown[] }>;
      };
      const bookmarks = new Map(json.outlines.map((o) => [o.title.replace(/\s+/g, ' '), o.destpageposfrom1]));
      for (const title of chapterTitles) expect(bookmarks.get(title), title).toBe(openingPage(title));
    });

    it('embeds every font as TrueType, none of them Type 3', () => {
      const fonts = pdffonts(pdf);
      expect(fonts.length).toBeGreaterThan(0);
      expect(fonts.filter((f) => !f.embedded || !f.subset)).toEqual([]);
      expect(fonts.filter((f) => !/TrueType/.test(f.type))).toEqual([]);
    });

    it('sets the Chinese comment in the bundled Noto Serif SC, extracting as the same characters', () => {
      const page = pageText.findIndex((text) => text.replace(/\s+/g, '').includes(CHINESE));
      expect(page).toBeGreaterThan(0);
      const fonts = execFileSync('pdffonts', ['-f', String(page), '-l', String(page), pdf], { encoding: 'utf8' });
      expect(fonts).toMatch(/NotoSerifSC\S*\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
      expect(fonts).not.toMatch(/Type 3/);
    });

    it('mirrors the margins: the wider binding margin is inside on both rectos and versos', () => {
      const inside = bindingBracket(pages).insideIn * 72;
      const outside = OUTSIDE_MARGIN_IN * 72;
      // From page 5: the half-title, title, copyright and contents pages come first.
      const margins = textBlockMargins(pdf, 50).filter(({ page }) => page >= 5);
      for (const { page, gutter, fore } of margins) {
        expect(gutter, `inside margin of page ${page}`).toBeGreaterThan(inside - 1.5);
        expect(fore, `outside margin of page ${page}`).toBeGreaterThan(outside - 1.5);
      }
      const checked = margins.length;
      expect(checked).toBeGreaterThan(5);
    });

    it('writes a PDF/X-3 press copy with an output intent and no Type 3 font', () => {
      const press = join(out, PDF.replace('.pdf', '-press.pdf'));
      expect(pdfinfo(press)['PDF subtype']).toBe('PDF/X-3:2002');
      expect(Number(pdfinfo(press).Pages)).toBe(pages);
      const json = execFileSync('qpdf', ['--json=2', '--json-key=qpdf', press], { encoding: 'utf8', maxBuffer: 64 << 20 });
      expect(json).toMatch(/"\/S": "\/GTS_PDFX"/);
      expect(pdffonts(press).filter((f) => /Type 3/.test(f.type) || !f.embedded)).toEqual([]);
    });

    it('writes a proof sheet as wide as rows of spreads', () => {
      const proof = join(out, PDF.replace('.pdf', '-proof.png'));
      expect(existsSync(proof)).toBe(true);
      const png = readFileSync(proof);
      const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
      expect(width).toBeGreaterThan(height);
      expect(width).toBeGreaterThan(6 * 2 * 100);
    });
  },
);

describe('binding margins', () => {
  it('exceed the print-on-demand minimum inside margin in every page-count bracket', () => {
    for (const bracket of BINDING_BRACKETS) expect(bracket.insideIn).toBeGreaterThan(bracket.shopMinimumIn);
    expect(OUTSIDE_MARGIN_IN).toBeGreaterThan(0.375);
  });

  it('grow at 150, 300, 500 and 700 pages', () => {
    expect([24, 150, 151, 300, 301, 500, 501, 700, 701].map((n) => bindingBracket(n).insideIn)).toEqual([
      0.75, 0.75, 0.8125, 0.8125, 0.875, 0.875, 0.9375, 0.9375, 1,
    ]);
  });
});

describe('settling the binding margin', () => {
  /** A fake layout: the page count it makes with each inside margin, and the margins it was laid out and printed with. */
  const layOutWith = (pagesFor: (insideIn: number) => number) => {
    const laidOut: number[] = [];
    const printed: Array<[number, number]> = [];
    return {
      laidOut,
      printed,
      layOut: async (bracket: (typeof BINDING_BRACKETS)[number], _pass: number, place: (pages: number) => TextBlockPlace | undefined) => {
        laidOut.push(bracket.insideIn);
        const pages = pagesFor(bracket.insideIn);
        const moved = place(pages);
        if (moved) printed.push([moved.insideIn, Number(moved.outsideIn.toFixed(4))]);
        return { pages };
      },
    };
  };

  it('lays out once, where it was laid out, when the first guess is right', async () => {
    const fake = layOutWith(() => 120);
    const settled = await settleBinding(BINDING_BRACKETS[0]!, fake.layOut);
    expect([settled.passes, fake.laidOut, fake.printed]).toEqual([1, [0.75], [[0.75, OUTSIDE_MARGIN_IN]]]);
  });

  it('moves the text block to the wider gutter, not laying out again, when the count lands a bracket higher', async () => {
    const fake = layOutWith(() => 160);
    const settled = await settleBinding(BINDING_BRACKETS[0]!, fake.layOut);
    expect([settled.passes, settled.place.bracket.insideIn, fake.laidOut, fake.printed]).toEqual([1, 0.8125, [0.75], [[0.8125, 0.5375]]]);
  });

  it('moves it to the narrower gutter when the count lands a bracket lower', async () => {
    const fake = layOutWith(() => 140);
    await settleBinding(BINDING_BRACKETS[1]!, fake.layOut);
    expect([fake.laidOut, fake.printed]).toEqual([[0.8125], [[0.75, 0.6625]]]);
  });

  it('lays out again when the count lands two brackets off, which would squeeze the outside margin', async () => {
    const fake = layOutWith((inside) => (inside === 0.75 ? 320 : 330));
    const settled = await settleBinding(BINDING_BRACKETS[0]!, fake.layOut);
    expect([settled.passes, settled.result.pages, fake.laidOut, fake.printed]).toEqual([2, 330, [0.75, 0.875], [[0.875, OUTSIDE_MARGIN_IN]]]);
  });

  it('keeps the second layout whatever it counts, so it never lays out a third time', async () => {
    // Not a count a second layout makes (a 0.125in wider gutter cannot add 400 pages): the rule that ends the loop.
    const fake = layOutWith((inside) => (inside === 0.75 ? 320 : 720));
    const settled = await settleBinding(BINDING_BRACKETS[0]!, fake.layOut);
    expect([settled.passes, fake.laidOut, fake.printed]).toEqual([2, [0.75, 0.875], [[1, 0.475]]]);
  });

  it('never leaves the outside margin under its floor nor wider than the inside one', () => {
    for (const laidOut of BINDING_BRACKETS) {
      for (const pages of [100, 200, 400, 600, 800]) {
        const place = placeTextBlock(laidOut, pages);
        if (!place) continue;
        expect(place.outsideIn).toBeGreaterThanOrEqual(MIN_MOVED_OUTSIDE_IN);
        expect(place.outsideIn).toBeLessThanOrEqual(place.insideIn);
        expect(place.insideIn + place.outsideIn).toBeCloseTo(laidOut.insideIn + OUTSIDE_MARGIN_IN, 9);
      }
    }
  });
});

describe('proof spreads', () => {
  it('put page 1 alone on the right, then facing pairs, and a last even page alone on the left', () => {
    expect(spreads(4)).toEqual([[undefined, 1], [2, 3], [4, undefined]]);
    expect(spreads(5)).toEqual([[undefined, 1], [2, 3], [4, 5]]);
  });
});

describe('print settings', () => {
  it('read a bleed with units and refuse one without', () => {
    expect(parseBleed('3mm').points).toBeCloseTo(8.504, 2);
    expect(parseBleed('0.125in').points).toBe(9);
    expect(() => parseBleed('3')).toThrow(/length with units/);
    expect(() => parseBleed('1in')).toThrow(/too large/);
  });

  it('read a timeout in seconds or minutes', () => {
    expect(parseTimeout('120s')).toBe(120_000);
    expect(parseTimeout('3min')).toBe(180_000);
    expect(parseTimeout('90')).toBe(90_000);
    expect(() => parseTimeout('2h')).toThrow(/seconds/);
  });
});
