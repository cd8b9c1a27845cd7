import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Element, ElementContent, Root, RootContent } from 'hast';
import { visit } from '../../../templates/util/visit.js';
import { halfTitlePage } from '../../../templates/half-title-page.js';
import { principalNames } from '../../../templates/util/contributors.js';
import { directionOf, primaryLanguage } from '../../../templates/util/language.js';
import { bookText as generatedBookText } from '../../../templates/util/generated-text.js';
import { textOf } from '../../../templates/util/text.js';
import type { Chapter, RenderedBook } from '../../types.js';
import { fontFaceCss, fontStackCss } from '../../resources/fonts.js';
import { IN_PAGE_HANDLERS, IN_PAGE_SETUP, pagedPolyfillPath } from './in-page.js';
import { IN_PAGE_TABLES } from './in-page-tables.js';
import { resolveInManuscript } from '../../load/inside.js';
import { BINDING_BRACKETS, OUTSIDE_MARGIN_IN } from './margins.js';
import { cssString } from '../../resources/css-string.js';
import { PACKAGE_ROOT } from '../../package-root.js';
import { stringifyHtml } from '../stringify.js';
import { headingRank } from 'hast-util-heading-rank';
import { isElement } from 'hast-util-is-element';
import { hasClass } from '../../../templates/util/class-name.js';

const STYLES_DIR = join(PACKAGE_ROOT, 'styles');

/** Page geometry decided by the emitter rather than the stylesheet: it depends on the page count. */
export interface PrintLayout {
  /** Inside (binding) margin in inches. */
  insideIn: number;
  /** Outside margin in inches. */
  outsideIn: number;
  /** Keep every figure where it is called instead of deferring the ones that do not fit (the fallback layout). */
  keepFiguresInFlow?: boolean;
}

export const DEFAULT_LAYOUT: PrintLayout = { insideIn: BINDING_BRACKETS[0]!.insideIn, outsideIn: OUTSIDE_MARGIN_IN };

/** The id of the book-end notes section, for its contents entry. */
const BOOK_NOTES_ID = 'notes';

function element(tagName: string, properties: Element['properties'], children: ElementContent[] = []): Element {
  return { type: 'element', tagName, properties, children };
}

function text(value: string): ElementContent {
  return { type: 'text', value };
}


/** A copy of a tree with images resolved against the manuscript folder (not the temporary page). */
function withResolvedImages<T extends Root | Element>(node: T, root: string): T {
  const copy = structuredClone(node);
  const walk = (n: Root | Element) => {
    for (const child of n.children) {
      if (!isElement(child)) continue;
      if (child.tagName === 'img' && typeof child.properties.src === 'string') {
        const src = child.properties.src;
        if (!/^[a-z][a-z0-9+.-]*:/i.test(src) && !src.startsWith('//') && !src.startsWith('#')) {
          // The same resolution as `check`: `?`/`#` dropped, a stray `%` kept as part of the name.
          child.properties.src = pathToFileURL(resolveInManuscript(root, src).path).href;
        }
      }
      walk(child);
    }
  };
  walk(copy);
  return copy;
}

/**
 * Takes the print notes (`span.footnote`, placed at their call by the footnotes template) out of a chapter
 * and returns them as endnote paragraphs; the superior call numbers stay in the text.
 */
function takeNotes(tree: Root): Element[] {
  const notes: Element[] = [];
  const walk = (n: Root | Element) => {
    n.children = n.children.filter((child) => {
      if (!isElement(child)) return true;
      if (child.tagName === 'span' && hasClass(child, 'footnote')) {
        notes.push(element('p', { className: ['endnote'], id: child.properties.id, role: 'doc-endnote' }, child.children));
        return false;
      }
      walk(child);
      return true;
    }) as typeof n.children;
  };
  walk(tree);
  return notes;
}

/**
 * Prepares the contents shell (on a copy) for print.css: each link gets the section of the chapter it points to,
 * so its page number is set roman or arabic, and the nav gets `data-chapter-title` (its heading) for running heads.
 */
function prepareContents(contents: Root, chapters: Chapter[], extra: Array<{ id: string; title: string }>): Root {
  const sections = new Map(chapters.map((c) => [c.id, c.section]));
  for (const entry of extra) sections.set(entry.id, 'backmatter');
  const copy = structuredClone(contents);
  const walk = (n: Root | Element) => {
    for (const child of n.children) {
      if (!isElement(child)) continue;
      if (child.tagName === 'nav' && child.properties.dataChapterTitle === undefined) {
        const heading = child.children.find((c): c is Element => isElement(c) && headingRank(c) !== undefined);
        if (heading) child.properties.dataChapterTitle = textOf(heading).replace(/\s+/g, ' ').trim();
      }
      if (child.tagName === 'ol' && extra.length > 0 && n.type === 'element' && n.tagName === 'nav') {
        for (const entry of extra) {
          child.children.push(element('li', { className: ['toc-backmatter'] }, [element('a', { href: `#${entry.id}` }, [text(entry.title)])]));
        }
        extra = [];
      }
      const href = child.properties.href;
      if (child.tagName === 'a' && typeof href === 'string' && href.startsWith('#')) {
        const section = sections.get(decodeURIComponent(href.slice(1)));
        if (section) child.properties.dataSection = section;
      }
      walk(child);
    }
  };
  walk(copy);
  return copy;
}

function readOptionalStyle(name: string): string | undefined {
  const path = join(STYLES_DIR, name);
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

/** The rules that depend on the book and the page count: trim, bleed and marks, mirrored margins, the title. */
function bookCss(book: RenderedBook, layout: PrintLayout): string {
  const { trim, bleed } = book.config.print;
  const inside = `${layout.insideIn}in`;
  const outside = `${layout.outsideIn}in`;
  const rtl = directionOf(book.config.language) === 'rtl';
  const [rectoGutter, rectoOutside] = rectoSides(book);
  return [
    `@page { size: ${trim.width} ${trim.height};${bleed && bleed.points > 0 ? ` bleed: ${bleed.css}; marks: crop;` : ''} }`,
    `@page :right { margin-${rectoGutter}: ${inside}; margin-${rectoOutside}: ${outside}; }`,
    `@page :left { margin-${rectoOutside}: ${inside}; margin-${rectoGutter}: ${outside}; }`,
    ...folioRules(book.config.language, rtl),
    // Running heads, folios and the notes live outside the sections, in paged.js's page boxes.
    ...(rtl ? ['.pagedjs_margin-content, .pagedjs_footnote_area { direction: rtl; }', '.pagedjs_footnote_content { background-position: right top !important; }'] : []),
    `:root { --folio-book-title: ${cssString(book.config.title)}; }`,
  ].join('\n');
}

/**
 * paged.js calls odd pages `:right` whatever the direction: they are the rectos. A right-to-left book is bound on
 * the right, so its rectos lie on the left of the spread: the gutter and the folios' outside corner change sides.
 * Returns the side of a recto's gutter, then of its outside margin.
 */
function rectoSides(book: RenderedBook): ['left' | 'right', 'left' | 'right'] {
  return directionOf(book.config.language) === 'rtl' ? ['right', 'left'] : ['left', 'right'];
}

/**
 * CSS that moves the text block of every laid-out page sideways to other mirrored margins of the same sum (the
 * margins paged.js turned the `@page` rules into): the block keeps its width, so no line breaks differently.
 * Added after layout, once the page count has said which binding margin the book needs (margins.ts).
 */
export function textBlockCss(book: RenderedBook, layout: PrintLayout): string {
  const [rectoGutter, rectoOutside] = rectoSides(book);
  const inside = `${layout.insideIn}in !important`;
  const outside = `${layout.outsideIn}in !important`;
  return [
    `.pagedjs_page.pagedjs_right_page { --pagedjs-margin-${rectoGutter}: ${inside}; --pagedjs-margin-${rectoOutside}: ${outside}; }`,
    `.pagedjs_page.pagedjs_left_page { --pagedjs-margin-${rectoOutside}: ${inside}; --pagedjs-margin-${rectoGutter}: ${outside}; }`,
  ].join('\n');
}

/**
 * Folios in the outside corner, in the numerals the language reads (Arabic-Indic digits for Arabic), roman in
 * the front matter only where the language uses roman numerals. Replaces print.css's left-to-right defaults.
 */
function folioRules(language: string, rtl: boolean): string[] {
  const body = bodyNumerals(language);
  const front = body === 'decimal' ? 'lower-roman' : body;
  if (!rtl && body === 'decimal') return [];
  const [rectoCorner, versoCorner] = rtl ? ['left', 'right'] : ['right', 'left'];
  const rules: string[] = [];
  for (const [page, style] of [['front', front], ['body', body]] as const) {
    rules.push(
      `@page ${page}:right { @bottom-${rectoCorner} { content: counter(page, ${style}); } @bottom-${versoCorner} { content: none; } }`,
      `@page ${page}:left { @bottom-${versoCorner} { content: counter(page, ${style}); } @bottom-${rectoCorner} { content: none; } }`,
    );
  }
  // Opening and blank pages stay bare: these rules must again come after the ones above, as in print.css.
  for (const page of ['front:first', 'body:first', ':blank']) rules.push(`@page ${page} { @bottom-left { content: none; } @bottom-right { content: none; } }`);
  rules.push(
    `nav.contents a::after { content: target-counter(attr(href url), page, ${body}); }`,
    `nav.contents a[data-section='frontmatter']::after { content: target-counter(attr(href url), page, ${front}); }`,
  );
  return rules;
}

/** The CSS counter style of a language's everyday numerals. */
export function bodyNumerals(language: string): string {
  return ({ ar: 'arabic-indic', fa: 'persian', ur: 'persian', ps: 'persian' } as Record<string, string>)[primaryLanguage(language)] ?? 'decimal';
}

/** Assembles the one HTML document paged.js lays out. Exported for the preview and for tests. */
/** Blocks whose text the layout check counts, and notes, which paged.js moves out of their paragraph. */
const COUNTED = new Set(['p', 'li', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'td', 'th', 'pre', 'figcaption', 'dt', 'dd']);

/**
 * Marks each counted block (and each note) with `data-source="<chapter index>:<line>:<column>"`, copied by paged.js
 * onto every piece a block is split into: after layout, the page compares the text it laid out under each mark
 * with the text it was given (`IN_PAGE_SETUP`), and names the first block that lost some by its manuscript line.
 */
function markSourcePlaces(tree: Root, chapterIndex: number): void {
  visit(tree, 'element', (node) => {
    const start = node.position?.start;
    if (!start || !(COUNTED.has(node.tagName) || (node.tagName === 'span' && hasClass(node, 'footnote')))) return;
    node.properties.dataSource = `${chapterIndex}:${start.line}:${start.column}`;
  });
}

export function buildPrintDocument(book: RenderedBook, layout: PrintLayout = DEFAULT_LAYOUT): string {
  const { config } = book;
  const placement = config.notes?.placement ?? 'page';
  const notesHeading = generatedBookText(config).notes;

  const chapterSections: Element[] = [];
  const bookNotes: ElementContent[] = [];
  book.chapters.forEach((chapter, index) => {
    const tree = withResolvedImages(chapter.tree, book.root);
    markSourcePlaces(tree, index + 1);
    const children = tree.children.filter((c): c is ElementContent => c.type !== 'doctype');
    if (placement !== 'page') {
      const notes = takeNotes(tree);
      if (notes.length > 0 && placement === 'chapter-end') {
        children.push(element('section', { className: ['endnotes'], role: 'doc-endnotes' }, [element('h2', {}, [text(notesHeading)]), ...notes]));
      } else if (notes.length > 0) {
        bookNotes.push(element('h2', {}, [text(chapter.title)]), ...notes);
      }
    }
    chapterSections.push(
      element(
        'section',
        // A chapter without a heading has no element with its id: the section carries it, for the contents' link.
        { id: hasId(chapter.tree, chapter.id) ? undefined : chapter.id, className: ['chapter', chapter.section], dataChapterTitle: chapter.title, dataChapterIndex: index + 1, lang: chapter.lang, dir: chapterDirection(chapter.lang, config.language) },
        children,
      ),
    );
  });
  const extraEntries: Array<{ id: string; title: string }> = [];
  if (bookNotes.length > 0) {
    extraEntries.push({ id: BOOK_NOTES_ID, title: notesHeading });
    chapterSections.push(
      element('section', { className: ['chapter', 'backmatter', 'endnotes'], role: 'doc-endnotes', dataChapterTitle: notesHeading }, [
        element('h1', { id: BOOK_NOTES_ID }, [text(notesHeading)]),
        ...bookNotes,
      ]),
    );
  }

  const body: ElementContent[] = [];
  const pushShell = (shell: Root) => {
    for (const child of withResolvedImages(shell, book.root).children) {
      if (child.type !== 'doctype') body.push(child as ElementContent);
    }
  };
  // The half title is print-only: it opens the bound book, before the title page (the EPUB starts at the title).
  // A document without a title page (the preview's one-chapter print view) gets none either.
  if (book.shells.titlePage.children.length > 0) pushShell(halfTitlePage(config));
  pushShell(book.shells.titlePage);
  pushShell(book.shells.copyrightPage);
  pushShell(prepareContents(book.shells.contents, book.chapters, extraEntries));
  body.push(...chapterSections);

  const bookText = stringifyHtml({ type: 'root', children: body });
  const baseCss = readOptionalStyle('base.css');
  const printCss = readOptionalStyle('print.css');
  if (printCss === undefined) throw new Error(`The print stylesheet is missing: ${join(STYLES_DIR, 'print.css')}`);

  // Stylesheets go inline: paged.js fetches linked sheets with XMLHttpRequest, which Chromium refuses for file:// pages.
  const head: ElementContent[] = [
    element('meta', { charSet: 'utf-8' }),
    element('title', {}, [text(config.subtitle ? `${config.title}: ${config.subtitle}` : config.title)]),
    element('meta', { name: 'author', content: principalNames(config.contributors).join(', ') }),
    element('meta', { name: 'generator', content: 'Folio' }),
    element('style', { dataFolio: 'fonts' }, [text(fontFaceCss({ text: bookText, fonts: config.fonts }))]),
    ...(baseCss ? [element('style', { dataFolio: 'styles/base.css' }, [text(baseCss)])] : []),
    element('style', { dataFolio: 'styles/print.css' }, [text(printCss)]),
    element('style', { dataFolio: 'font-stacks' }, [text(fontStackCss(config.fonts))]),
    element('style', { dataFolio: 'book' }, [text(bookCss(book, layout))]),
    element('script', {}, [text(IN_PAGE_SETUP)]),
    element('script', { src: pathToFileURL(pagedPolyfillPath()).href }),
    element('script', {}, [text(IN_PAGE_HANDLERS)]),
    element('script', {}, [text(IN_PAGE_TABLES)]),
  ];

  // The direction goes on the book's sections, not on <html>: paged.js finds where a page overflows by measuring
  // to the right, and in a right-to-left root the overflow runs left, unseen, and the rest of the chapter is lost.
  const direction = directionOf(config.language);
  for (const child of body) if (child.type === 'element' && child.properties.dir === undefined) child.properties.dir = direction;
  const html = element('html', { lang: config.language, dataFolioFiguresInFlow: layout.keepFiguresInFlow ? '' : undefined }, [element('head', {}, head), element('body', {}, body)]);
  return stringifyHtml({ type: 'root', children: [{ type: 'doctype' }, html] });
}

/** A chapter in another direction than the book says so; otherwise it inherits the document's. */
function chapterDirection(chapterLanguage: string, bookLanguage: string): 'ltr' | 'rtl' | undefined {
  const direction = directionOf(chapterLanguage);
  return direction === directionOf(bookLanguage) ? undefined : direction;
}

function hasId(tree: Root, id: string): boolean {
  let found = false;
  visit(tree, 'element', (node: Element) => {
    if (node.properties.id === id) found = true;
  });
  return found;
}
