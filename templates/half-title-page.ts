import type { Root } from 'hast';
import { h } from 'hastscript';
import type { BookConfig } from '../src/types.js';
import { bookText } from './util/generated-text.js';

/** The half-title page of a printed book: the title alone, on the first recto, before the title page. */
export function halfTitlePage(config: BookConfig): Root {
  return h(null, [h('section.half-title-page', { 'aria-label': bookText(config).halfTitle }, [h('p.half-title', config.title)])]);
}
