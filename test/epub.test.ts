import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Root } from 'hast';
import { h } from 'hastscript';
import JSZip from 'jszip';
import { VFile } from 'vfile';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../src/build.js';
import { findBrowser } from '../src/browser/launch.js';
import { accessibilityMetadata } from '../src/emit/epub/accessibility.js';
import { embeddedFonts } from '../src/emit/epub/fonts.js';
import { protectFromGenerator, restoreAfterGenerator } from '../src/emit/epub/passthrough.js';
import { modifiedDate } from '../src/emit/epub/zip.js';
import { ace, type AceReport } from './helpers/ace.js';
import { epubcheck, type EpubCheckReport, skipWithoutBrowser } from './helpers/tools.js';

const browser = findBrowser();
const sampleBook = 'test/books/epub-sample';
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** EPUBCheck's findings, less CSS-028: the usage note it gives for every declaration of every embedded font. */
function findings(report: EpubCheckReport): string[] {
  return report.messages.filter((message) => message.ID !== 'CSS-028').map((message) => `${message.severity} ${message.ID}: ${message.message}`);
}

async function buildEpub(manuscript: string): Promise<{ result: BuildResult; path: string; zip: JSZip; data: Buffer }> {
  const out = mkdtempSync(join(tmpdir(), 'folio-epub-'));
  const result = await build({ manuscript, out, formats: ['epub'] });
  const output = result.outputs[0];
  if (!output || output.error) return { result, path: '', zip: new JSZip(), data: Buffer.alloc(0) };
  const data = readFileSync(output.path);
  return { result, path: output.path, zip: await JSZip.loadAsync(data), data };
}

/** EPUBCheck and Ace, the two judges every store and reading system trusts; Ace needs a browser. */
function itPassesTheValidators(epubPath: () => string, aceReport: () => Promise<AceReport> | undefined) {
  it('passes EPUBCheck with nothing but a note per embedded font declaration', () => {
    const report = epubcheck(epubPath());
    expect(findings(report)).toEqual([]);
    expect(report.fatals + report.errors + report.warnings).toBe(0);
  }, 90_000);

  it.skipIf(skipWithoutBrowser())('passes Ace by DAISY with no violations', async () => {
    const report = await aceReport()!;
    expect(report.violations).toEqual([]);
    expect(report.outcome).toBe('pass');
  }, 240_000);
}

const text = (zip: JSZip, path: string) => zip.file(`OEBPS/${path}`)!.async('string');

describe('the EPUB of the default manuscript', () => {
  let epub: Awaited<ReturnType<typeof buildEpub>>;
  let aceReport: Promise<AceReport> | undefined;
  beforeAll(async () => {
    epub = await buildEpub('manuscript');
    // Ace runs while EPUBCheck does; a rejection is caught here and rethrown by the Ace test.
    aceReport = browser ? ace(epub.path) : undefined;
    aceReport?.catch(() => undefined);
  }, 120_000);

  it('builds with no diagnostics', () => {
    expect(epub.result.outputs.map((output) => output.error?.message).filter(Boolean)).toEqual([]);
    expect(epub.result.diagnostics).toEqual([]);
  });

  itPassesTheValidators(() => epub.path, () => aceReport);

  it('keeps the metadata, notes and Chinese comments of the manuscript', async () => {
    const opf = await text(epub.zip, 'content.opf');
    expect(opf).toContain('<dc:identifier id="book-id">urn:uuid:6f1c9a52-3d1e-5b8a-9c41-2e7d0a4b8f13</dc:identifier>');
    expect(opf).toContain('<dc:language>en</dc:language>');
    expect(opf).toMatch(/<dc:creator id="contributor-1">Liang Wenfeng<\/dc:creator>\s*<meta refines="#contributor-1" property="role" scheme="marc:relators">ive<\/meta>/);
    expect(opf).toMatch(/<dc:contributor id="contributor-2">An Yong<\/dc:contributor>\s*<meta refines="#contributor-2" property="role" scheme="marc:relators">ivr<\/meta>/);
    // No image but the cover, which has alt text.
    expect(opf).toContain('<meta property="schema:accessibilitySummary">This publication has a table of contents and follows a single reading order, with a heading at the start of every chapter. Apart from the cover, it has no images.');
    const chapter = await text(epub.zip, 'more-investment-doesnt-always-fuel-more-innovation.xhtml');
    expect(chapter).toMatch(/<a [^>]*role="doc-noteref"[^>]*epub:type="noteref"[^>]*>1<\/a>/);
    expect(chapter).toMatch(/<aside [^>]*role="doc-footnote"[^>]*epub:type="footnote"/);
    const comments = await text(epub.zip, 'appendix-reader-comments.xhtml');
    expect(comments).toContain('<span lang="zh" xml:lang="zh">他成长在中国最富有的省份广东省');
  });

  it('embeds only the body face, in the subsets its text uses', () => {
    const fonts = Object.keys(epub.zip.files).filter((name) => name.startsWith('OEBPS/fonts/') && !name.endsWith('/'));
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.every((name) => /eb-garamond-latin-\d00-(normal|italic)\.woff2$/.test(name))).toBe(true);
  });
});

describe('the EPUB of the sample book', () => {
  const config = parseYaml(readFileSync(join(sampleBook, 'book.yaml'), 'utf8')) as Record<string, unknown>;
  let epub: Awaited<ReturnType<typeof buildEpub>>;
  let opf: string;
  let aceReport: Promise<AceReport> | undefined;
  beforeAll(async () => {
    epub = await buildEpub(sampleBook);
    opf = await text(epub.zip, 'content.opf');
    aceReport = browser ? ace(epub.path) : undefined;
    aceReport?.catch(() => undefined);
  }, 120_000);

  it('builds, warning only about the decorative ornament', () => {
    expect(epub.result.outputs.map((output) => output.error?.message).filter(Boolean)).toEqual([]);
    expect(epub.result.diagnostics.filter((diagnostic) => !diagnostic.reason.includes('ornament.svg'))).toEqual([]);
  });

  itPassesTheValidators(() => epub.path, () => aceReport);

  it('carries every field of book.yaml into the package document', () => {
    expect(opf).toContain(`<dc:identifier id="book-id">${config.identifier}</dc:identifier>`);
    expect(opf).toContain(`<dc:title id="title">${config.title}: ${config.subtitle}</dc:title>`);
    expect(opf).toContain(`<dc:language>${config.language}</dc:language>`);
    expect(opf).toContain(`xml:lang="${config.language}"`);
    expect(opf).toContain(`<dc:publisher>${config.publisher}</dc:publisher>`);
    expect(opf).toContain(`<dc:date>${config.date}</dc:date>`);
    expect(opf).toContain(`<dc:rights>${config.rights}</dc:rights>`);
    expect(opf).toContain(`<dc:description>${config.description}</dc:description>`);
    for (const subject of config.subjects as string[]) expect(opf).toContain(`<dc:subject>${subject}</dc:subject>`);
    const roles: Record<string, [string, string]> = { author: ['dc:creator', 'aut'], translator: ['dc:contributor', 'trl'], illustrator: ['dc:contributor', 'ill'], editor: ['dc:contributor', 'edt'] };
    for (const [index, person] of (config.contributors as Array<{ name: string; role: string }>).entries()) {
      const [element, code] = roles[person.role]!;
      const id = `contributor-${index + 1}`;
      expect(opf).toContain(`<${element} id="${id}">${person.name}</${element}>`);
      expect(opf).toContain(`<meta refines="#${id}" property="role" scheme="marc:relators">${code}</meta>`);
    }
    expect(opf).toContain('<meta property="dcterms:modified">2024-06-15T00:00:00Z</meta>');
  });

  it('declares accessibility metadata that is true of the book', () => {
    const values = (property: string) => [...opf.matchAll(new RegExp(`<meta property="${property}">([^<]*)</meta>`, 'g'))].map((match) => match[1]);
    expect(values('schema:accessMode')).toEqual(['textual', 'visual']);
    expect(values('schema:accessModeSufficient')).toEqual(['textual', 'textual,visual']);
    expect(values('schema:accessibilityFeature')).toEqual(expect.arrayContaining(['tableOfContents', 'readingOrder', 'structuralNavigation', 'alternativeText']));
    expect(values('schema:accessibilityFeature')).not.toContain('printPageNumbers');
    expect(values('schema:accessibilityHazard')).toEqual(['none']);
    // Five pictures and one repeated; the decorative ornament is not counted.
    expect(values('schema:accessibilitySummary')[0]).toContain('All 6 images have a text description.');
    expect(values('schema:accessibilitySummary')[0]).toContain('Tables have header cells.');
    expect(values('dcterms:conformsTo')).toEqual(['EPUB Accessibility 1.1 - WCAG 2.1 Level AA']);
  });

  it('carries the five image types under content-hashed names, each file once', async () => {
    const pictures = await text(epub.zip, 'pictures.xhtml');
    const sources = [...pictures.matchAll(/<img src="([^"]+)" alt="([^"]*)"\/>/g)].map((match) => ({ src: match[1]!, alt: match[2]! }));
    expect(sources).toHaveLength(7);
    expect(sources.map(({ src }) => src.split('.').pop())).toEqual(['png', 'jpg', 'svg', 'gif', 'webp', 'png', 'svg']);
    expect(sources[0]!.src).toBe(sources[5]!.src);
    for (const [index, name] of ['gradient.png', 'photo.jpg', 'diagram.svg', 'dot.gif', 'block.webp'].entries()) {
      const stored = await epub.zip.file(`OEBPS/${sources[index]!.src}`)!.async('nodebuffer');
      expect(stored.equals(readFileSync(join(sampleBook, 'images', name)))).toBe(true);
      expect(sources[index]!.src).toBe(`images/${sha256(stored).slice(0, 16)}.${name.split('.').pop()}`);
      expect(sources[index]!.alt).not.toBe('');
    }
    expect(sources[6]!.alt).toBe('');
    for (const [type, extension] of [['image/png', 'png'], ['image/jpeg', 'jpg'], ['image/svg+xml', 'svg'], ['image/gif', 'gif'], ['image/webp', 'webp']]) {
      expect(opf).toMatch(new RegExp(`href="images/[0-9a-f]{16}\\.${extension}" media-type="${type.replace('+', '\\+')}"`));
    }
    expect(opf.match(/href="images\/[0-9a-f]{16}\.png"/g)).toHaveLength(1);
  });

  it('keeps what the generator would drop: list start, column alignment, no stand-ins left', async () => {
    const chapter = await text(epub.zip, 'tables-and-lists.xhtml');
    expect(chapter).toContain('<ol start="3">');
    expect(chapter).toContain('<th class="align-center">Extension</th>');
    expect(chapter).toContain('<td class="align-right">yes</td>');
    expect(chapter).not.toMatch(/folio-img|folio-keep|image-placeholder|align="/);
    expect(chapter).toContain(
      '<pre class="highlighted"><code class="language-ts"><span class="line"><span class="hljs-comment">// Code keeps its spaces &amp; its &lt;angle brackets&gt;.</span>',
    );
  });

  it('makes notes in lists and quotes pop-up footnotes in the same file, with a way back', async () => {
    const chapter = await text(epub.zip, 'tables-and-lists.xhtml');
    for (const n of [1, 2]) {
      const id = `fn-tables-and-lists-${n}`;
      expect(chapter).toMatch(new RegExp(`<a class="noteref" href="#${id}" id="fnref-tables-and-lists-${n}" role="doc-noteref" epub:type="noteref">${n}</a>`));
      expect(chapter).toMatch(new RegExp(`<aside class="footnote" id="${id}" role="doc-footnote" epub:type="footnote">`));
      expect(chapter).toContain(`href="#fnref-tables-and-lists-${n}" role="doc-backlink"`);
    }
    expect(chapter).toMatch(/<li>Another, with a note\.<sup><a class="noteref"/);
    expect(chapter).toMatch(/<blockquote>\s*<p>A quotation with a note of its own\.<sup><a class="noteref"/);
  });

  it('marks the Chinese, Arabic and French passages with lang and xml:lang, the Arabic right to left', async () => {
    const chapter = await text(epub.zip, 'other-tongues.xhtml');
    expect(chapter).toContain('<p lang="zh-Hans" xml:lang="zh-Hans">书籍是人类进步的阶梯。</p>');
    expect(chapter).toMatch(/<p lang="ar" dir="rtl" xml:lang="ar">الكتاب خير جليس في الزمان\.<\/p>/);
    expect(chapter).toContain('<span lang="fr" xml:lang="fr">déjà vu</span>');
  });

  it('has a nested table of contents, landmarks and an NCX', async () => {
    const nav = await text(epub.zip, 'toc.xhtml');
    expect(nav).toContain('<nav epub:type="toc" role="doc-toc"');
    expect(nav).toMatch(/<li><a href="pictures.xhtml">Pictures<\/a>\s*<ol>\s*<li><a href="pictures.xhtml#a-second-section">A second section<\/a><\/li>/);
    for (const landmark of ['cover', 'toc', 'bodymatter']) expect(nav).toContain(`epub:type="${landmark}"`);
    const ncx = await text(epub.zip, 'toc.ncx');
    expect(ncx).toContain('<meta name="dtb:depth" content="2"/>');
    expect(ncx).toMatch(/<navPoint id="nav-1" playOrder="1">\s*<navLabel><text>Pictures<\/text><\/navLabel>\s*<content src="pictures.xhtml"\/>\s*<navPoint id="nav-2" playOrder="2">/);
  });

  it('draws a 1600 × 2560 PNG cover from the title and marks it as the cover image', async () => {
    expect(opf).toContain('<item id="cover-image" href="images/cover.png" media-type="image/png" properties="cover-image"/>');
    const png = await epub.zip.file('OEBPS/images/cover.png')!.async('nodebuffer');
    expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1600, 2560]);
    expect(await text(epub.zip, 'cover.xhtml')).toContain('<img role="doc-cover" src="images/cover.png" alt="Cover: A Sampler of Things in Books: Pictures, Tables and Other Tongues"/>');
  });

  it('embeds the Chinese face as well when embedFonts is all', () => {
    const fonts = Object.keys(epub.zip.files).filter((name) => name.startsWith('OEBPS/fonts/') && !name.endsWith('/'));
    expect(fonts.some((name) => name.includes('noto-serif-sc'))).toBe(true);
    expect(fonts.some((name) => name.includes('eb-garamond'))).toBe(true);
  });

  it('keeps mimetype first and stored', () => {
    expect(epub.data.subarray(30, 38).toString()).toBe('mimetype');
    expect(epub.data.readUInt16LE(8)).toBe(0);
  });

  it('builds the same bytes again in another process and time zone', () => {
    const out = mkdtempSync(join(tmpdir(), 'folio-epub-tokyo-'));
    execFileSync(join('node_modules', '.bin', 'tsx'), ['src/cli.ts', 'build', '--format', 'epub', '--manuscript', sampleBook, '--out', out, '--quiet'], {
      env: { ...process.env, TZ: 'Asia/Tokyo' },
      stdio: 'pipe',
    });
    expect(sha256(readFileSync(join(out, 'a-sampler-of-things-in-books.epub')))).toBe(sha256(epub.data));
  }, 120_000);
});

describe('manuscripts the EPUB cannot carry as they are', () => {
  it('uses the cover book.yaml names instead of drawing one', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'folio-cover-'));
    cpSync(sampleBook, folder, { recursive: true });
    writeFileSync(join(folder, 'book.yaml'), `${readFileSync(join(folder, 'book.yaml'), 'utf8')}cover: images/photo.jpg\n`);
    const epub = await buildEpub(folder);
    const opf = await text(epub.zip, 'content.opf');
    expect(opf).toContain('<item id="cover-image" href="images/cover.jpg" media-type="image/jpeg" properties="cover-image"/>');
    expect((await epub.zip.file('OEBPS/images/cover.jpg')!.async('nodebuffer')).equals(readFileSync(join(folder, 'images', 'photo.jpg')))).toBe(true);
  }, 60_000);

  it('reports a cover that does not exist at its line in book.yaml and writes nothing', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'folio-cover-'));
    writeFileSync(join(folder, 'book.yaml'), 'title: Coverless\ncover: missing.png\n');
    writeFileSync(join(folder, 'one.md'), '# One\n\nText.\n');
    const out = mkdtempSync(join(tmpdir(), 'folio-cover-out-'));
    const result = await build({ manuscript: folder, out, formats: ['epub'] });
    expect(result.ok).toBe(false);
    expect(result.diagnostics).toEqual([expect.objectContaining({ ruleId: 'image-missing', line: 2, column: 8, severity: 'error' })]);
    expect(existsSync(join(out, 'coverless.epub'))).toBe(false);
  });

  it('names the chapter, place and attribute the generator would drop', () => {
    const file = new VFile({ path: '/book/01-one.md' });
    const span = h('span', { dataMood: 'wry' }, 'text');
    span.position = { start: { line: 3, column: 5 }, end: { line: 3, column: 30 } };
    const tree: Root = h(null, [h('p', [span])]);
    expect(protectFromGenerator(tree, file)).toEqual([`${relative(process.cwd(), '/book/01-one.md')}:3:5: the \`data-mood\` attribute of <span> would be dropped from the EPUB`]);
  });

  it('carries valid attributes past the generator and puts them back', () => {
    const tree: Root = h(null, [h('ol', { start: 3, reversed: true }, [h('li', 'x')]), h('img', { src: 'images/a.png', alt: '' })]);
    expect(protectFromGenerator(tree, new VFile())).toEqual([]);
    const restored = restoreAfterGenerator('<ol class="folio-keep--start--Mw folio-keep--reversed--cmV2ZXJzZWQ"><li>x</li></ol><folio-img src="images/a.png" alt=""/>');
    expect(restored).toBe('<ol start="3" reversed="reversed"><li>x</li></ol><img src="images/a.png" alt=""/>');
  });
});

describe('accessibility metadata', () => {
  const base = { hasCoverImage: true, headingsInEveryChapter: true, usesAria: true, tables: false, footnotes: false, pageList: false };

  it('claims no alternative text, textual sufficiency or conformance when an image lacks alt text', () => {
    const metadata = accessibilityMetadata({ ...base, images: { informative: 3, missingAlt: 1, animated: false } });
    expect(metadata.features).not.toContain('alternativeText');
    expect(metadata.accessModeSufficient).toEqual(['textual,visual']);
    expect(metadata.conformsTo).toBeUndefined();
    expect(metadata.summary).toContain('1 of 3 images has no text description.');
  });

  it('declares print page numbers only with a page list, and an unknown flashing hazard for animations', () => {
    const metadata = accessibilityMetadata({ ...base, pageList: true, images: { informative: 1, missingAlt: 0, animated: true } });
    expect(metadata.features).toContain('printPageNumbers');
    expect(metadata.hazards).toEqual(['unknownFlashingHazard', 'noMotionSimulationHazard', 'noSoundHazard']);
    expect(accessibilityMetadata({ ...base, images: { informative: 0, missingAlt: 0, animated: false } }).features).not.toContain('printPageNumbers');
  });
});

describe('reproducibility and fonts', () => {
  it('dates the EPUB from SOURCE_DATE_EPOCH, else the book, never the clock', () => {
    const saved = process.env.SOURCE_DATE_EPOCH;
    try {
      delete process.env.SOURCE_DATE_EPOCH;
      expect(modifiedDate('2024-06')).toBe('2024-06-01T00:00:00Z');
      expect(modifiedDate(undefined)).toBe('2000-01-01T00:00:00Z');
      process.env.SOURCE_DATE_EPOCH = '1700000000';
      expect(modifiedDate('2024-06')).toBe('2023-11-14T22:13:20Z');
    } finally {
      if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = saved;
    }
  });

  it('embeds no font with embedFonts none, and no Chinese subset the text does not use', () => {
    expect(embeddedFonts('none', 'Hello 书')).toEqual([]);
    const all = embeddedFonts('all', 'Hello 书');
    const chinese = all.filter((font) => font.href.includes('noto-serif-sc'));
    expect(chinese.length).toBeGreaterThan(0);
    expect(chinese.length).toBeLessThanOrEqual(2);
    expect(all.every((font) => font.rule.includes(`url("${font.href}")`))).toBe(true);
  });
});
