import type { ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import type { BookConfig } from '../src/types.js';
import { bookText } from './util/generated-text.js';
import { directionOf } from './util/language.js';

export interface PageLink {
  href: string;
  title: string;
}

export interface ScreenPageOptions {
  config: BookConfig;
  /** Document title; the book title is appended. */
  title: string;
  lang: string;
  /** Stylesheet URLs, in cascade order. */
  stylesheets: string[];
  body: ElementContent[];
  previous?: PageLink;
  next?: PageLink;
  /** The book's index page, linked from the header. Omitted on the index itself. */
  home?: PageLink;
}

/** The HTML page shell for the screen, around a chapter or the index page: header, content, previous/next links. */
export function screenPage(options: ScreenPageOptions): Root {
  const { config } = options;
  // Previous sits at the start of the line: on the right, pointing right, in a right-to-left book.
  const [back, forward] = directionOf(options.lang) === 'rtl' ? ['→', '←'] : ['←', '→'];
  const nav =
    options.previous || options.next
      ? h('nav.chapter-nav', { 'aria-label': bookText(config).chapters }, [
          options.previous ? h('a', { href: options.previous.href, rel: 'prev' }, `${back} ${options.previous.title}`) : h('span'),
          options.next ? h('a', { href: options.next.href, rel: 'next' }, `${options.next.title} ${forward}`) : h('span'),
        ])
      : null;
  return h(null, [
    { type: 'doctype' },
    h('html', { lang: options.lang, dir: directionOf(options.lang) }, [
      h('head', [
        h('meta', { charset: 'utf-8' }),
        h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
        h('title', options.title === config.title ? config.title : `${options.title} · ${config.title}`),
        ...options.stylesheets.map((href) => h('link', { rel: 'stylesheet', href })),
      ]),
      h('body', [
        options.home ? h('header.book-header', [h('a', { href: options.home.href }, options.home.title)]) : null,
        h('main', options.body),
        nav,
      ]),
    ]),
  ]);
}

/** What every screen page of one book shares: where chapters live, the index, the stylesheets. */
export interface ScreenBook {
  config: BookConfig;
  stylesheets: string[];
  /** The chapters in reading order, for previous/next links. */
  chapters: Array<{ id: string; title: string }>;
  /** A chapter's page URL: `id.html` in dist/html, `/id.html` in the preview. */
  hrefFor: (id: string) => string;
  /** The index page's URL. */
  homeHref: string;
}

/** The index page: the title page and contents given as `front`, with a link on to the first chapter. */
export function screenIndexPage(book: ScreenBook, front: ElementContent[]): Root {
  const first = book.chapters[0];
  return screenPage({
    config: book.config,
    title: book.config.title,
    lang: book.config.language,
    stylesheets: book.stylesheets,
    body: front,
    next: first && { href: book.hrefFor(first.id), title: first.title },
  });
}

/** One chapter's page: its content in an `article` (with `lang` when it differs from the book's), previous and next links. */
export function screenChapterPage(book: ScreenBook, position: number, lang: string, content: ElementContent[]): Root {
  const chapter = book.chapters[position]!;
  const home: PageLink = { href: book.homeHref, title: book.config.title };
  const link = (other: { id: string; title: string } | undefined) => other && { href: book.hrefFor(other.id), title: other.title };
  return screenPage({
    config: book.config,
    title: chapter.title,
    lang: book.config.language,
    stylesheets: book.stylesheets,
    body: [h('article', lang === book.config.language ? {} : { lang, dir: directionOf(lang) === directionOf(book.config.language) ? undefined : directionOf(lang) }, content)],
    previous: position > 0 ? link(book.chapters[position - 1]) : home,
    next: link(book.chapters[position + 1]),
    home,
  });
}
