import type { ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import { screenChapterPage, screenIndexPage, type ScreenBook } from '../../templates/screen-page.js';
import { contentsPage } from '../../templates/contents.js';
import { titlePage } from '../../templates/title-page.js';
import { bookText } from '../../templates/util/generated-text.js';
import { buildPrintDocument } from '../emit/pdf/print-document.js';
import type { Diagnostic } from '../report.js';
import type { Chapter, RenderedBook } from '../types.js';
import { CLIENT_URL, FONTS_CSS_URL } from './assets.js';
import type { PreviewBook } from './session.js';
import { stringifyHtml } from '../emit/stringify.js';
import { emitters } from '../emit/outputs.js';

/** What every preview page tells its client script: which page it is and what is wrong with the book. */
export interface PageState {
  /** The chapter shown, or `index`. */
  page: string;
  print: boolean;
  diagnostics: Diagnostic[];
}

const screenStyles = [FONTS_CSS_URL, '/styles/base.css', '/styles/screen.css'];

/** The HTML emitter's file name for a chapter, served from the preview's root. */
export const chapterHref = (id: string) => `/${encodeURI(emitters.html.hrefFor(id))}`;

function screenBook(book: PreviewBook): ScreenBook {
  return { config: book.config, stylesheets: screenStyles, chapters: book.chapters, hrefFor: chapterHref, homeHref: '/' };
}

/** The index: title page and contents, linking to each chapter. */
export function indexHtml(book: PreviewBook, diagnostics: Diagnostic[]): string {
  const contents = contentsPage(book.chapters, { hrefFor: (entry) => chapterHref(entry.id), heading: bookText(book.config).contents });
  const page = screenIndexPage(screenBook(book), [...titlePage(book.config).children, ...contents.children] as ElementContent[]);
  return withClient(page, { page: 'index', print: false, diagnostics });
}

/** One chapter for the screen, as `emitHtml` writes it, with previous and next links. */
export function chapterHtml(book: PreviewBook, chapter: Chapter, diagnostics: Diagnostic[]): string {
  const page = screenChapterPage(screenBook(book), book.chapters.indexOf(chapter), chapter.lang, chapter.tree.children as ElementContent[]);
  return withClient(page, { page: chapter.id, print: false, diagnostics });
}

/**
 * The print view: the document the PDF is made from, for the whole book or for one chapter (`printBook` with
 * `printChapter`), laid out by paged.js in the author's browser. `urlFor` turns the document's file:// URLs (fonts,
 * paged.js, images) into the server's fixed prefixes.
 */
export function printHtml(book: RenderedBook, state: PageState, urlFor: (fileUrl: string) => string): string {
  const served = buildPrintDocument(book).replace(/file:\/\/\/[^"'\s)<>]+/g, urlFor);
  // The client goes at the end of <head>: after paged.js's setup, outside the body paged.js paginates.
  return served.replace('</head>', `${clientTags(state)}</head>`);
}

/** The print book cut down to one chapter, without the pages around it: the preview's print view of that chapter. */
export function printChapter(book: RenderedBook, chapter: Chapter): RenderedBook {
  const empty: Root = { type: 'root', children: [] };
  return { ...book, chapters: [chapter], shells: { titlePage: empty, copyrightPage: empty, contents: empty } };
}

function withClient(page: Root, state: PageState): string {
  return stringifyHtml(page).replace('</head>', `${clientTags(state)}</head>`);
}

function clientTags(state: PageState): string {
  // `<` is escaped so no message text can close the script element.
  const json = JSON.stringify(state).replace(/</g, '\\u003c');
  return `<script type="application/json" id="folio-preview-state">${json}</script><script src="${CLIENT_URL}"></script>`;
}

/** A page with nothing but the overlay: the book has never loaded, or the chapter asked for is not in it. */
export function messageHtml(title: string, message: string, state: PageState): string {
  const page: Root = {
    type: 'root',
    children: [
      { type: 'doctype' },
      h('html', { lang: 'en' }, [
        h('head', [h('meta', { charset: 'utf-8' }), h('title', title), ...screenStyles.map((href) => h('link', { rel: 'stylesheet', href }))]),
        h('body', [h('main', [h('h1', title), h('p', message), h('p', [h('a', { href: '/' }, 'Back to the contents')])])]),
      ]),
    ],
  };
  return withClient(page, state);
}
