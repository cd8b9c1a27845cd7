import type { BookConfig } from '../../types.js';
import { xhtmlPage, xml } from './xml.js';

export { coverSvg, coverText } from '../../resources/typographic-cover.js';

export function coverPage(config: BookConfig, imageHref: string): string {
  const alt = `Cover: ${config.title}${config.subtitle ? `: ${config.subtitle}` : ''}`;
  return xhtmlPage({
    lang: config.language,
    title: 'Cover',
    bodyClass: 'cover',
    body: `    <section epub:type="cover">
      <img role="doc-cover" src="${xml(imageHref)}" alt="${xml(alt)}"/>
    </section>`,
  });
}
