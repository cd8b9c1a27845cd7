import type { BookConfig, ContributorRole } from '../../types.js';
import { directionOf } from '../../../templates/util/language.js';
import { xml } from './xml.js';

/** One file of the publication, in reading order where it is in the spine. */
export interface PackageItem {
  id: string;
  href: string;
  mediaType: string;
  properties?: string;
  /** In the spine (reading order); `false` for styles, images, fonts. */
  spine: boolean;
  /** Not part of the main reading flow (cover). */
  linear?: boolean;
}

// MARC relator codes, which reading systems and stores use to tell an author from an editor.
const marcRole: Record<ContributorRole, string> = {
  author: 'aut',
  editor: 'edt',
  translator: 'trl',
  interviewer: 'ivr',
  interviewee: 'ive',
  illustrator: 'ill',
  contributor: 'ctb',
};

const creatorRoles = new Set<ContributorRole>(['author', 'interviewee']);

/** The OPF package document, written whole by us so that every value comes from book.yaml. */
export function packageDocument(config: BookConfig, items: PackageItem[], modified: string, accessibility: string[]): string {
  const contributors = config.contributors
    .map((person, index) => {
      const element = creatorRoles.has(person.role) ? 'dc:creator' : 'dc:contributor';
      const id = `contributor-${index + 1}`;
      return [
        `    <${element} id="${id}">${xml(person.name)}</${element}>`,
        `    <meta refines="#${id}" property="role" scheme="marc:relators">${marcRole[person.role]}</meta>`,
      ].join('\n');
    })
    .join('\n');
  const optional = [
    config.publisher && `    <dc:publisher>${xml(config.publisher)}</dc:publisher>`,
    config.date && `    <dc:date>${xml(config.date)}</dc:date>`,
    config.rights && `    <dc:rights>${xml(config.rights)}</dc:rights>`,
    config.description && `    <dc:description>${xml(config.description)}</dc:description>`,
    ...config.subjects.map((subject) => `    <dc:subject>${xml(subject)}</dc:subject>`),
  ].filter(Boolean);
  const manifest = items
    .map((item) => `    <item id="${item.id}" href="${xml(item.href)}" media-type="${item.mediaType}"${item.properties ? ` properties="${item.properties}"` : ''}/>`)
    .join('\n');
  const spine = items
    .filter((item) => item.spine)
    .map((item) => `    <itemref idref="${item.id}"${item.linear === false ? ' linear="no"' : ''}/>`)
    .join('\n');
  const lang = xml(config.language);
  return `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="book-id" xml:lang="${lang}">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="book-id">${xml(config.identifier)}</dc:identifier>
    <dc:title id="title">${xml(config.subtitle ? `${config.title}: ${config.subtitle}` : config.title)}</dc:title>
    <dc:language>${lang}</dc:language>
${contributors}
${optional.join('\n')}
    <meta property="dcterms:modified">${modified}</meta>
${accessibility.join('\n')}
  </metadata>
  <manifest>
${manifest}
  </manifest>
  <spine toc="ncx" page-progression-direction="${directionOf(config.language)}">
${spine}
  </spine>
</package>
`;
}
