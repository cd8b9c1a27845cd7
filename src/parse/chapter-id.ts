import GithubSlugger, { slug as slugOf } from 'github-slugger';

/**
 * A chapter's id from its file name: `03-the-real-gap.md` → `the-real-gap`. Numeric prefixes only order
 * files, so they are dropped; ids are made unique, avoid the reserved ids (`index.md` → `index-1`) and start
 * with a letter, as XML ids must. `reservedIds` are those of the pages the outputs generate (see `src/emit/outputs.ts`).
 */
export function chapterIds(fileNames: string[], reservedIds: readonly string[]): string[] {
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
