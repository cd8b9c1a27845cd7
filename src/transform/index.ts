import type { Root } from 'hast';
import GithubSlugger from 'github-slugger';
import { unified, type PluggableList } from 'unified';
import type { VFile } from 'vfile';
import { contentsPage } from '../../templates/contents.js';
import { copyrightPage } from '../../templates/copyright-page.js';
import rehypeDialogue from '../../templates/dialogue.js';
import rehypeAbbreviations from '../../templates/abbreviations.js';
import rehypeFootnotes, { type NoteCounter } from '../../templates/footnotes.js';
import rehypeHeadingIds from '../../templates/heading-ids.js';
import rehypeHyphenate from '../../templates/hyphenate.js';
import rehypeMixedScripts from '../../templates/mixed-scripts.js';
import rehypeSectionBreaks from '../../templates/section-breaks.js';
import { titlePage } from '../../templates/title-page.js';
import rehypeUrlBreaks from '../../templates/url-breaks.js';
import rehypeTypography from '../../templates/typography.js';
import type { BookConfig, Chapter, RenderedBook, Section, Target } from '../types.js';
import { languagesIn, loadHyphenator, loadHyphenators } from './hyphenator.js';

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
  /** Print hyphenators for the other languages the book sets with `lang`, by tag. */
  hyphenators?: Record<string, (word: string) => string>;
  /** Shared by the book's chapters when `notes.numbering` is `book`; absent: one counter per processor. */
  noteCounter?: NoteCounter;
}

/** The ordered templates for one target. Publishers change the look by editing this list and `templates/`. */
export function templatesFor(context: TransformContext): PluggableList {
  const list: PluggableList = [
    [rehypeHeadingIds, { slugger: context.slugger }],
    [rehypeDialogue, { interviewers: context.config.contributors.filter((person) => person.role === 'interviewer').map((person) => person.name) }],
    [rehypeSectionBreaks, {}],
    [rehypeMixedScripts, { language: context.config.language }],
    [rehypeTypography, { language: context.config.language }],
    [rehypeAbbreviations, {}],
    [
      rehypeFootnotes,
      {
        target: context.target,
        numbering: context.config.notes?.numbering,
        style: context.config.notes?.style,
        counter: context.noteCounter ?? { count: 0 },
      },
    ],
  ];
  if (context.target === 'pdf' && context.hyphenateWord) {
    list.push([rehypeHyphenate, { hyphenateWord: context.hyphenateWord, language: context.config.language, hyphenators: context.hyphenators }]);
  }
  if (context.target === 'pdf') list.push([rehypeUrlBreaks, {}]);
  return list;
}

/**
 * Runs the target's templates over a copy of ONE chapter, so the preview redoes only the chapter that changed.
 * `context.slugger` should already hold the heading ids of the chapters before it, as in `transformBook`.
 */
export async function transformChapter(context: TransformContext, chapter: ParsedChapter): Promise<Chapter> {
  return runTemplates(unified().use(templatesFor(context)), chapter, context.config);
}

async function runTemplates(processor: ReturnType<typeof unified>, chapter: ParsedChapter, config: BookConfig): Promise<Chapter> {
  const tree = (await processor.run(structuredClone(chapter.tree), chapter.file)) as Root;
  return {
    id: chapter.file.data.chapterId!,
    section: chapter.section,
    title: chapter.file.data.title ?? chapter.file.stem ?? 'Untitled',
    lang: chapter.file.data.lang ?? config.language,
    file: chapter.file,
    tree,
  };
}

/** Runs the target's templates over a copy of every chapter and builds the page shells. */
export async function transformBook(config: BookConfig, root: string, parsed: ParsedChapter[], target: Target): Promise<RenderedBook> {
  const context: TransformContext = {
    config,
    target,
    slugger: new GithubSlugger(),
    hyphenateWord: target === 'pdf' ? await loadHyphenator(config.language) : undefined,
    hyphenators:
      target === 'pdf'
        ? await loadHyphenators([...languagesIn(parsed.map((chapter) => chapter.tree)), ...parsed.map((chapter) => chapter.file.data.lang ?? '')].filter(Boolean), config.language)
        : undefined,
    noteCounter: { count: 0 },
  };
  const processor = unified().use(templatesFor(context));
  const chapters: Chapter[] = [];
  for (const chapter of parsed) chapters.push(await runTemplates(processor, chapter, config));
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
