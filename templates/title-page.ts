import type { Root } from 'hast';
import { h } from 'hastscript';
import type { BookConfig } from '../src/types.js';
import { creditLines } from './util/contributors.js';
import { bookText } from './util/generated-text.js';

/** The title page shell: title, subtitle, credits and publisher. */
export function titlePage(config: BookConfig): Root {
  const text = bookText(config);
  return h(null, [
    h('section.title-page', { 'aria-label': text.titlePage }, [
      h('p.book-title', config.title),
      config.subtitle ? h('p.book-subtitle', config.subtitle) : null,
      h('div.credits', creditLines(config.contributors, text).map((line) => h('p.credit', line))),
      config.publisher ? h('p.publisher', config.publisher) : null,
    ]),
  ]);
}
