import { readFile } from 'node:fs/promises';
import type { Element, Root } from 'hast';
import { h } from 'hastscript';
import { EPub, type Chapter as EpubChapter } from 'epub-gen-memory';
import type JSZip from 'jszip';
import { visit } from '../../../templates/util/visit.js';
import { readCover } from '../../load/assets.js';
import type { Chapter, RenderedBook, Section } from '../../types.js';
import { accessibilityMeta, accessibilityMetadata } from './accessibility.js';
import { coverPage } from './cover.js';
import { renderCoverPng } from './cover-image.js';
import { embeddedFonts } from './fonts.js';
import { collectImages } from '../../resources/images.js';
import { navigationDocument, ncxDocument, type NavEntry } from './navigation.js';
import { packageDocument, type PackageItem } from './package-document.js';
import { protectFromGenerator, restoreAfterGenerator } from './passthrough.js';
import { finishZip, modifiedDate } from './zip.js';
import { xhtmlPage, xml } from './xml.js';
import { stylesheetPath } from '../../resources/styles.js';
import { writeFileAtomic } from '../../io/write-atomic.js';
import { emitters, plural, type Emitter, type EmitOptions } from '../outputs.js';
import { stringifyHtml } from '../stringify.js';
import { headingRank } from 'hast-util-heading-rank';
import { toString } from 'hast-util-to-string';
import { bookText as generatedBookText } from '../../../templates/util/generated-text.js';
import { directionOf } from '../../../templates/util/language.js';
import { fontStackCss } from '../../resources/fonts.js';

export { modifiedDate } from './zip.js';

/** Thrown when epub-gen-memory would silently drop or rewrite content: the EPUB would not say what the manuscript says. */
export class EpubContentError extends Error {}

const sectionSemantics: Record<Section, { epubType: string; role: string }> = {
  frontmatter: { epubType: 'frontmatter foreword', role: 'doc-foreword' },
  body: { epubType: 'bodymatter chapter', role: 'doc-chapter' },
  backmatter: { epubType: 'backmatter appendix', role: 'doc-appendix' },
};

export const epubEmitter: Emitter = {
  async emit(book, outPath, options) {
    await emitEpub(book, outPath, { cache: options.cache, coverPng: options.coverPng });
    return { outputs: [outPath], detail: plural(book.chapters.length, 'chapter'), messages: [] };
  },
};

/** Builds the EPUB 3 and writes it atomically to `outPath`. Same input, same bytes. */
export async function emitEpub(book: RenderedBook, outPath: string, options: Pick<EmitOptions, 'cache' | 'coverPng'> = {}): Promise<void> {
  const { config } = book;
  const chapters = book.chapters.map((chapter) => ({ chapter, href: emitters.epub.hrefFor(chapter.id), tree: wrapChapter(chapter) }));
  const { images, facts: imageFacts, problems } = collectImages(book.root, chapters.map(({ chapter, tree }) => ({ file: chapter.file, tree })));
  const facts = {
    images: imageFacts,
    hasCoverImage: true,
    headingsInEveryChapter: book.chapters.every((chapter) => hasElement(chapter.tree, (node) => headingRank(node) !== undefined)),
    usesAria: chapters.some(({ tree }) => hasElement(tree, (node) => node.properties.role !== undefined)),
    tables: chapters.some(({ tree }) => hasElement(tree, (node) => node.tagName === 'table')),
    footnotes: book.chapters.some((chapter) => (chapter.file.data.notes?.length ?? 0) > 0),
    pageList: false,
  };
  for (const { chapter, tree } of chapters) problems.push(...protectFromGenerator(tree, chapter.file));
  if (problems.length > 0) throw new EpubContentError(`The EPUB would lose content:\n  ${problems.join('\n  ')}`);

  const cover = config.cover?.image ? readCover(book.root, config.cover.image) : { data: await (options.coverPng?.() ?? renderCoverPng(config, options.cache)), mediaType: 'image/png', extension: 'png' };
  const coverHref = `images/cover.${cover.extension}`;
  const fonts = embeddedFonts(config.epub.embedFonts, bookText(book), config.language, config.fonts);

  const text = generatedBookText(config);
  const content: EpubChapter[] = [
    { title: text.titlePage, content: stringifyHtml(book.shells.titlePage), filename: 'title-page.xhtml', beforeToc: true, excludeFromToc: true },
    { title: text.copyright, content: stringifyHtml(book.shells.copyrightPage), filename: 'copyright.xhtml', beforeToc: true, excludeFromToc: true },
    ...chapters.map(({ chapter, href, tree }) => ({ title: chapter.title, content: stringifyHtml(tree), filename: href })),
  ];
  const entries: NavEntry[] = chapters.map(({ chapter, href }) => ({ title: chapter.title, href, section: chapter.section, sections: subheadings(chapter, href) }));
  const items: PackageItem[] = [
    { id: 'cover', href: 'cover.xhtml', mediaType: 'application/xhtml+xml', spine: true, linear: false },
    { id: 'title-page', href: 'title-page.xhtml', mediaType: 'application/xhtml+xml', spine: true },
    { id: 'copyright', href: 'copyright.xhtml', mediaType: 'application/xhtml+xml', spine: true },
    { id: 'nav', href: 'toc.xhtml', mediaType: 'application/xhtml+xml', properties: 'nav', spine: true },
    ...chapters.map(({ chapter, href }) => ({ id: `ch-${chapter.id}`, href, mediaType: 'application/xhtml+xml', spine: true })),
    { id: 'ncx', href: 'toc.ncx', mediaType: 'application/x-dtbncx+xml', spine: false },
    { id: 'css', href: 'style.css', mediaType: 'text/css', spine: false },
    { id: 'cover-image', href: coverHref, mediaType: cover.mediaType, properties: 'cover-image', spine: false },
    ...images.map((image, index) => ({ id: `image-${index + 1}`, href: image.href, mediaType: image.mediaType, spine: false })),
    ...fonts.map((font, index) => ({ id: `font-${index + 1}`, href: font.href, mediaType: 'font/woff2', spine: false })),
  ];

  const modified = modifiedDate(config.date);
  const stylesheets = await Promise.all(['base.css', 'epub.css'].map((name) => readFile(stylesheetPath(name), 'utf8')));
  const warnings: string[] = [];
  const epub = new EPub(
    {
      title: config.title,
      lang: config.language,
      css: [...fonts.map((font) => font.rule), ...stylesheets, fontStackCss(config.fonts)].join('\n'),
      chapterXHTML: chapterTemplate(config.language),
      contentOPF: packageDocument(config, items, modified, accessibilityMeta(accessibilityMetadata(facts), xml)),
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
    // Everything known to be lost was handled above; this catches what a new epub-gen-memory version might add.
    const names = content.map((chapter) => chapter.filename);
    const detail = warnings.map((warning) => warning.replace(/content\[(\d+)\]/, (_, index) => names[Number(index)] ?? `content[${index}]`));
    throw new EpubContentError(`The EPUB would lose content:\n  ${detail.join('\n  ')}`);
  }

  const zip = (epub as unknown as { zip: JSZip }).zip;
  await rewriteChapters(zip, content.map((chapter) => `OEBPS/${chapter.filename}`));
  zip.file('OEBPS/cover.xhtml', coverPage(config, coverHref));
  zip.file(`OEBPS/${coverHref}`, cover.data);
  for (const image of images) zip.file(`OEBPS/${image.href}`, image.data);
  for (const font of fonts) zip.file(`OEBPS/${font.href}`, font.data);
  await writeFileAtomic(outPath, await finishZip(zip, modified));
}

/**
 * Puts back what `protectFromGenerator` carried past epub-gen-memory, and undoes its `&#x…;` escaping of every
 * non-ASCII character: valid, but it triples the size of Chinese text and makes the files unreadable to anyone
 * checking them. The characters XML itself needs stay escaped.
 */
async function rewriteChapters(zip: JSZip, paths: string[]): Promise<void> {
  for (const path of paths) {
    const file = zip.file(path);
    if (!file) continue;
    const text = restoreAfterGenerator(await file.async('string'));
    zip.file(
      path,
      text.replace(/&#x([0-9a-f]+);/gi, (reference, hex: string) => {
        const codePoint = parseInt(hex, 16);
        return codePoint < 0x80 || (codePoint >= 0xd800 && codePoint <= 0xdfff) ? reference : String.fromCodePoint(codePoint);
      }),
    );
  }
}

/** The chapter as the EPUB's own copy, wrapped in a section that says what part of the book it is. */
function wrapChapter(chapter: Chapter): Root {
  const semantics = sectionSemantics[chapter.section];
  const children = structuredClone(chapter.tree.children);
  // A chapter without a heading has nothing to be labelled by: its title (the file name) labels it instead.
  const titled = hasElement(chapter.tree, (node) => node.tagName === 'h1' && node.properties.id === chapter.id);
  const label = titled ? { 'aria-labelledby': chapter.id } : { 'aria-label': chapter.title };
  return h(null, [h('section', { 'epub:type': semantics.epubType, role: semantics.role, ...label, lang: chapter.lang, dir: directionOf(chapter.lang) }, children as never)]);
}

/** Second-level headings with ids, for the nested table of contents. */
function subheadings(chapter: Chapter, href: string): Array<{ title: string; href: string }> {
  const found: Array<{ title: string; href: string }> = [];
  visit(chapter.tree, 'element', (node: Element) => {
    if (node.tagName === 'h2' && typeof node.properties.id === 'string') found.push({ title: textContent(node), href: `${href}#${node.properties.id}` });
  });
  return found;
}

function hasElement(tree: Root, test: (node: Element) => boolean): boolean {
  let found = false;
  visit(tree, 'element', (node: Element) => {
    if (test(node)) found = true;
  });
  return found;
}

function textContent(node: Root | Element): string {
  return toString(node).trim();
}

/** Every character the book sets, to embed only the font subsets it needs. */
function bookText(book: RenderedBook): string {
  const { config } = book;
  return [config.title, config.subtitle ?? '', ...book.chapters.map((chapter) => textContent(chapter.tree)), textContent(book.shells.titlePage), textContent(book.shells.copyrightPage)].join(' ');
}

/** epub-gen-memory fills in `title` and `content` with ejs; `<%-` keeps the chapter's markup as it is. */
function chapterTemplate(language: string): string {
  return xhtmlPage({ lang: language, title: '<%= title %>', body: '<%- content %>' });
}
