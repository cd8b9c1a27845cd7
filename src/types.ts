import type { Root } from 'hast';
import type { VFile } from 'vfile';

/** An output format. Templates run per target, so each can shape notes, hyphenation and links its own way. */
export type Target = 'html' | 'epub' | 'pdf';

/** What `--format` takes: a target, or the print cover, which wraps the PDF target's interior. */
export type Format = Target | 'cover';

/** Where a manuscript file sits in the book: front matter gets roman folios in print, back matter follows the body. */
export type Section = 'frontmatter' | 'body' | 'backmatter';

export type ContributorRole =
  | 'author'
  | 'editor'
  | 'translator'
  | 'interviewer'
  | 'interviewee'
  | 'illustrator'
  | 'contributor';

export interface Contributor {
  name: string;
  role: ContributorRole;
}

export interface PrintConfig {
  /** Trim size: a preset (`6x9in`, `5x8in`, `5.5x8.5in`, `a5`, `royal`) or `W x H` with units. */
  trim: string;
  /** Bleed around the trim as written (`3mm`); absent: no bleed, TrimBox equals the page. */
  bleed?: string;
  /** Interior paper, for the cover's spine width; absent: white. */
  paper?: 'white' | 'cream' | 'color';
  /** How long the print layout may take, as written (`120s`, `5min`); absent: a minute plus a second per page. */
  timeout?: string;
}

/** Where print notes are set: at the foot of the page, or as endnotes after each chapter or the book. */
export type NotePlacement = 'page' | 'chapter-end' | 'book-end';

export interface NotesConfig {
  placement: NotePlacement;
  /** `chapter`: numbers start again in every chapter; `book`: they run on across the book. */
  numbering: 'chapter' | 'book';
  /** `numbers` (1, 2, 3) or `symbols` (*, †, ‡ …). */
  style: 'numbers' | 'symbols';
}

/** Which fonts the EPUB carries: none, the body face (EB Garamond), or also the Chinese face's needed subsets. */
export type EmbedFonts = 'none' | 'body' | 'all';

export interface EpubConfig {
  embedFonts: EmbedFonts;
}

export interface CoverConfig {
  /** Front-cover image, relative to the manuscript folder; absent: a cover is drawn from the title and contributors. */
  image?: string;
  /** Back-cover copy for the print cover; paragraphs separated by blank lines. */
  back?: string;
}

export interface BookConfig {
  title: string;
  subtitle?: string;
  language: string;
  identifier: string;
  publisher?: string;
  date?: string;
  rights?: string;
  description?: string;
  subjects: string[];
  contributors: Contributor[];
  /** Manuscript files, relative to the manuscript folder, in reading order per section. */
  frontmatter: string[];
  chapters: string[];
  backmatter: string[];
  cover?: CoverConfig;
  print: PrintConfig;
  notes: NotesConfig;
  epub: EpubConfig;
}

/** One Markdown file as loaded: its text lives in `file.value`, its path in `file.path` (absolute). */
export interface ManuscriptFile {
  file: VFile;
  section: Section;
}

export interface Manuscript {
  /** Absolute path of the manuscript folder. */
  root: string;
  /** The config file (book.yaml), kept for its messages; absent when the folder has none. */
  configFile?: VFile;
  config: BookConfig;
  files: ManuscriptFile[];
  /** Book-level assets (cover, images) are resolved against `root`. */
}

/** A chapter after parsing and the templates common to every target. */
export interface Chapter {
  /** Unique slug: the file name stem without its numeric prefix; used for file names and anchors. */
  id: string;
  section: Section;
  /** Plain-text title (first heading), for contents, running heads and bookmarks. */
  title: string;
  /** Language of the chapter: the book's unless the chapter says otherwise. */
  lang: string;
  file: VFile;
  tree: Root;
}

/** What an emitter receives: chapters whose trees went through the target's templates, plus the page shells. */
export interface RenderedBook {
  config: BookConfig;
  target: Target;
  /** Absolute path of the manuscript folder, to resolve images. */
  root: string;
  chapters: Chapter[];
  shells: {
    titlePage: Root;
    copyrightPage: Root;
    contents: Root;
  };
}

/** A footnote as the footnotes template collected it: one per label, numbered in order of first reference. */
export interface Note {
  label: string;
  number: number;
  /** What the reader sees at the call and before the note: the number, or a symbol (`*`, `†`) with `notes.style: symbols`. */
  marker: string;
  /** Anchor of the note body, unique in the book. */
  id: string;
  /** Anchor of the first reference, for back links. */
  refId: string;
}

declare module 'vfile' {
  interface DataMap {
    /** The chapter's slug, set by the parse stage, used for anchors. */
    chapterId: string;
    /** The chapter's language. */
    lang: string;
    /** Notes of the chapter, set by the footnotes template. */
    notes: Note[];
    /** The chapter's title as plain text, set by the heading-ids template. */
    title: string;
  }
}
