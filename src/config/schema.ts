import { generatedTextKeys, translations } from '../../templates/util/generated-text.js';
import type { ContributorRole } from '../types.js';
import { parseFontPackage } from '../resources/font-package.js';
import { parseBleed, parseMaxPages, parseTimeout } from './print-options.js';
import { parseTrim } from './trim.js';

/**
 * The book.yaml schema: every key with its type, default and description. The loader rejects keys not
 * listed here and reports each problem with its line and column; the README's reference follows these
 * descriptions. A new setting is one entry here, one field in `BookConfig`, and its default in `load/`.
 */
export type FieldSpec =
  | { kind: 'string' | 'string-list' | 'file-list' | 'date' | 'language' | 'contributors'; description: string }
  | { kind: 'enum'; values: readonly string[]; description: string }
  /** A string read once, here, into the value the book uses (`6x9in` → a `Trim` in points); `parse` throws an Error whose message is shown to the author. */
  | { kind: 'parsed-string'; parse: (value: string) => unknown; description: string }
  /** `shorthand`: a plain string in place of the mapping stands for that one key (`cover: front.jpg` is `cover: {image: front.jpg}`). */
  | { kind: 'section'; fields: Record<string, FieldSpec>; description: string; shorthand?: string };

/** A key whose value is one of `values`. */
function choice<const Values extends readonly string[]>(values: Values, description: string) {
  return { kind: 'enum', values, description } as const;
}

export const printFields = {
  trim: {
    kind: 'parsed-string',
    parse: parseTrim,
    description: 'Trim size: `6x9in` (default), `5x8in`, `5.5x8.5in`, `a5`, `royal`, or `W x H` such as `170mm x 240mm`.',
  },
  bleed: {
    kind: 'parsed-string',
    parse: parseBleed,
    description: 'Bleed around the trim, e.g. `3mm` or `0.125in`: adds crop marks and sets TrimBox/BleedBox. Default: none.',
  },
  paper: choice(['white', 'cream', 'color'], 'Interior paper, which sets the spine width of the print cover: `white` (default), `cream` or `color`.'),
  timeout: {
    kind: 'parsed-string',
    parse: parseTimeout,
    description: 'How long the print layout may take, e.g. `120s` or `5min`. Default: a minute plus a second per page and per chapter, 0.1 s per note and 0.5 s per image.',
  },
  maxPages: {
    kind: 'parsed-string',
    parse: parseMaxPages,
    description: 'The most pages the print PDF may have, e.g. `2000`; a book that would run longer stops with an error before or during layout. Default: 1200, the largest book print-on-demand shops bind.',
  },
} as const satisfies Record<string, FieldSpec>;

export const notesFields = {
  placement: choice(
    ['page', 'chapter-end', 'book-end'],
    'Where print notes go: `page` (foot of the page, default), `chapter-end` or `book-end` (endnotes).',
  ),
  numbering: choice(['chapter', 'book'], 'Note numbers start again in each chapter (`chapter`, default) or run on across the book (`book`).'),
  style: choice(['numbers', 'symbols'], 'Note calls as `numbers` (1, 2, 3; default) or `symbols` (*, †, ‡, §, ‖, ¶, then doubled).'),
} as const satisfies Record<string, FieldSpec>;

export const epubFields = {
  embedFonts: choice(
    ['none', 'body', 'all'],
    'Fonts carried inside the EPUB, only the glyph subsets the text uses: `body` (EB Garamond and the face of the book\'s language, default), `all` (every bundled face the text needs) or `none` (the reader\'s own fonts).',
  ),
} as const satisfies Record<string, FieldSpec>;

export const figuresFields = {
  numbering: choice(
    ['none', 'chapter', 'book'],
    'Figure captions numbered per `chapter` (Figure 3.2), through the `book` (Figure 12), or `none` (captions as written, default).',
  ),
} as const satisfies Record<string, FieldSpec>;

/** A face of the book's own choice for one role: an installed fontsource package. */
function fontRole(role: string, bundled: string, example: string) {
  return {
    kind: 'parsed-string',
    parse: parseFontPackage,
    description: `Face for ${role}: an installed fontsource package with TrueType outlines (\`npm install\` it first), e.g. \`${example}\`. Default: ${bundled}.`,
  } as const;
}

export const fontsFields = {
  body: fontRole('Latin, Greek and Cyrillic text, heads and folios', 'EB Garamond', '@fontsource/literata'),
  cjk: fontRole('Chinese and Korean text', 'Noto Serif SC', '@fontsource/noto-serif-tc'),
  japanese: fontRole('Japanese text', 'Noto Serif JP', '@fontsource/shippori-mincho'),
  arabic: fontRole('Arabic-script text', 'Noto Naskh Arabic', '@fontsource/amiri'),
  hebrew: fontRole('Hebrew text', 'Frank Ruhl Libre', '@fontsource/david-libre'),
  mono: fontRole('code', 'Noto Sans Mono', '@fontsource/jetbrains-mono'),
} as const satisfies Record<string, FieldSpec>;

/** Overrides of the words Folio writes itself; the defaults come in the book's language (templates/util/generated-text.ts). */
export const textFields = Object.fromEntries(
  generatedTextKeys.map((key) => [key, { kind: 'string', description: `Generated text \`${key}\`; default in the book's language (English: “${translations.en![key]}”).` }]),
) as Record<string, FieldSpec>;

/** What a section of book.yaml holds once read: each parsed key what its `parse` returns, each choice one of its values. */
export type SectionValues<Fields> = {
  [Key in keyof Fields]?: Fields[Key] extends { parse: (value: string) => infer Value }
    ? Value
    : Fields[Key] extends { values: readonly (infer Value)[] }
      ? Value
      : string;
};

export const bookFields = {
  title: { kind: 'string', description: 'Title of the book. Default: the first heading of the first chapter.' },
  subtitle: { kind: 'string', description: 'Subtitle, shown on the title page and in the metadata.' },
  language: { kind: 'language', description: 'BCP 47 language tag of the text (`en`, `fr`, `zh-Hans`, `ar`): sets direction, fonts, quotes, hyphenation, line breaking and generated text. Default: the language of the script most of the text is in (`en` for Latin).' },
  identifier: { kind: 'string', description: 'Unique identifier: `urn:isbn:…`, `urn:uuid:…` or any URI. Default: a UUID derived from the title, stable across builds.' },
  publisher: { kind: 'string', description: 'Publisher named on the copyright page and in the metadata.' },
  date: { kind: 'date', description: 'Publication date, `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.' },
  rights: { kind: 'string', description: 'Copyright statement for the copyright page and the metadata.' },
  description: { kind: 'string', description: 'A short description for stores and the EPUB metadata.' },
  subjects: { kind: 'string-list', description: 'Subject keywords. Default: none.' },
  contributors: { kind: 'contributors', description: 'People who made the book, each `{name, role}`; roles: author, editor, translator, interviewer, interviewee, illustrator, contributor.' },
  frontmatter: { kind: 'file-list', description: 'Markdown files before the body (foreword, preface), in order. Default: none.' },
  chapters: { kind: 'file-list', description: 'Markdown files of the body, in order. Default: every `.md` file of the folder in file-name order.' },
  backmatter: { kind: 'file-list', description: 'Markdown files after the body (appendices, notes), in order. Default: none.' },
  cover: {
    kind: 'section',
    shorthand: 'image',
    fields: {
      image: {
        kind: 'string',
        description: 'Front-cover image (JPEG or PNG, ideally 1600×2560), relative to the manuscript folder, for the EPUB and the print cover; `cover: path` is short for `cover: {image: path}`. Default: a cover drawn from the title and contributors.',
      },
      back: { kind: 'string', description: 'Back-cover copy of the print cover, set in the book’s fonts; blank lines separate paragraphs. Default: none.' },
    },
    description: 'Cover settings.',
  },
  print: { kind: 'section', fields: printFields, description: 'Print settings.' },
  notes: { kind: 'section', fields: notesFields, description: 'Footnote settings.' },
  epub: { kind: 'section', fields: epubFields, description: 'EPUB settings.' },
  figures: { kind: 'section', fields: figuresFields, description: 'Figure settings.' },
  fonts: { kind: 'section', fields: fontsFields, description: 'Faces of the book\'s own choice, by role.' },
  text: { kind: 'section', fields: textFields, description: 'Generated text: headings, labels, credits and colophon.' },
} as const satisfies Record<string, FieldSpec>;

export const contributorRoles: readonly ContributorRole[] = [
  'author',
  'editor',
  'translator',
  'interviewer',
  'interviewee',
  'illustrator',
  'contributor',
];

export const defaults = {
  language: 'en',
  trim: parseTrim('6x9in'),
  notePlacement: 'page',
  embedFonts: 'body',
  noteNumbering: 'chapter',
  noteStyle: 'numbers',
  figureNumbering: 'none',
} as const;

const kindNames: Record<FieldSpec['kind'], string> = {
  string: 'string',
  'string-list': 'list of strings',
  'file-list': 'list of files',
  date: 'date',
  language: 'language tag',
  contributors: 'list of `{name, role}`',
  enum: 'one of',
  'parsed-string': 'string',
  section: 'section',
};

/** The book.yaml reference as a Markdown table, one row per key (nested keys as `print.trim`): the README shows it. */
export function configTable(fields: Record<string, FieldSpec> = bookFields, prefix = ''): string {
  const rows: string[] = [];
  for (const [key, spec] of Object.entries(fields)) {
    if (spec.kind === 'section') {
      rows.push(...configTable(spec.fields, `${prefix}${key}.`).split('\n').slice(2));
      continue;
    }
    const type = spec.kind === 'enum' ? spec.values.map((value) => `\`${value}\``).join(', ') : kindNames[spec.kind];
    rows.push(`| \`${prefix}${key}\` | ${type} | ${spec.description} |`);
  }
  return ['| key | type | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}
