import type { BookConfig, Section } from '../../types.js';
import { bookText } from '../../../templates/util/generated-text.js';
import { xhtmlPage, xml } from './xml.js';

export interface NavEntry {
  title: string;
  href: string;
  section: Section;
  /** The chapter's second-level headings, so readers can jump inside a long chapter. */
  sections?: Array<{ title: string; href: string }>;
}

/** The EPUB 3 navigation document: contents and landmarks. */
export function navigationDocument(config: BookConfig, entries: NavEntry[], landmarks: { cover?: string }): string {
  const items = entries
    .map((entry) => {
      const link = `<a href="${xml(entry.href)}">${xml(entry.title)}</a>`;
      // A heading with no text (`## <a id="x"></a>`) would be an empty link, which the navigation may not hold.
      const sections = entry.sections?.filter((section) => /[^\s\u00ad\u200b-\u200f\u2060\ufeff\p{Cc}]/u.test(section.title)) ?? [];
      if (!sections.length) return `        <li>${link}</li>`;
      const nested = sections.map((section) => `            <li><a href="${xml(section.href)}">${xml(section.title)}</a></li>`);
      return [`        <li>${link}`, '          <ol>', ...nested, '          </ol>', '        </li>'].join('\n');
    })
    .join('\n');
  const text = bookText(config);
  const firstBody = entries.find((entry) => entry.section === 'body') ?? entries[0];
  const marks = [
    landmarks.cover && `        <li><a epub:type="cover" href="${xml(landmarks.cover)}">${xml(text.cover)}</a></li>`,
    `        <li><a epub:type="toc" href="toc.xhtml">${xml(text.contents)}</a></li>`,
    firstBody && `        <li><a epub:type="bodymatter" href="${xml(firstBody.href)}">${xml(firstBody.title)}</a></li>`,
  ].filter(Boolean);
  return xhtmlPage({
    lang: config.language,
    title: xml(text.contents),
    body: `    <nav epub:type="toc" role="doc-toc" id="toc" aria-labelledby="toc-heading">
      <h1 id="toc-heading">${xml(text.contents)}</h1>
      <ol>
${items}
      </ol>
    </nav>
    <nav epub:type="landmarks" id="landmarks" aria-label="${xml(text.landmarks)}" hidden="hidden">
      <ol>
${marks.join('\n')}
      </ol>
    </nav>`,
  });
}

/** The NCX, for EPUB 2 reading systems that do not read the navigation document. */
export function ncxDocument(config: BookConfig, entries: NavEntry[]): string {
  let order = 0;
  // Pre-order numbering: a chapter's playOrder comes before its sections', as readers meet them.
  const point = (title: string, href: string, indent: string, children: Array<{ title: string; href: string }> = []): string => {
    order += 1;
    return [
      `${indent}<navPoint id="nav-${order}" playOrder="${order}">`,
      `${indent}  <navLabel><text>${xml(title)}</text></navLabel>`,
      `${indent}  <content src="${xml(href)}"/>`,
      ...children.map((child) => point(child.title, child.href, `${indent}  `)),
      `${indent}</navPoint>`,
    ].join('\n');
  };
  const points = entries.map((entry) => point(entry.title, entry.href, '    ', entry.sections)).join('\n');
  const depth = entries.some((entry) => entry.sections?.length) ? 2 : 1;
  return `<?xml version="1.0" encoding="UTF-8"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1" xml:lang="${xml(config.language)}">
  <head>
    <meta name="dtb:uid" content="${xml(config.identifier)}"/>
    <meta name="dtb:depth" content="${depth}"/>
    <meta name="dtb:totalPageCount" content="0"/>
    <meta name="dtb:maxPageNumber" content="0"/>
  </head>
  <docTitle><text>${xml(config.title)}</text></docTitle>
  <navMap>
${points}
  </navMap>
</ncx>
`;
}
