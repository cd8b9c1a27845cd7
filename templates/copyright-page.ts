import type { Root } from 'hast';
import { h } from 'hastscript';
import type { BookConfig } from '../src/types.js';

/** The copyright page shell: rights, publisher, date and identifier, set small at the foot of the page. */
export function copyrightPage(config: BookConfig): Root {
  const isbn = /^urn:isbn:/i.test(config.identifier) ? config.identifier.replace(/^urn:isbn:/i, '') : undefined;
  const year = config.date?.slice(0, 4);
  return h(null, [
    h('section.copyright-page', { 'aria-label': 'Copyright' }, [
      h('div.copyright-block', [
        h('p', `${config.title}${config.subtitle ? `: ${config.subtitle}` : ''}`),
        config.rights ? h('p', config.rights) : null,
        config.publisher ? h('p', `Published by ${config.publisher}${year ? `, ${year}` : ''}.`) : null,
        isbn ? h('p', `ISBN ${isbn}`) : null,
        h('p.colophon', 'Typeset in EB Garamond with Folio.'),
      ]),
    ]),
  ]);
}
