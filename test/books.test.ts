import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../src/build.js';
import { findBrowser } from '../src/browser/launch.js';
import { ace, type AceReport } from './helpers/ace.js';
import { epubcheck, pdffonts, pdftotext } from './helpers/tools.js';

/*
 * The real books in test/books (see its README for sources and licences), one build of each, EPUB and PDF,
 * shared by every assertion on it: a PDF layout costs half a minute to a minute on this machine.
 */
const browser = findBrowser();

interface RealBook {
  slug: string;
  direction: 'ltr' | 'rtl';
  /** The PostScript name of the face the book's language is set in, as pdffonts gives it. */
  face: RegExp;
  /** Phrases the PDF's text layer must hold in reading order (spaces and bidi controls ignored). */
  phrases: string[];
  /** EPUBCheck message ids the excerpt itself causes, with the reason; none is Folio's doing. */
  excerptFindings?: string[];
}

const books: RealBook[] = [
  { slug: 'progit-zh', direction: 'ltr', face: /NotoSerifSC/, phrases: ['直接记录快照，而非差异比较'] },
  // The Japanese chapter links to chapters 2 and 3 (`ch02-git-basics.html`), which the excerpt does not include.
  { slug: 'progit-ja', direction: 'ltr', face: /NotoSerifJP/, phrases: ['バージョン管理に関して'] },
  { slug: 'progit-ar', direction: 'rtl', face: /NotoNaskhArabic/, phrases: ['حول التحكم بالنسخ', 'ماهو التحكم بالنسخ'] },
  { slug: 'markson-he', direction: 'rtl', face: /FrankRuhl/, phrases: ['הלוח פותח בשיר הגדול', 'אחר כך הוא הולך'] },
];

/** Text as pdftotext gives it, for comparing order: no whitespace, no bidi controls pdftotext wraps RTL lines in. */
const squeeze = (text: string) => text.replace(/[\s\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, '');
/** PostScript names of the bundled faces: anything else came from a system font (DroidSansFallback, DejaVu). */
const bundledFace = /^(EBGaramond|NotoSerifSC|NotoSerifJP|NotoSansMono|NotoNaskhArabic|FrankRuhlLibre|BIZUDGothic|NotoEmoji)/;
const cjk = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\u3000-\\u303F\\uFF00-\\uFFEF';

for (const book of books) {
  describe(`the real book ${book.slug}`, () => {
    const out = mkdtempSync(join(tmpdir(), `folio-${book.slug}-`));
    let result: BuildResult;
    let epubPath = '';
    let pdfPath = '';
    let opf = '';
    let aceReport: Promise<AceReport> | undefined;

    beforeAll(async () => {
      result = await build({ manuscript: `test/books/${book.slug}`, out, formats: browser ? ['epub', 'pdf'] : ['epub'] });
      epubPath = result.outputs.find((output) => output.target === 'epub')?.path ?? '';
      pdfPath = result.outputs.find((output) => output.target === 'pdf')?.path ?? '';
      if (epubPath) opf = await (await JSZip.loadAsync(readFileSync(epubPath))).file('OEBPS/content.opf')!.async('string');
      aceReport = browser && epubPath ? ace(epubPath) : undefined;
      aceReport?.catch(() => undefined);
    }, 400_000);

    it('builds with no error, and no character left without a bundled font', () => {
      expect(result.outputs.map((output) => output.error?.message).filter(Boolean)).toEqual([]);
      expect(result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error' || diagnostic.ruleId === 'glyph-missing')).toEqual([]);
    });

    it(`declares the ${book.direction} page progression in the EPUB`, () => {
      expect(opf).toContain(`page-progression-direction="${book.direction}"`);
    });

    it('passes EPUBCheck with nothing but a note per embedded font declaration', () => {
      const report = epubcheck(epubPath);
      const expected = new Set(['CSS-028', ...(book.excerptFindings ?? [])]);
      expect(report.messages.filter((message) => !expected.has(message.ID)).map((message) => `${message.ID}: ${message.message}`)).toEqual([]);
    }, 120_000);

    it.skipIf(!browser)('passes Ace by DAISY with no violations', async () => {
      const report = await aceReport!;
      expect(report.violations).toEqual([]);
    }, 240_000);

    it.skipIf(!browser)('prints with every font embedded and none of them Type 3', () => {
      const fonts = pdffonts(pdfPath);
      expect(fonts.length).toBeGreaterThan(0);
      expect(fonts.filter((font) => !font.embedded || /Type 3/.test(font.type))).toEqual([]);
    });

    it.skipIf(!browser)('sets its text in the bundled face of its language and takes no glyph from a system font', () => {
      const names = pdffonts(pdfPath).map((font) => font.name.replace(/^[A-Z]{6}\+/, ''));
      expect(names.some((name) => book.face.test(name))).toBe(true);
      // Japanese in the Chinese face would show Chinese glyph shapes for the same code points (直, 骨, 海).
      if (book.slug === 'progit-ja') expect(names.filter((name) => /NotoSerifSC/.test(name))).toEqual([]);
      expect(names.filter((name) => !bundledFace.test(name))).toEqual([]);
    });

    it.skipIf(!browser)('gives its sentences in reading order in the text layer, with no literal emphasis marker by CJK text', () => {
      const text = pdftotext(pdfPath);
      for (const phrase of book.phrases) expect(squeeze(text)).toContain(squeeze(phrase));
      // Only markers the author wrote to be seen (escaped, `\\*`, or code such as `` `*` ``) may stand beside CJK text.
      const source = readdirSync(`test/books/${book.slug}`).filter((name) => name.endsWith('.md')).map((name) => readFileSync(join(`test/books/${book.slug}`, name), 'utf8')).join('\n');
      const meant = (source.match(/\\[*_]|`[*_]+`/g) ?? []).length;
      expect((text.match(new RegExp(`[${cjk}][*_]+|[*_]+[${cjk}]`, 'gu')) ?? []).length).toBeLessThanOrEqual(meant);
    });
  });
}
