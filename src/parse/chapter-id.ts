import GithubSlugger, { slug as slugOf } from 'github-slugger';

/**
 * Ids the emitters give to pages and parts they generate: the HTML home page (`index.html`), the EPUB's
 * cover, title, copyright and navigation documents, the print document's notes and contents headings. A
 * chapter or heading with one of these ids would overwrite a generated file or clash with its id.
 */
export const reservedIds: readonly string[] = [
  'index',
  'copyright',
  'cover',
  'toc',
  'title-page',
  'nav',
  'notes',
  'contents-heading',
  'toc-heading',
  'landmarks',
];

/**
 * A chapter's id from its file name: `03-the-real-gap.md` → `the-real-gap`. Numeric prefixes only order
 * files, so they are dropped; ids are made unique, avoid the reserved ids (`index.md` → `index-1`) and start
 * with a letter, as XML ids must.
 */
export function chapterIds(fileNames: string[]): string[] {
  const slugger = new GithubSlugger();
  for (const id of reservedIds) slugger.slug(id);
  return fileNames.map((name) => {
    const stem = name.replace(/^.*\//, '').replace(/\.md$/i, '');
    const bare = stem.replace(/^\d+[-_. ]*/, '') || stem;
    // A name of only punctuation has an empty slug: `chapter`, made unique like any other.
    const slug = slugger.slug(slugOf(bare) ? bare : 'chapter');
    return /^[a-z]/.test(slug) ? slug : `ch-${slug}`;
  });
}
