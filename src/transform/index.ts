import { relative } from 'node:path';
import type { Root } from 'hast';
import GithubSlugger from 'github-slugger';
import { unified, type PluggableList } from 'unified';
import type { VFile } from 'vfile';
import rehypeChapterLinks from '../../templates/chapter-links.js';
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
import { bookText } from '../../templates/util/generated-text.js';
import { BODY_FAMILY, fontStack } from '../emit/fonts.js';
import rehypeUrlBreaks from '../../templates/url-breaks.js';
import rehypeTypography from '../../templates/typography.js';
import { reservedIds } from '../parse/chapter-id.js';
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
  /** Chapter id by file relative to `root` (`chapterFiles`), so links to `other.md#a` can be rewritten; absent: left as written. */
  chapterFiles?: Record<string, string>;
  /** The manuscript folder. */
  root?: string;
}

/** The ordered templates for one target. Publishers change the look by editing this list and `templates/`. */
export function templatesFor(context: TransformContext): PluggableList {
  const list: PluggableList = [
    [rehypeHeadingIds, { slugger: context.slugger }],
    ...(context.chapterFiles ? ([[rehypeChapterLinks, { target: context.target, chapters: context.chapterFiles, root: context.root }]] as PluggableList) : []),
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
        labels: bookText(context.config),
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

/**
 * A slugger that already holds every chapter id and the ids reserved for generated pages, so a heading
 * (`## Background`) never takes the id of a chapter (`background.md`) or of the notes or contents.
 */
export function bookSlugger(chapterIds: string[]): GithubSlugger {
  const slugger = new GithubSlugger();
  for (const id of [...reservedIds, ...chapterIds]) slugger.occurrences[id] = 0;
  return slugger;
}

/** Chapter id by the chapter's file relative to the manuscript folder (`/` separators), for rewriting links. */
export function chapterFiles(root: string, parsed: ParsedChapter[]): Record<string, string> {
  return Object.fromEntries(parsed.map((chapter) => [relative(root, chapter.file.path).split('\\').join('/'), chapter.file.data.chapterId!]));
}

/**
 * The context one book's chapters share for a target: the slugger knows every chapter id, links to other
 * chapters can be rewritten, and notes numbered through the book start after `notesBefore`. The build and
 * the preview (which transforms one chapter at a time) both start from it.
 */
export function bookContext(
  config: BookConfig,
  root: string,
  parsed: ParsedChapter[],
  target: Target,
  extras: Pick<TransformContext, 'hyphenateWord' | 'hyphenators'> & { notesBefore?: number } = {},
): TransformContext {
  return {
    config,
    target,
    slugger: bookSlugger(parsed.map((chapter) => chapter.file.data.chapterId!)),
    chapterFiles: chapterFiles(root, parsed),
    root,
    hyphenateWord: extras.hyphenateWord,
    hyphenators: extras.hyphenators,
    noteCounter: { count: extras.notesBefore ?? 0 },
  };
}

/** Runs the target's templates over a copy of every chapter and builds the page shells. */
export async function transformBook(config: BookConfig, root: string, parsed: ParsedChapter[], target: Target): Promise<RenderedBook> {
  const context = bookContext(config, root, parsed, target, {
    hyphenateWord: target === 'pdf' ? await loadHyphenator(config.language) : undefined,
    hyphenators:
      target === 'pdf'
        ? await loadHyphenators([...languagesIn(parsed.map((chapter) => chapter.tree)), ...parsed.map((chapter) => chapter.file.data.lang ?? '')].filter(Boolean), config.language)
        : undefined,
  });
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
      copyrightPage: copyrightPage(config, { faces: bookFaces(config.language) }),
      contents: contentsPage(chapters, { hrefFor: (entry) => hrefFor(entry.id), heading: bookText(config).contents }),
    },
  };
}

/** The faces the colophon names: the one the book's language is set in, and the book face for Latin beside it. */
export function bookFaces(language: string): string[] {
  return [...new Set([fontStack(language)[0]!, BODY_FAMILY])];
}
