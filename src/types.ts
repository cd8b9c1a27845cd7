import type { Root } from 'hast';
import type { VFile } from 'vfile';
import type { bookFields, epubFields, fontsFields, notesFields, printFields, SectionValues } from './config/schema.js';
import type { Trim } from './config/trim.js';

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

/**
 * `print` as read from book.yaml, in the types the schema's parsers return: `trim` (default 6 × 9 in) and
 * `bleed` (absent: none, TrimBox equals the page) as CSS lengths and points, `paper` (absent: white) for the cover's
 * spine width, `timeout` in milliseconds (absent: a minute plus a second per page).
 */
export type PrintConfig = SectionValues<typeof printFields> & { trim: Trim };

/** Where notes go, how they are numbered and called: the choices in the schema, each filled in by the loader. */
export type NotesConfig = Required<SectionValues<typeof notesFields>>;

/** Where print notes are set: at the foot of the page, or as endnotes after each chapter or the book. */
export type NotePlacement = NotesConfig['placement'];

export type EpubConfig = Required<SectionValues<typeof epubFields>>;

/** Which fonts the EPUB carries: none, the body face (EB Garamond), or also the Chinese face's needed subsets. */
export type EmbedFonts = EpubConfig['embedFonts'];

/** Figure numbering: `none` (captions as written), per `chapter` (Figure 3.2) or through the `book` (Figure 12). */
export interface FiguresConfig {
  numbering: 'none' | 'chapter' | 'book';
}

/** `cover.image` (relative to the manuscript folder; absent: a cover drawn from the title and contributors) and `cover.back`, the print cover's back copy. */
export type CoverConfig = SectionValues<typeof bookFields.cover.fields>;

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
  figures: FiguresConfig;
  /** The book's own faces by role (`fonts:`), each read from its installed package. */
  fonts?: SectionValues<typeof fontsFields>;
  /** Overrides of the generated text (`contents`, `notes`, `colophon`…), by key of `GeneratedText`. */
  text?: Record<string, string>;
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
    /** 1-based number of a body chapter (front and back matter have none), set by the transform stage for figure labels. */
    chapterNumber: number;
    /** The chapter's figures in order, with their ids and labels, set by the figures template. */
    figures: Array<{ id?: string; label?: string }>;
  }
}
