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
import rehypeUrlBreaks from '../../templates/url-breaks.js';
import rehypeTypography from '../../templates/typography.js';
import { emitters, reservedIds } from '../emit/outputs.js';
import type { BookConfig, Chapter, RenderedBook, Section, Target } from '../types.js';

/** A chapter as parsed: the Markdown's HTML tree before any template ran. */
export interface ParsedChapter {
  file: VFile;
  section: Section;
  tree: Root;
}

export interface TransformContext {
  config: BookConfig;
  target: Target;
  hyphenateWord?: (word: string) => string;
  /** Print hyphenators for the other languages the book sets with `lang`, by tag. */
  hyphenators?: Record<string, (word: string) => string>;
  /** Chapter id by file relative to `root` (`chapterFiles`), so links to `other.md#a` can be rewritten; absent: left as written. */
  chapterFiles?: Record<string, string>;
  /** The manuscript folder. */
  root?: string;
}

/**
 * What one chapter's templates depend on from the chapters before it: the ids already taken (so heading ids stay
 * unique across the book) and, with `notes.numbering: book`, how many notes came before. Plain data, so the
 * pipeline can tell whether a chapter kept from memory still starts where it did.
 */
export interface ChapterStart {
  headingIds: Record<string, number>;
  notesBefore: number;
}

/** The templates' state while one chapter runs: a slugger and note counter made from its `ChapterStart`. */
interface ChapterState {
  slugger: GithubSlugger;
  noteCounter: NoteCounter;
}

/** The ordered templates for one target. Publishers change the look by editing this list and `templates/`. */
export function templatesFor(context: TransformContext & ChapterState): PluggableList {
  const list: PluggableList = [
    [rehypeHeadingIds, { slugger: context.slugger }],
    ...(context.chapterFiles ? ([[rehypeChapterLinks, { hrefFor: emitters[context.target].hrefFor, chapters: context.chapterFiles, root: context.root }]] as PluggableList) : []),
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
        counter: context.noteCounter,
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
 * Runs the target's templates over a copy of one chapter, starting from the state the chapters before it left,
 * and gives the state after it: the pipeline threads it through the book, chapter by chapter.
 */
export async function transformChapter(context: TransformContext, chapter: ParsedChapter, start: ChapterStart): Promise<{ chapter: Chapter; end: ChapterStart }> {
  const slugger = new GithubSlugger();
  slugger.occurrences = { ...start.headingIds };
  const noteCounter = { count: start.notesBefore };
  const processor = unified().use(templatesFor({ ...context, slugger, noteCounter }));
  const tree = (await processor.run(structuredClone(chapter.tree), chapter.file)) as Root;
  return {
    chapter: {
      id: chapter.file.data.chapterId!,
      section: chapter.section,
      title: chapter.file.data.title ?? chapter.file.stem ?? 'Untitled',
      lang: chapter.file.data.lang ?? context.config.language,
      file: chapter.file,
      tree,
    },
    end: { headingIds: { ...slugger.occurrences }, notesBefore: noteCounter.count },
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

/** The pages around the chapters: title, copyright, and the contents linking to each chapter where the target puts it. */
export function bookShells(config: BookConfig, chapters: Chapter[], target: Target): RenderedBook['shells'] {
  return {
    titlePage: titlePage(config),
    copyrightPage: copyrightPage(config),
    contents: contentsPage(chapters, { hrefFor: (entry) => emitters[target].hrefFor(entry.id) }),
  };
}
