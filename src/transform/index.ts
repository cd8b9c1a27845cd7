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
import rehypeCodeBlocks from '../../templates/code-blocks.js';
import rehypeFigures from '../../templates/figures.js';
import rehypeHyphenate from '../../templates/hyphenate.js';
import rehypeMixedScripts from '../../templates/mixed-scripts.js';
import rehypeSectionBreaks from '../../templates/section-breaks.js';
import rehypeSourcePlaces from '../../templates/source-places.js';
import rehypeTables from '../../templates/tables.js';
import { titlePage } from '../../templates/title-page.js';
import { bookText } from '../../templates/util/generated-text.js';
import { familiesOf, fontStack, type FontChoice } from '../resources/fonts.js';
import rehypeUrlBreaks from '../../templates/url-breaks.js';
import rehypeTypography from '../../templates/typography.js';
import { OUTSIDE_MARGIN_IN } from '../emit/pdf/margins.js';
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
  /** Number of each body chapter by chapter id, for figure labels (`Figure 3.2`); absent: figures numbered without it. */
  chapterNumbers?: Record<string, number>;
}

/**
 * What one chapter's templates depend on from the chapters before it: the ids already taken (so heading ids stay
 * unique across the book) and, with `notes.numbering: book` or `figures.numbering: book`, how many notes and
 * figures came before. Plain data, so the
 * pipeline can tell whether a chapter kept from memory still starts where it did.
 */
export interface ChapterStart {
  headingIds: Record<string, number>;
  notesBefore: number;
  figuresBefore: number;
}

/** The templates' state while one chapter runs: a slugger and note counter made from its `ChapterStart`. */
interface ChapterState {
  slugger: GithubSlugger;
  noteCounter: NoteCounter;
  figureCounter: { count: number };
}

/** The ordered templates for one target. Publishers change the look by editing this list and `templates/`. */
export function templatesFor(context: TransformContext & ChapterState): PluggableList {
  const list: PluggableList = [
    [rehypeHeadingIds, { slugger: context.slugger }],
    ...(context.chapterFiles ? ([[rehypeChapterLinks, { hrefFor: emitters[context.target].hrefFor, chapters: context.chapterFiles, root: context.root }]] as PluggableList) : []),
    [rehypeDialogue, { interviewers: context.config.contributors.filter((person) => person.role === 'interviewer').map((person) => person.name) }],
    [rehypeSectionBreaks, {}],
    [rehypeFigures, { numbering: context.config.figures?.numbering, language: context.config.language, counter: context.figureCounter }],
    [rehypeCodeBlocks, { columns: printCodeColumns(context.config) }],
    [rehypeTables, { scrollBox: context.target !== 'pdf' }],
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
        labels: bookText(context.config),
      },
    ],
  ];
  if (context.target === 'pdf' && context.hyphenateWord) {
    list.push([rehypeHyphenate, { hyphenateWord: context.hyphenateWord, language: context.config.language, hyphenators: context.hyphenators }]);
  }
  // Every format: an address or a long identifier must not overflow a page, a phone screen or the print measure.
  list.push([rehypeUrlBreaks, {}]);
  if (context.target === 'pdf') list.push([rehypeSourcePlaces, {}]);
  return list;
}

/**
 * Characters of code on one printed line: the text block (trim less the outside margin and a typical 0.875 in
 * inside margin) over the advance of the code face (0.6 em) at print.css's 8.8 pt. The same for every target, so
 * the code-blocks template reports an unbreakable line once, whichever format is built.
 */
export function printCodeColumns(config: BookConfig): number {
  return Math.floor((config.print.trim.widthPt - (OUTSIDE_MARGIN_IN + 0.875) * 72) / (0.6 * 8.8));
}

/**
 * Runs the target's templates over a copy of one chapter (or the parsed tree itself with `takeTree`), starting from the state the chapters before it left,
 * and gives the state after it: the pipeline threads it through the book, chapter by chapter.
 */
export async function transformChapter(
  context: TransformContext,
  chapter: ParsedChapter,
  start: ChapterStart,
  { takeTree = false }: { takeTree?: boolean } = {},
): Promise<{ chapter: Chapter; end: ChapterStart }> {
  const slugger = new GithubSlugger();
  slugger.occurrences = { ...start.headingIds };
  const noteCounter = { count: start.notesBefore };
  const figureCounter = { count: start.figuresBefore };
  const number = context.chapterNumbers?.[chapter.file.data.chapterId!];
  if (number !== undefined) chapter.file.data.chapterNumber = number;
  const processor = unified().use(templatesFor({ ...context, slugger, noteCounter, figureCounter }));
  // The templates change the tree they are given: a copy, unless nothing will read the parsed tree again.
  const tree = (await processor.run(takeTree ? chapter.tree : structuredClone(chapter.tree), chapter.file)) as Root;
  return {
    chapter: {
      id: chapter.file.data.chapterId!,
      section: chapter.section,
      // A heading of only spaces or invisible characters gives no title: the EPUB's <title> and contents need text.
      title: visibleOrUndefined(chapter.file.data.title) ?? chapter.file.stem ?? 'Untitled',
      lang: chapter.file.data.lang ?? context.config.language,
      file: chapter.file,
      tree,
    },
    end: { headingIds: { ...slugger.occurrences }, notesBefore: noteCounter.count, figuresBefore: figureCounter.count },
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
    copyrightPage: copyrightPage(config, { faces: bookFaces(config.language, config.fonts) }),
    contents: contentsPage(chapters, { hrefFor: (entry) => emitters[target].hrefFor(entry.id), heading: bookText(config).contents }),
  };
}

/** The faces the colophon names: the one the book's language is set in, and the book face for Latin beside it. */
export function bookFaces(language: string, fonts: FontChoice = {}): string[] {
  return [...new Set([fontStack(language, {}, fonts)[0]!, familiesOf(fonts).body])];
}

function visibleOrUndefined(text: string | undefined): string | undefined {
  return text !== undefined && /[^\s\u00ad\u200b-\u200f\u2060\ufeff\p{Cc}]/u.test(text) ? text : undefined;
}
