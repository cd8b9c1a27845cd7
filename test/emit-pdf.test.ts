import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Element, Root } from 'hast';
import type { Page } from 'puppeteer-core';
import { h } from 'hastscript';
import { VFile } from 'vfile';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { skipWithoutBrowser } from './helpers/tools.js';
import { textBlockMargins } from './helpers/page-fill.js';
import type { BookConfig, Chapter, RenderedBook, Section } from '../src/types.js';
import { contentsPage } from '../templates/contents.js';
import { copyrightPage } from '../templates/copyright-page.js';
import { titlePage } from '../templates/title-page.js';
import { BrowserNotFoundError, findBrowser, launchBrowser } from '../src/browser/launch.js';
import { parseBleed } from '../src/config/print-options.js';
import { parseTrim } from '../src/config/trim.js';
import { buildPrintDocument, emitPdf, setPdfInfo } from '../src/emit/pdf/index.js';
import rehypeUrlBreaks, { urlBreakPoints } from '../templates/url-breaks.js';
import { stringifyHtml } from '../src/emit/stringify.js';

/* ------------------------------------------------------------ A small book, built by hand */

const WORDS = (
  'type page press ink paper margin folio quire sheet gutter measure leading line word letter serif ' +
  'compositor proof binding signature edition reader printer forme chase galley stick case fount ' +
  'spacing rhythm colour texture hand craft setting column block' +
  ' the of and a to in that it with as for on was by at from but not this which they all'
).split(' ');

/** Deterministic filler prose: `count` paragraphs of 4–7 sentences. */
function paragraphs(seed: number, count: number): string[] {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const sentence = () => {
    const length = 8 + Math.floor(next() * 12);
    const words = Array.from({ length }, () => WORDS[Math.floor(next() * WORDS.length)]);
    const text = words.join(' ');
    return text.charAt(0).toUpperCase() + text.slice(1) + '.';
  };
  return Array.from({ length: count }, () => Array.from({ length: 4 + Math.floor(next() * 4) }, sentence).join(' '));
}

const BOOK_TITLE = 'A Small Book of Type';
const FOOTNOTE_TEXT = 'Only three hundred copies were printed on the hand press.';
const FOOTNOTE_REFERENCE = 'The first edition was a small one';
const CHINESE = '他成长在中国最富有的省份广东省';

interface ChapterSpec {
  id: string;
  section: Section;
  title: string;
  /** A sentence only this chapter's first paragraph has, to find its opening page. */
  opening: string;
  paragraphs: number;
}

const CHAPTERS: ChapterSpec[] = [
  { id: 'foreword', section: 'frontmatter', title: 'Foreword', opening: 'This foreword opens the book.', paragraphs: 9 },
  { id: 'the-press', section: 'body', title: 'The Press', opening: 'The press chapter opens here.', paragraphs: 16 },
  { id: 'the-bindery', section: 'body', title: 'The Bindery, Where Folded Sheets Become a Book', opening: 'The bindery chapter opens here.', paragraphs: 14 },
];

function chapterTree(spec: ChapterSpec, index: number): Root {
  const body = paragraphs(index + 7, spec.paragraphs);
  const children: Element[] = [h('h1', { id: spec.id }, spec.title), h('p', `${spec.opening} ${body[0]}`)];
  body.slice(1).forEach((text, i) => {
    if (spec.id === 'the-press' && i === 4) {
      children.push(
        h('p', [
          `${FOOTNOTE_REFERENCE}, and it sold slowly`,
          h('span.footnote', { id: 'fn-1', role: 'doc-footnote' }, [h('span.footnote-p', FOOTNOTE_TEXT)]),
          `. ${text}`,
        ]),
      );
    } else if (spec.id === 'the-press' && i === 2) {
      children.push(h('p.turn', [h('b.speaker', 'Ada Writer:'), ` ${text}`]));
    } else if (spec.id === 'the-bindery' && i === 3) {
      children.push(h('p', ['He grew up in Guangdong (', h('span', { lang: 'zh' }, CHINESE), `). ${text}`]));
    } else if (i === 6) {
      children.push(h('h2', 'A Section Within'), h('p', text));
    } else {
      children.push(h('p', text));
    }
  });
  return { type: 'root', children };
}

function makeBook(trim = '6x9in', print: Partial<BookConfig['print']> = {}, notes: Partial<BookConfig['notes']> = {}): RenderedBook {
  // Settings other engineers add (EPUB fonts, note styles) keep their loader defaults; this book prints.
  const config = {
    title: BOOK_TITLE,
    subtitle: 'Sketches of the Printing House',
    language: 'en',
    identifier: 'urn:uuid:00000000-0000-4000-8000-000000000000',
    publisher: 'Folio Editions',
    date: '2025-02-01',
    rights: 'All rights reserved.',
    subjects: ['Printing'],
    contributors: [
      { name: 'Ada Writer', role: 'author' },
      { name: 'Ben Editor', role: 'editor' },
    ],
    frontmatter: ['foreword.md'],
    chapters: ['01-the-press.md', '02-the-bindery.md'],
    backmatter: [],
    print: { trim: parseTrim(trim), ...print },
    notes: { placement: 'page', ...notes },
  } as unknown as BookConfig;
  const chapters: Chapter[] = CHAPTERS.map((spec, i) => ({
    id: spec.id,
    section: spec.section,
    title: spec.title,
    lang: 'en',
    file: new VFile({ path: `/manuscript/${spec.id}.md`, value: '' }),
    tree: chapterTree(spec, i),
  }));
  return {
    config,
    target: 'pdf',
    root: '/manuscript',
    chapters,
    // The page shells come from the project's templates, so the print stylesheet is tried on the real markup.
    shells: {
      titlePage: titlePage(config),
      copyrightPage: copyrightPage(config),
      contents: contentsPage(chapters, { hrefFor: (entry) => `#${entry.id}` }),
    },
  };
}

/* ------------------------------------------------------------ poppler helpers */

const run = (command: string, args: string[]) => execFileSync(command, args, { encoding: 'utf8' });

const ROMAN: Array<[number, string]> = [
  [10, 'x'],
  [9, 'ix'],
  [5, 'v'],
  [4, 'iv'],
  [1, 'i'],
];
function roman(n: number): string {
  let out = '';
  for (const [value, numeral] of ROMAN) {
    while (n >= value) {
      out += numeral;
      n -= value;
    }
  }
  return out;
}

const browser = findBrowser();
const popplerMissing = (() => {
  try {
    execFileSync('pdfinfo', ['-v'], { stdio: 'ignore' });
    return false;
  } catch {
    return true;
  }
})();

describe.skipIf(skipWithoutBrowser(['pdfinfo', 'pdftotext', 'pdffonts', 'pdfimages']))(
  `emitPdf lays out a book as print (${browser ? `with ${browser.executablePath}` : 'skipped: no Chrome/Chromium found; apt-get install chromium or set PUPPETEER_EXECUTABLE_PATH'}${popplerMissing ? '; skipped: poppler-utils missing' : ''})`,
  { timeout: 180_000 },
  () => {
    let dir: string;
    let pdfPath: string;
    let pageCount: number;
    /** Text of each page, 1-based (index 0 unused), in layout mode. */
    const pageText: string[] = [];

    const pageOf = (needle: string, from = 1) => {
      for (let p = from; p < pageText.length; p++) if (pageText[p].includes(needle)) return p;
      return -1;
    };
    const lines = (p: number) =>
      pageText[p]
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
    const lastLine = (p: number) => lines(p).at(-1) ?? '';
    const firstLine = (p: number) => lines(p)[0] ?? '';

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'folio-emit-pdf-'));
      pdfPath = join(dir, 'book.pdf');
      const result = await emitPdf(makeBook(), pdfPath);
      pageCount = result.pages;
      for (let p = 1; p <= pageCount; p++) {
        pageText[p] = run('pdftotext', ['-layout', '-f', String(p), '-l', String(p), pdfPath, '-']);
      }
    }, 180_000);

    afterAll(async () => {
      if (dir && !process.env.FOLIO_KEEP_PDF) await rm(dir, { recursive: true, force: true });
      else if (dir) console.log(`kept ${pdfPath}`);
    });

    it('writes a 6 × 9 in PDF with as many pages as paged.js laid out, and no temporary file', async () => {
      const info = run('pdfinfo', [pdfPath]);
      expect(info).toMatch(/Page size:\s+432 x 648 pts/);
      expect(Number(/Pages:\s+(\d+)/.exec(info)?.[1])).toBe(pageCount);
      expect(pageCount).toBeGreaterThanOrEqual(10);
      expect(info).toMatch(new RegExp(`Title:\\s+${BOOK_TITLE}`));
      expect(info).toMatch(/Author:\s+Ada Writer\n/);
      expect(info).toMatch(/Keywords:\s+Printing\n/);
      expect(await readdir(dir)).toEqual(['book.pdf']);
    });

    it('embeds every font, none of them Type 3, including EB Garamond and Noto Serif SC', () => {
      const rows = run('pdffonts', [pdfPath]).split('\n').slice(2).filter(Boolean);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row).not.toMatch(/Type 3/);
        // Columns: name type encoding emb sub uni object ID; "emb" is the third from the end but two.
        const columns = row.trim().split(/\s+/);
        expect(columns.at(-5), row).toBe('yes');
      }
      expect(rows.some((r) => /EBGaramond/i.test(r))).toBe(true);
      expect(rows.some((r) => /NotoSerifSC/i.test(r))).toBe(true);
    });

    it('sets the Chinese text with its own glyphs', () => {
      expect(pageText.join('\n')).toContain(CHINESE);
    });

    it('opens every chapter on a right-hand (odd) page that carries its title', () => {
      for (const chapter of CHAPTERS) {
        const page = pageOf(chapter.opening);
        expect(page, chapter.title).toBeGreaterThan(0);
        expect(page % 2, `${chapter.title} opens on page ${page}`).toBe(1);
        expect(pageText[page].replace(/\s+/g, ' ')).toContain(chapter.title);
      }
    });

    it('prints no running head and no folio on chapter openers, the half title, the title page and the copyright page', () => {
      for (const chapter of CHAPTERS) {
        const page = pageOf(chapter.opening);
        // The title may wrap: its first line opens the page.
        expect(chapter.title.startsWith(firstLine(page)), `first line of page ${page}: ${firstLine(page)}`).toBe(true);
        expect(lastLine(page), `last line of page ${page}`).not.toMatch(/^[0-9ivxlc]+$/);
      }
      // Half title (letter-spaced small capitals), its blank verso, the title page, the copyright page.
      expect(lines(1).join('').replace(/\s+/g, '').toLowerCase()).toBe(BOOK_TITLE.replace(/\s+/g, '').toLowerCase());
      expect(pageText[2]!.trim()).toBe('');
      expect(lines(3)[0]).toBe(BOOK_TITLE);
      expect(pageText[4]).toContain('All rights reserved.');
      for (const page of [1, 3, 4]) expect(lastLine(page)).not.toMatch(/^[ivx]+$/);
    });

    it('leaves blank pages blank', () => {
      const blanks = pageText.slice(1).filter((t) => t.trim() === '');
      expect(blanks.length).toBeGreaterThan(0);
    });

    it('numbers the front matter in lower-case roman', () => {
      const opener = pageOf(CHAPTERS[0].opening);
      const next = opener + 1;
      expect(pageText[next]).not.toContain(CHAPTERS[1].opening);
      expect(lastLine(next)).toBe(roman(next));
    });

    it('restarts arabic folios at 1 on the first body chapter and keeps counting', () => {
      const opener = pageOf(CHAPTERS[1].opening);
      expect(lastLine(opener + 1)).toBe('2');
      expect(lastLine(opener + 2)).toBe('3');
      const second = pageOf(CHAPTERS[2].opening);
      expect(lastLine(second + 1)).toBe(String(second + 1 - opener + 1));
    });

    it('runs the book title on versos and the chapter title on rectos', () => {
      const opener = pageOf(CHAPTERS[1].opening);
      expect(firstLine(opener + 1).toLowerCase()).toBe(BOOK_TITLE.toLowerCase());
      expect(firstLine(opener + 2).toLowerCase()).toBe(CHAPTERS[1].title.toLowerCase());
    });

    it('lists each chapter in the contents with the folio of the page it starts on', () => {
      const contents = pageOf('Contents');
      expect(contents).toBe(5);
      const body = pageOf(CHAPTERS[1].opening);
      const expected: Record<string, string> = {
        [CHAPTERS[0].title]: roman(pageOf(CHAPTERS[0].opening)),
        [CHAPTERS[1].title]: '1',
        [CHAPTERS[2].title]: String(pageOf(CHAPTERS[2].opening) - body + 1),
      };
      for (const [title, folio] of Object.entries(expected)) {
        expect(pageText[contents], title).toMatch(new RegExp(`${title}\\s+${folio}\\s*$`, 'm'));
      }
    });

    it('sets the footnote at the foot of the page that calls it', () => {
      const note = pageOf(FOOTNOTE_TEXT);
      expect(note).toBeGreaterThan(0);
      expect(note).toBe(pageOf(FOOTNOTE_REFERENCE));
      const noteLines = lines(note);
      const noteLine = noteLines.findIndex((l) => l.includes(FOOTNOTE_TEXT.slice(0, 30)));
      // Below the text: only the folio may follow the note.
      expect(noteLines.length - noteLine).toBeLessThanOrEqual(2);
    });

    it('gives the PDF bookmarks from the chapter headings, spaces intact where a title wraps', () => {
      const json = JSON.parse(run('qpdf', ['--json', '--json-key=outlines', pdfPath])) as {
        outlines: Array<{ title: string; kids: unknown[] }>;
      };
      const titles: string[] = [];
      const walk = (items: Array<{ title: string; kids: unknown[] }>) => {
        for (const item of items) {
          titles.push(item.title);
          walk(item.kids as Array<{ title: string; kids: unknown[] }>);
        }
      };
      walk(json.outlines);
      for (const chapter of CHAPTERS) expect(titles).toContain(chapter.title);
    });
  },
);

describe.skipIf(skipWithoutBrowser())('emitPdf when layout takes too long', { timeout: 60_000 }, () => {
  it('throws naming the timeout, leaves no file behind and leaves a borrowed browser open', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'folio-emit-pdf-timeout-'));
    const shared = await launchBrowser();
    try {
      const out = join(dir, 'book.pdf');
      await expect(emitPdf(makeBook(), out, { browser: shared, timeoutMs: 400 })).rejects.toThrow(
        /paged\.js did not finish laying out the book within 0\.4 s \(\d+ pages so far; last chapter laid out: /,
      );
      expect(await readdir(dir)).toEqual([]);
      expect(shared.connected).toBe(true);
      expect((await shared.pages()).length).toBeLessThanOrEqual(1);
    } finally {
      await shared.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(skipWithoutBrowser())('emitPdf when printing takes too long', { timeout: 60_000 }, () => {
  it('throws naming the time limit and how to raise it, not puppeteer\'s protocolTimeout, and leaves no file behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'folio-emit-pdf-print-timeout-'));
    const shared = await launchBrowser();
    try {
      const out = join(dir, 'book.pdf');
      // What puppeteer throws when Page.printToPDF outlasts the browser's protocolTimeout (seen on an 806-page book).
      const preparePage = async (page: Page) => {
        page.pdf = () => Promise.reject(Object.assign(new Error("Page.printToPDF timed out. Increase the 'protocolTimeout' setting in launch/connect calls for a higher timeout if needed."), { name: 'ProtocolError' }));
      };
      await expect(emitPdf(makeBook(), out, { browser: shared, preparePage, timeoutMs: 60_000 })).rejects.toThrow(
        /^Chromium did not finish printing the \d+-page PDF within 60 s\. The limit is [^:]+: raise it in book\.yaml with `print: \{timeout: 30min\}`/,
      );
      expect(await readdir(dir)).toEqual([]);
    } finally {
      await shared.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('launchBrowser', () => {
  const saved = process.env.PUPPETEER_EXECUTABLE_PATH;
  afterEach(() => {
    if (saved === undefined) delete process.env.PUPPETEER_EXECUTABLE_PATH;
    else process.env.PUPPETEER_EXECUTABLE_PATH = saved;
  });

  it('refuses a PUPPETEER_EXECUTABLE_PATH that is not a program, saying how to get a browser', async () => {
    process.env.PUPPETEER_EXECUTABLE_PATH = '/nonexistent/chrome';
    const launched = launchBrowser();
    await expect(launched).rejects.toBeInstanceOf(BrowserNotFoundError);
    await expect(launched).rejects.toThrow(/apt-get install chromium[\s\S]*brew install[\s\S]*google.com\/chrome[\s\S]*PUPPETEER_EXECUTABLE_PATH/);
  });
});

describe.skipIf(skipWithoutBrowser(['pdfinfo', 'pdftotext', 'pdffonts', 'pdfimages']))('emitPdf with a bleed', { timeout: 120_000 }, () => {
  it('grows each page by the bleed, draws crop marks, sets TrimBox to the trim and BleedBox to the page, and refuses remote files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'folio-emit-pdf-bleed-'));
    try {
      const out = join(dir, 'book.pdf');
      const book = makeBook('5x8in', { bleed: parseBleed('0.125in') });
      // A remote image: the request policy refuses it, and the build says so once.
      book.chapters[1]!.tree.children.push(h('p', [h('img', { src: 'https://example.com/remote.png', alt: '' })]));
      const result = await emitPdf(book, out);
      expect(result.preflight.errors).toEqual([]);
      // Refused once, and not echoed as a load failure: the build turns it into a `resource-refused` diagnostic.
      expect(result.refused).toEqual(['https://example.com/remote.png']);
      expect(result.messages.filter((m) => m.rule !== 'resource-refused' && m.reason.includes('https://example.com/remote.png'))).toEqual([]);
      const boxes = run('pdfinfo', ['-box', '-f', '1', '-l', String(result.pages), out]);
      const box = (name: string, page: number) =>
        new RegExp(`Page\\s+${page} ${name}:\\s+(.+)`).exec(boxes)![1]!.trim().split(/\s+/).map(Number);
      for (let page = 1; page <= result.pages; page++) {
        expect(box('MediaBox', page)).toEqual([0, 0, 360 + 18, 576 + 18]);
        expect(box('BleedBox', page)).toEqual([0, 0, 378, 594]);
        expect(box('TrimBox', page)).toEqual([9, 9, 369, 585]);
      }
      // Crop marks are drawn in the bleed, outside the trim: the page's left 9 pt strip has dark pixels.
      const pgm = execFileSync('pdftoppm', ['-gray', '-r', '72', '-f', '1', '-l', '1', '-x', '0', '-y', '0', '-W', '8', '-H', '594', out]);
      const pixels = pgm.subarray(pgm.length - 8 * 594);
      expect(pixels.some((value) => value < 128)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the print document with endnotes', () => {
  const bodyOf = (html: string) => html.slice(html.indexOf('<body'));

  it('keeps notes at their call with the default placement', () => {
    expect(bodyOf(buildPrintDocument(makeBook()))).toMatch(/<span class="footnote" id="fn-1" role="doc-footnote">/);
  });

  it('moves notes to the end of their chapter with placement chapter-end, leaving the call in the text', () => {
    const html = bodyOf(buildPrintDocument(makeBook('6x9in', {}, { placement: 'chapter-end' })));
    expect(html).not.toContain('class="footnote"');
    expect(html).toMatch(/<section class="endnotes" role="doc-endnotes"><h2>Notes<\/h2><p class="endnote" id="fn-1" role="doc-endnote">/);
    expect(html.indexOf('class="endnotes"')).toBeLessThan(html.indexOf('The bindery chapter opens here.'));
  });

  it('gathers notes after the last chapter with placement book-end, with a Notes entry in the contents', () => {
    const html = bodyOf(buildPrintDocument(makeBook('6x9in', {}, { placement: 'book-end' })));
    expect(html).not.toContain('class="footnote"');
    expect(html).toMatch(/<li class="toc-backmatter"><a href="#notes" data-section="backmatter">Notes<\/a><\/li>/);
    const notes = html.indexOf('<h1 id="notes">Notes</h1>');
    expect(notes).toBeGreaterThan(html.indexOf('The bindery chapter opens here.'));
    expect(html.slice(notes)).toContain(`<h2>The Press</h2><p class="endnote" id="fn-1" role="doc-endnote"><span class="footnote-p">${FOOTNOTE_TEXT}`);
  });
});

describe('the url-breaks template', () => {
  it('puts <wbr> at a URL link text\'s break points and keeps each hyphen with what follows it', () => {
    const tree: Root = { type: 'root', children: [h('p', ['See ', h('a', { href: 'https://example.com/a-long/path' }, 'https://example.com/a-long/path'), '.'])] };
    rehypeUrlBreaks()(tree);
    expect(stringifyHtml(tree)).toBe(
      '<p>See <a href="https://example.com/a-long/path">https://<wbr>example<wbr>.com<wbr>/a<wbr><span class="url-hyphen">-l</span>ong<wbr>/path</a>.</p>',
    );
  });

  it('leaves short link texts and ordinary words alone', () => {
    const tree: Root = { type: 'root', children: [h('p', [h('a', { href: 'https://x.io' }, 'https://x.io'), h('a', { href: '#a' }, 'a well-known word')])] };
    const before = stringifyHtml(tree);
    rehypeUrlBreaks()(tree);
    expect(stringifyHtml(tree)).toBe(before);
  });
});

describe('urlBreakPoints', () => {
  it('breaks a URL after the double slash and before dots, slashes and hyphens', () => {
    expect(urlBreakPoints('https://example.com/a-long/path?x=1&y=2')).toEqual([
      'https://',
      'example',
      '.com',
      '/a',
      '-long',
      '/path',
      '?x',
      '=',
      '1',
      '&',
      'y',
      '=',
      '2',
    ]);
  });
});

describe('setPdfInfo', () => {
  it('leaves a file it cannot read as a classic PDF unchanged', () => {
    const notPdf = new TextEncoder().encode('hello');
    expect(setPdfInfo(notPdf, { Author: 'A' })).toBe(notPdf);
  });
});

describe('parseTrim', () => {
  it('knows the presets and custom sizes with units', () => {
    expect(parseTrim('6x9in')).toMatchObject({ width: '6in', height: '9in', widthPt: 432, heightPt: 648 });
    expect(parseTrim('a5')).toMatchObject({ width: '148mm', height: '210mm' });
    expect(parseTrim('royal')).toMatchObject({ width: '156mm', height: '234mm' });
    expect(parseTrim('5.5x8.5in')).toMatchObject({ width: '5.5in', height: '8.5in' });
    expect(parseTrim('6in x 9in')).toMatchObject({ width: '6in', height: '9in' });
    expect(parseTrim('170mm x 240mm')).toMatchObject({ width: '170mm', height: '240mm' });
  });

  it('rejects anything else with a message naming the presets', () => {
    expect(() => parseTrim('letter')).toThrow(/Unknown print trim size 'letter'.*6x9in/);
    expect(() => parseTrim('6 x 9')).toThrow(/Unknown print trim size/);
  });
});

/* ------------------------------------------------------------ Section breaks and long notes at page boundaries */

const ORNAMENT_LINE = /^\*\s*\*\s*\*$/;
const BREAKS = 40;
/** About 65 lines of note: more than a page holds, so it must split (a note that fits on the next page takes its call line there whole). */
const NOTE_SENTENCES = 70;
/** The marker word opening sentence `i` (1-based) of the long note: each appears once, in order. */
const noteMarker = (i: number) => `notemark${String(i).padStart(3, '0')}`;

/** A chapter of paragraphs of 1 to 12 sentences with a section break between each, then one with a long note. */
function boundaryBook(): RenderedBook {
  const book = makeBook();
  const sentences = paragraphs(101, 60).flatMap((p) => p.split(/(?<=\.) /));
  let at = 0;
  const take = (n: number) => sentences.slice(at, (at += n)).join(' ');
  // Lengths cycle through a prime-length pattern so the breaks land at ever different heights on the page.
  const lengths = [1, 5, 2, 9, 3, 12, 4, 1, 7, 2, 6, 11, 3];
  const breaks: Root = { type: 'root', children: [h('h1', { id: 'breaks' }, 'Breaks'), h('p', take(4))] };
  for (let i = 0; i < BREAKS; i++) breaks.children.push(h('hr.section-break', { role: 'separator' }), h('p', take(lengths[i % lengths.length]!)));
  const note = Array.from({ length: NOTE_SENTENCES }, (_, i) => `${noteMarker(i + 1)} ${paragraphs(300 + i, 1)[0]!.split('. ')[0]}.`);
  const notes: Root = {
    type: 'root',
    children: [
      h('h1', { id: 'long-note' }, 'A Long Note'),
      ...paragraphs(77, 2).map((text) => h('p', text)),
      // The call ends a long paragraph, in the lower half of the chapter's first page.
      h('p', [
        `${paragraphs(76, 2).join(' ')} The long note is called here`,
        h('sup.note-call', '1'),
        h('span.footnote', { id: 'fn-long-1', role: 'doc-footnote' }, [h('span.footnote-p', [h('span.note-number', '1.'), ` ${note.join(' ')}`])]),
        ` and the paragraph goes on. ${paragraphs(78, 1)[0]}`,
      ]),
      ...paragraphs(79, 4).map((text) => h('p', text)),
    ],
  };
  const chapter = (id: string, title: string, tree: Root): Chapter => ({
    id,
    section: 'body',
    title,
    lang: 'en',
    file: new VFile({ path: `/manuscript/${id}.md`, value: '' }),
    tree,
  });
  book.chapters = [chapter('breaks', 'Breaks', breaks), chapter('long-note', 'A Long Note', notes)];
  book.shells.contents = contentsPage(book.chapters, { hrefFor: (entry) => `#${entry.id}` });
  return book;
}

describe.skipIf(skipWithoutBrowser(['pdfinfo', 'pdftotext', 'pdffonts', 'pdfimages']))('emitPdf at page boundaries', { timeout: 180_000 }, () => {
  let dir: string;
  let pdfPath: string;
  const pageText: string[] = [];
  let documentText = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'folio-emit-pdf-boundaries-'));
    pdfPath = join(dir, 'book.pdf');
    const result = await emitPdf(boundaryBook(), pdfPath);
    for (let p = 1; p <= result.pages; p++) pageText[p] = run('pdftotext', ['-layout', '-f', String(p), '-l', String(p), pdfPath, '-']);
    documentText = run('pdftotext', [pdfPath, '-']).replace(/\s+/g, ' ');
  }, 180_000);

  afterAll(async () => {
    if (dir && !process.env.FOLIO_KEEP_PDF) await rm(dir, { recursive: true, force: true });
    else if (dir) console.log(`kept ${pdfPath}`);
  });

  /** The text lines of a page's text area: without the running head and the folio. */
  const bodyLines = (p: number) => {
    const lines = pageText[p]!.split('\n').map((l) => l.trim()).filter(Boolean);
    if (lines.length && [BOOK_TITLE, 'Breaks', 'A Long Note'].some((head) => head.toLowerCase() === lines[0]!.toLowerCase())) lines.shift();
    if (lines.length && /^([0-9]+|[ivxlc]+)$/.test(lines.at(-1)!)) lines.pop();
    return lines;
  };

  it('never leaves a section-break ornament at the top or the foot of a page', () => {
    let ornaments = 0;
    const stranded: string[] = [];
    for (let p = 1; p < pageText.length; p++) {
      const lines = bodyLines(p);
      lines.forEach((line, i) => {
        if (!ORNAMENT_LINE.test(line)) return;
        ornaments++;
        if (i === 0) stranded.push(`page ${p}: at the top`);
        if (i === lines.length - 1) stranded.push(`page ${p}: at the foot`);
      });
    }
    expect(ornaments).toBe(BREAKS);
    expect(stranded).toEqual([]);
  });

  it('draws the ornament in EB Garamond, with no fallback font', () => {
    const rows = run('pdffonts', [pdfPath]).split('\n').slice(2).filter(Boolean);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatch(/EBGaramond/i);
  });

  it('continues a footnote too long for its page on the next page, losing nothing', () => {
    const callPage = pageText.findIndex((t) => t?.includes('The long note is called here'));
    expect(callPage).toBeGreaterThan(0);
    expect(pageText[callPage]).toContain(noteMarker(1));
    expect(pageText[callPage]).not.toContain(noteMarker(NOTE_SENTENCES));
    expect(pageText[callPage + 1]).toContain(noteMarker(NOTE_SENTENCES));
    const positions = Array.from({ length: NOTE_SENTENCES }, (_, i) => documentText.indexOf(noteMarker(i + 1)));
    expect(positions.every((at) => at >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    for (let i = 1; i <= NOTE_SENTENCES; i++) expect(documentText.split(noteMarker(i)).length - 1, noteMarker(i)).toBe(1);
  });
});

/* ------------------------------------------------------------ The binding margin settled in one layout */

/**
 * Many short chapters, each opening on a recto and running onto its verso: few characters for the pages they
 * take, so the page-count guess (estimatePages) says under 150 pages and the layout makes more.
 */
function manyChaptersBook(count: number): RenderedBook {
  const book = makeBook();
  book.chapters = Array.from({ length: count }, (_, i): Chapter => {
    const id = `chapter-${i + 1}`;
    return {
      id,
      section: 'body',
      title: `Chapter ${i + 1}`,
      lang: 'en',
      file: new VFile({ path: `/manuscript/${id}.md`, value: '' }),
      tree: { type: 'root', children: [h('h1', { id }, `Chapter ${i + 1}`), ...paragraphs(500 + i, 6).map((text) => h('p', text))] },
    };
  });
  book.shells.contents = contentsPage(book.chapters, { hrefFor: (entry) => `#${entry.id}` });
  return book;
}

describe.skipIf(skipWithoutBrowser(['pdfinfo', 'pdftotext']))('emitPdf when the page count crosses a binding-margin bracket', { timeout: 240_000 }, () => {
  let dir: string;
  let pdfPath: string;
  let result: Awaited<ReturnType<typeof emitPdf>>;
  let layouts = 0;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'folio-emit-pdf-binding-'));
    pdfPath = join(dir, 'book.pdf');
    result = await emitPdf(manyChaptersBook(76), pdfPath, { onProgress: (p) => (layouts = Math.max(layouts, p.pass)) });
  }, 240_000);

  afterAll(async () => {
    if (dir && !process.env.FOLIO_KEEP_PDF) await rm(dir, { recursive: true, force: true });
    else if (dir) console.log(`kept ${pdfPath}`);
  });

  it('lays the book out once, though it was guessed under 150 pages and makes more', () => {
    expect(result.pages).toBeGreaterThan(150);
    expect(result.pages).toBeLessThanOrEqual(300);
    expect(result.passes).toBe(1);
    expect(layouts).toBeLessThanOrEqual(1);
    expect([result.binding.insideIn, result.outsideIn]).toEqual([0.8125, 0.5375]);
  });

  it('moves the text block to the wider gutter on rectos and versos alike, keeping its width', () => {
    const inside = 0.8125 * 72;
    const outside = 0.5375 * 72;
    // The text area, without the running head and the folio; justified lines reach both edges of the block.
    const margins = textBlockMargins(pdfPath, 100);
    for (const { page, gutter, fore } of margins) {
      expect(gutter, `inside margin of page ${page}`).toBeCloseTo(inside, 0);
      expect(fore, `outside margin of page ${page}`).toBeCloseTo(outside, 0);
    }
    const checked = margins.length;
    expect(checked).toBeGreaterThan(100);
  });
});
