import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../src/build.js';
import { findBrowser } from '../src/emit/browser.js';
import { epubcheck, pdffonts, pdfinfo, pdftotext } from './helpers/tools.js';

const chapterTitles = [
  'Editor’s Note',
  'How Was the First Shot in the Price War Fired?',
  'The Real Gap Lies in Originality, Not Just Time',
  'More Investment Doesn’t Always Fuel More Innovation',
  'V2 Model: Built Entirely by Homegrown Talent',
  'All Strategies Are Products of the Past',
  'Reader Comments',
];
const footnoteTexts = [
  'A quantitative investment firm and early DeepSeek backer.',
  'Mixture of Experts, an architecture that improves model efficiency',
  'Co-founder of Meituan, who briefly entered the AI race in 2023',
];
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
  });

  it('writes an EPUB that EPUBCheck passes with no errors, warnings or usage notes', () => {
    const report = epubcheck(join(out, epubName));
    expect(report.messages.map((message) => `${message.severity} ${message.ID}: ${message.message}`)).toEqual([]);
    expect(report.fatals + report.errors + report.warnings + report.usages).toBe(0);
  }, 60_000);

  it('keeps mimetype first and stored, and the metadata from book.yaml', async () => {
    const data = readFileSync(join(out, epubName));
    // The first local file header names `mimetype`, stored (method 0), so readers can sniff the type.
    expect(data.subarray(30, 38).toString()).toBe('mimetype');
    expect(data.readUInt16LE(8)).toBe(0);
    const zip = await JSZip.loadAsync(data);
    const opf = await zip.file('OEBPS/content.opf')!.async('string');
    expect(opf).toContain('<dc:identifier id="book-id">urn:uuid:6f1c9a52-3d1e-5b8a-9c41-2e7d0a4b8f13</dc:identifier>');
    expect(opf).toContain('<dc:language>en</dc:language>');
    expect(opf).toMatch(/<dc:creator id="contributor-1">Liang Wenfeng<\/dc:creator>\s*<meta refines="#contributor-1" property="role" scheme="marc:relators">ive<\/meta>/);
    expect(opf).toContain('properties="cover-image"');
    const chapter = await zip.file('OEBPS/more-investment-doesnt-always-fuel-more-innovation.xhtml')!.async('string');
    expect(chapter).toMatch(/<a [^>]*role="doc-noteref"[^>]*epub:type="noteref"[^>]*>1<\/a>/);
    expect(chapter).toMatch(/<aside [^>]*role="doc-footnote"[^>]*epub:type="footnote"/);
    const comments = await zip.file('OEBPS/appendix-reader-comments.xhtml')!.async('string');
    expect(comments).toContain('<span lang="zh">他成长在中国最富有的省份广东省');
    expect(comments.toLowerCase()).not.toContain('massage');
  });

  it('builds the same EPUB bytes twice', async () => {
    const again = mkdtempSync(join(tmpdir(), 'folio-again-'));
    await build({ manuscript: 'manuscript', out: again, formats: ['epub'] });
    expect(readFileSync(join(again, epubName)).equals(readFileSync(join(out, epubName)))).toBe(true);
  });

  describe.skipIf(!browser)('the print PDF', () => {
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
  });
});
