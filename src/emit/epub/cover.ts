import type { BookConfig } from '../../types.js';
import { bookText, fill } from '../../../templates/util/generated-text.js';
import { xhtmlPage, xml } from './xml.js';

export { coverSvg, coverText } from '../../resources/typographic-cover.js';

export function coverPage(config: BookConfig, imageHref: string): string {
  const text = bookText(config);
  const alt = fill(text.coverOf, { title: `${config.title}${config.subtitle ? `: ${config.subtitle}` : ''}` });
  return xhtmlPage({
    lang: config.language,
    title: xml(text.cover),
    bodyClass: 'cover',
    body: `    <section epub:type="cover">
      <img role="doc-cover" src="${xml(imageHref)}" alt="${xml(alt)}"/>
    </section>`,
  });
}
