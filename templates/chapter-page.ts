import type { ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import type { BookConfig } from '../src/types.js';

export interface PageLink {
  href: string;
  title: string;
}

export interface ChapterPageOptions {
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

/** The HTML page shell around a chapter (or the index) for the screen: header, content, previous/next links. */
export function chapterPage(options: ChapterPageOptions): Root {
  const { config } = options;
  const nav =
    options.previous || options.next
      ? h('nav.chapter-nav', { 'aria-label': 'Chapters' }, [
          options.previous ? h('a', { href: options.previous.href, rel: 'prev' }, `← ${options.previous.title}`) : h('span'),
          options.next ? h('a', { href: options.next.href, rel: 'next' }, `${options.next.title} →`) : h('span'),
        ])
      : null;
  return h(null, [
    { type: 'doctype' },
    h('html', { lang: options.lang }, [
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
