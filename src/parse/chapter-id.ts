import GithubSlugger from 'github-slugger';

/**
 * A chapter's id from its file name: `03-the-real-gap.md` → `the-real-gap`. Numeric prefixes only order
 * files, so they are dropped; ids are made unique and start with a letter, as XML ids must.
 */
export function chapterIds(fileNames: string[]): string[] {
  const slugger = new GithubSlugger();
  return fileNames.map((name) => {
    const stem = name.replace(/^.*\//, '').replace(/\.md$/i, '');
    const bare = stem.replace(/^\d+[-_. ]*/, '') || stem;
    const slug = slugger.slug(bare) || 'chapter';
    return /^[a-z]/.test(slug) ? slug : `ch-${slug}`;
  });
}
