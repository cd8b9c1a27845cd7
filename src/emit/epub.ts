import { readFile } from 'node:fs/promises';
import type { Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { h } from 'hastscript';
import { EPub, type Chapter as EpubChapter } from 'epub-gen-memory';
import type JSZip from 'jszip';
import type { Chapter, RenderedBook, Section } from '../types.js';
import { coverPage, coverSvg } from './epub/cover.js';
import { navigationDocument, ncxDocument, type NavEntry } from './epub/navigation.js';
import { packageDocument, type PackageItem } from './epub/package-document.js';
import { xhtmlPage } from './epub/xml.js';
import { stylesheetPath } from './styles.js';
import { writeFileAtomic } from './write-atomic.js';

/** Thrown when epub-gen-memory would silently drop or rewrite content: the EPUB would not say what the manuscript says. */
export class EpubContentError extends Error {}

const sectionSemantics: Record<Section, { epubType: string; role: string }> = {
  frontmatter: { epubType: 'frontmatter foreword', role: 'doc-foreword' },
  body: { epubType: 'bodymatter chapter', role: 'doc-chapter' },
  backmatter: { epubType: 'backmatter appendix', role: 'doc-appendix' },
};

/** Builds the EPUB 3 and writes it atomically to `outPath`. Same input, same bytes. */
export async function emitEpub(book: RenderedBook, outPath: string): Promise<void> {
  const { config } = book;
  const chapterFiles = book.chapters.map((chapter) => ({ chapter, href: `${chapter.id}.xhtml` }));
  const shells: EpubChapter[] = [
    { title: 'Title Page', content: toHtml(book.shells.titlePage), filename: 'title-page.xhtml', beforeToc: true, excludeFromToc: true },
    { title: 'Copyright', content: toHtml(book.shells.copyrightPage), filename: 'copyright.xhtml', beforeToc: true, excludeFromToc: true },
  ];
  const content: EpubChapter[] = [
    ...shells,
    ...chapterFiles.map(({ chapter, href }) => ({ title: chapter.title, content: toHtml(wrapChapter(chapter)), filename: href })),
  ];

  const entries: NavEntry[] = chapterFiles.map(({ chapter, href }) => ({ title: chapter.title, href, section: chapter.section }));
  const items: PackageItem[] = [
    { id: 'cover', href: 'cover.xhtml', mediaType: 'application/xhtml+xml', spine: true, linear: false },
    { id: 'title-page', href: 'title-page.xhtml', mediaType: 'application/xhtml+xml', spine: true },
    { id: 'copyright', href: 'copyright.xhtml', mediaType: 'application/xhtml+xml', spine: true },
    { id: 'nav', href: 'toc.xhtml', mediaType: 'application/xhtml+xml', properties: 'nav', spine: true },
    ...chapterFiles.map(({ chapter, href }) => ({ id: `ch-${chapter.id}`, href, mediaType: 'application/xhtml+xml', spine: true })),
    { id: 'ncx', href: 'toc.ncx', mediaType: 'application/x-dtbncx+xml', spine: false },
    { id: 'css', href: 'style.css', mediaType: 'text/css', spine: false },
    { id: 'cover-image', href: 'images/cover.svg', mediaType: 'image/svg+xml', properties: 'cover-image', spine: false },
  ];

  const modified = modifiedDate(config.date);
  const warnings: string[] = [];
  const epub = new EPub(
    {
      title: config.title,
      lang: config.language,
      css: (await Promise.all(['base.css', 'epub.css'].map((name) => readFile(stylesheetPath(name), 'utf8')))).join('\n'),
      chapterXHTML: chapterTemplate(config.language),
      contentOPF: packageDocument(config, items, modified),
      tocXHTML: navigationDocument(config, entries, { cover: 'cover.xhtml' }),
      tocNCX: ncxDocument(config, entries),
      version: 3,
      ignoreFailedDownloads: false,
      verbose: (type, ...args) => {
        if (type === 'warn') warnings.push(args.map(String).join(' '));
      },
    },
    content,
  );
  await epub.render();
  if (warnings.length > 0) {
    const names = content.map((chapter) => chapter.filename);
    const detail = warnings.map((warning) => warning.replace(/content\[(\d+)\]/, (_, index) => names[Number(index)] ?? `content[${index}]`));
    throw new EpubContentError(`The EPUB would lose content:\n  ${detail.join('\n  ')}`);
  }

  const zip = (epub as unknown as { zip: JSZip }).zip;
  await decodeCharacterReferences(zip, content.map((chapter) => `OEBPS/${chapter.filename}`));
  zip.file('OEBPS/cover.xhtml', coverPage(config, 'images/cover.svg'));
  zip.file('OEBPS/images/cover.svg', coverSvg(config));
  const entryDate = new Date(modified);
  for (const file of Object.values(zip.files)) file.date = entryDate;
  const data = await zip.generateAsync({
    type: 'nodebuffer',
    mimeType: 'application/epub+zip',
    compression: 'DEFLATE',
    compressionOptions: { level: 9 },
    platform: 'UNIX',
  });
  await writeFileAtomic(outPath, data);
}

/**
 * epub-gen-memory serialises chapters with every non-ASCII character as `&#x…;`. Valid, but it triples the
 * size of Chinese text and makes the files unreadable to anyone checking them, so UTF-8 is restored.
 * The five characters XML itself needs stay escaped.
 */
async function decodeCharacterReferences(zip: JSZip, paths: string[]): Promise<void> {
  for (const path of paths) {
    const file = zip.file(path);
    if (!file) continue;
    const text = await file.async('string');
    zip.file(
      path,
      text.replace(/&#x([0-9a-f]+);/gi, (reference, hex: string) => {
        const codePoint = parseInt(hex, 16);
        return codePoint < 0x80 || (codePoint >= 0xd800 && codePoint <= 0xdfff) ? reference : String.fromCodePoint(codePoint);
      }),
    );
  }
}

function wrapChapter(chapter: Chapter): Root {
  const semantics = sectionSemantics[chapter.section];
  return h(null, [
    h('section', { 'epub:type': semantics.epubType, role: semantics.role, 'aria-labelledby': chapter.id, lang: chapter.lang }, chapter.tree.children as never),
  ]);
}

/** epub-gen-memory fills in `title` and `content` with ejs; `<%-` keeps the chapter's markup as it is. */
function chapterTemplate(language: string): string {
  return xhtmlPage({ lang: language, title: '<%= title %>', body: '<%- content %>' });
}

/**
 * `dcterms:modified` and zip entry times: `SOURCE_DATE_EPOCH` when set (reproducible-builds convention),
 * else the book's date, else a fixed epoch, never the clock, so two builds give the same bytes.
 */
export function modifiedDate(date: string | undefined): string {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  const base = epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date(`${(date ?? '2000-01-01').padEnd(10, '-01').slice(0, 10)}T00:00:00Z`);
  return base.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
