import type { Root } from 'hast';
import { h } from 'hastscript';
import type { BookConfig } from '../src/types.js';
import { creditLines } from './util/contributors.js';

/** The title page shell: title, subtitle, credits and publisher. */
export function titlePage(config: BookConfig): Root {
  return h(null, [
    h('section.title-page', { 'aria-label': 'Title page' }, [
      h('p.book-title', config.title),
      config.subtitle ? h('p.book-subtitle', config.subtitle) : null,
      h('div.credits', creditLines(config.contributors).map((line) => h('p.credit', line))),
      config.publisher ? h('p.publisher', config.publisher) : null,
    ]),
  ]);
}
