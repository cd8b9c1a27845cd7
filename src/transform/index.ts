import type { Root } from 'hast';
import GithubSlugger from 'github-slugger';
import { unified, type PluggableList } from 'unified';
import type { VFile } from 'vfile';
import { contentsPage } from '../../templates/contents.js';
import { copyrightPage } from '../../templates/copyright-page.js';
import rehypeDialogue from '../../templates/dialogue.js';
import rehypeFootnotes from '../../templates/footnotes.js';
import rehypeHeadingIds from '../../templates/heading-ids.js';
import rehypeHyphenate from '../../templates/hyphenate.js';
import { titlePage } from '../../templates/title-page.js';
import rehypeTypography from '../../templates/typography.js';
import type { BookConfig, Chapter, RenderedBook, Section, Target } from '../types.js';
import { loadHyphenator } from './hyphenator.js';

/** A chapter as parsed: the Markdown's HTML tree before any template ran. */
export interface ParsedChapter {
  file: VFile;
  section: Section;
  tree: Root;
}

export interface TransformContext {
  config: BookConfig;
  target: Target;
  /** Shared by the book's chapters so heading ids are unique across the whole book. */
  slugger: GithubSlugger;
  hyphenateWord?: (word: string) => string;
}

/** The ordered templates for one target. Publishers change the look by editing this list and `templates/`. */
export function templatesFor(context: TransformContext): PluggableList {
  const list: PluggableList = [
    [rehypeHeadingIds, { slugger: context.slugger }],
    [rehypeDialogue, {}],
    [rehypeTypography, { language: context.config.language }],
    [rehypeFootnotes, { target: context.target }],
  ];
  if (context.target === 'pdf' && context.hyphenateWord) list.push([rehypeHyphenate, { hyphenateWord: context.hyphenateWord }]);
  return list;
}

/** Runs the target's templates over a copy of every chapter and builds the page shells. */
export async function transformBook(config: BookConfig, root: string, parsed: ParsedChapter[], target: Target): Promise<RenderedBook> {
  const context: TransformContext = {
    config,
    target,
    slugger: new GithubSlugger(),
    hyphenateWord: target === 'pdf' ? await loadHyphenator(config.language) : undefined,
  };
  const processor = unified().use(templatesFor(context));
  const chapters: Chapter[] = [];
  for (const chapter of parsed) {
    const tree = (await processor.run(structuredClone(chapter.tree), chapter.file)) as Root;
    chapters.push({
      id: chapter.file.data.chapterId!,
      section: chapter.section,
      title: chapter.file.data.title ?? chapter.file.stem ?? 'Untitled',
      lang: chapter.file.data.lang ?? config.language,
      file: chapter.file,
      tree,
    });
  }
  const hrefFor = { pdf: (id: string) => `#${id}`, html: (id: string) => `${id}.html`, epub: (id: string) => `${id}.xhtml` }[target];
  return {
    config,
    target,
    root,
    chapters,
    shells: {
      titlePage: titlePage(config),
      copyrightPage: copyrightPage(config),
      contents: contentsPage(chapters, { hrefFor: (entry) => hrefFor(entry.id) }),
    },
  };
}
