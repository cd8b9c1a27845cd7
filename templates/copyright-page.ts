import type { Root } from 'hast';
import { h } from 'hastscript';
import type { BookConfig } from '../src/types.js';
import { bookText, fill } from './util/generated-text.js';

export interface CopyrightPageOptions {
  /** The faces the colophon names, the book's own first. Default `['EB Garamond']`. */
  faces?: string[];
}

/** The copyright page shell: rights, publisher, date and identifier, set small at the foot of the page, in the book's language. */
export function copyrightPage(config: BookConfig, options: CopyrightPageOptions = {}): Root {
  const text = bookText(config);
  const faces = (options.faces ?? ['EB Garamond']).join(text.listSeparator);
  const isbn = /^urn:isbn:/i.test(config.identifier) ? config.identifier.replace(/^urn:isbn:/i, '') : undefined;
  const year = config.date?.slice(0, 4);
  return h(null, [
    h('section.copyright-page', { 'aria-label': text.copyright }, [
      h('div.copyright-block', [
        h('p', `${config.title}${config.subtitle ? `: ${config.subtitle}` : ''}`),
        config.rights ? h('p', config.rights) : null,
        config.publisher ? h('p', `${fill(text.publishedBy, { publisher: config.publisher })}${year ? `${text.listSeparator}${year}` : ''}${/[.。]$/.test(text.colophon) ? '.' : ''}`) : null,
        isbn ? h('p', `ISBN ${isbn}`) : null,
        h('p.colophon', fill(text.colophon, { faces })),
      ]),
    ]),
  ]);
}
