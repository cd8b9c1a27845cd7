import type { BookConfig, Section } from '../../types.js';
import { xhtmlPage, xml } from './xml.js';

export interface NavEntry {
  title: string;
  href: string;
  section: Section;
}

/** The EPUB 3 navigation document: contents and landmarks. */
export function navigationDocument(config: BookConfig, entries: NavEntry[], landmarks: { cover?: string }): string {
  const items = entries.map((entry) => `        <li><a href="${xml(entry.href)}">${xml(entry.title)}</a></li>`).join('\n');
  const firstBody = entries.find((entry) => entry.section === 'body') ?? entries[0];
  const marks = [
    landmarks.cover && `        <li><a epub:type="cover" href="${xml(landmarks.cover)}">Cover</a></li>`,
    `        <li><a epub:type="toc" href="toc.xhtml">Contents</a></li>`,
    firstBody && `        <li><a epub:type="bodymatter" href="${xml(firstBody.href)}">${xml(firstBody.title)}</a></li>`,
  ].filter(Boolean);
  return xhtmlPage({
    lang: config.language,
    title: 'Contents',
    body: `    <nav epub:type="toc" role="doc-toc" id="toc" aria-labelledby="toc-heading">
      <h1 id="toc-heading">Contents</h1>
      <ol>
${items}
      </ol>
    </nav>
    <nav epub:type="landmarks" id="landmarks" aria-label="Landmarks" hidden="hidden">
      <ol>
${marks.join('\n')}
      </ol>
    </nav>`,
  });
}

/** The NCX, for EPUB 2 reading systems that do not read the navigation document. */
export function ncxDocument(config: BookConfig, entries: NavEntry[]): string {
  const points = entries
    .map(
      (entry, index) => `    <navPoint id="nav-${index + 1}" playOrder="${index + 1}">
      <navLabel><text>${xml(entry.title)}</text></navLabel>
      <content src="${xml(entry.href)}"/>
    </navPoint>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1" xml:lang="${xml(config.language)}">
  <head>
    <meta name="dtb:uid" content="${xml(config.identifier)}"/>
    <meta name="dtb:depth" content="1"/>
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
