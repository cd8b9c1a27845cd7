import { relative } from 'node:path';
import type { Point, Position } from 'unist';
import type { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';
import { codeFrame } from './config/code-frame.js';

export type Severity = 'error' | 'warning' | 'info';

/**
 * The closed catalogue of diagnostics. Every message Folio prints has a rule id listed here, so
 * editors, CI and `--strict` can rely on a stable set of names.
 */
export const rules = {
  'config-syntax': { severity: 'error', text: 'book.yaml is not valid YAML' },
  'config-unknown-key': { severity: 'error', text: 'book.yaml has a key Folio does not know' },
  'config-type': { severity: 'error', text: 'a book.yaml value has the wrong type or form' },
  'config-control-character': { severity: 'error', text: 'a book.yaml value holds a control character XML forbids' },
  'config-missing': { severity: 'error', text: 'a required book.yaml key is missing' },
  'chapter-missing': { severity: 'error', text: 'a chapter listed in book.yaml does not exist' },
  'chapter-duplicate': { severity: 'error', text: 'a chapter is listed more than once in book.yaml' },
  'file-unreadable': {
    severity: 'error',
    text: 'a manuscript file cannot be read: a dangling symlink, a named pipe, a device, a socket or over the 50 MB limit',
  },
  'chapter-empty': { severity: 'warning', text: 'a chapter file has no content' },
  'chapter-untitled': { severity: 'warning', text: 'a chapter does not open with a heading' },
  'frontmatter-syntax': { severity: 'error', text: "a chapter's front matter is not valid YAML" },
  'frontmatter-unknown-key': { severity: 'warning', text: "a chapter's front matter has a key Folio does not know" },
  'frontmatter-type': { severity: 'error', text: "a chapter's front matter value has the wrong type or form" },
  'chapter-outside': { severity: 'error', text: 'a chapter listed in book.yaml lies outside the manuscript folder' },
  'text-control-character': { severity: 'warning', text: 'a control character XML forbids was replaced with a space' },
  'encoding-invalid': { severity: 'error', text: 'a manuscript file is not valid UTF-8' },
  'manuscript-empty': { severity: 'error', text: 'the manuscript folder has no Markdown files' },
  'footnote-undefined': { severity: 'error', text: 'a footnote reference has no definition' },
  'footnote-unused': { severity: 'warning', text: 'a footnote definition is never referenced' },
  'footnote-duplicate': { severity: 'error', text: 'two footnote definitions share one label' },
  'heading-id-duplicate': { severity: 'warning', text: 'an id written in HTML is already used earlier in the book' },
  'heading-level-skipped': { severity: 'warning', text: 'a heading skips a level (`#` then `###`)' },
  'html-unclosed': { severity: 'warning', text: 'a tag in raw HTML is never closed: an inline one ends with its block, a list before the first block it cannot hold, other blocks with the chapter' },
  'html-unsafe': { severity: 'warning', text: 'raw HTML that could run code or load content was removed' },
  'attribute-invalid': { severity: 'warning', text: 'an HTML attribute is not valid on its element (`lang`, `dir`, `role`, `width` on a `<span>`, `<bdo>` without a direction, a block inside a heading) and was dropped or fixed' },
  'nesting-too-deep': { severity: 'error', text: 'blocks are nested deeper than 32 levels' },
  'image-source-dropped': { severity: 'warning', text: 'a `<source srcset>` was left out: the book carries the `<img>` of its `<picture>`' },
  'image-missing': { severity: 'error', text: 'an image file does not exist' },
  'image-type': { severity: 'error', text: 'an image has a type EPUB reading systems do not support' },
  'image-corrupt': { severity: 'error', text: 'an image is corrupt, truncated, unreadable or claims absurd dimensions' },
  'image-unsafe': { severity: 'warning', text: 'an SVG image with scripts, handlers or links to other files was left out' },
  'image-alt-missing': { severity: 'warning', text: 'an image has no alt text' },
  'path-outside': { severity: 'warning', text: 'a path points outside the manuscript folder and was refused' },
  'image-remote': { severity: 'warning', text: 'an image on the network was left out: a book carries its own images' },
  'link-broken': { severity: 'error', text: 'a relative link points to a file that does not exist' },
  'link-dead': {
    severity: 'warning',
    text: 'a link points to a file that is not part of the book or to an anchor that does not exist: its text is kept, the link removed',
  },
  'resource-refused': { severity: 'warning', text: 'the PDF renderer refused a request outside the book' },
  'pdf-layout': { severity: 'warning', text: 'paged.js or the browser reported a problem while laying out the PDF' },
  'layout-content-lost': { severity: 'error', text: 'the print layout dropped text it could not place (paged.js lays out no more than it can fit)' },
  'layout-content-repeated': { severity: 'error', text: 'the print layout set some text twice (paged.js started a page back in text it had already placed)' },
  'pdf-fonts': { severity: 'warning', text: 'the PDF has no fonts, or fonts without TrueType or CFF outlines' },
  'shop-check': { severity: 'warning', text: 'a print-on-demand shop’s published check failed for the `--package` upload (see its report.txt)' },
  'epub-generator': { severity: 'warning', text: 'the EPUB packer (epub-gen-memory) warned about a chapter' },
  'code-line-unbreakable': { severity: 'warning', text: 'a code line has a run too long for the printed line and no place to break it' },
  'image-low-resolution': { severity: 'warning', text: 'an image prints under 300 ppi at its printed size' },
  'image-resolution-total': { severity: 'warning', text: 'how many of the printed images print under 300 ppi, after the images’ own lines' },
  'table-too-wide': {
    severity: 'warning',
    text: 'a table is too wide for the printed page even scaled to 75% or turned on its side at 70%: its cells break mid-word',
  },
  'emphasis-literal': { severity: 'warning', text: 'emphasis markers that CommonMark leaves as literal `*` or `_`' },
  'language-detected': { severity: 'info', text: 'the book has no `language`: it was taken from the script most of its text is in' },
  'language-mismatch': { severity: 'warning', text: "a chapter is mostly in another script than its language" },
  'glyph-missing': { severity: 'error', text: 'a character has no glyph in any bundled font' },
} as const satisfies Record<string, { severity: Severity; text: string }>;

export type RuleId = keyof typeof rules;

/** Where a message points: a point or a range in the file, as vfile takes it. */
export type Place = Point | Position;

/**
 * The one way Folio reports a problem: a rule from the catalogue (a typo does not compile), the reason in words,
 * and the place in the file when there is one.
 */
export function report(file: VFile, rule: RuleId, reason: string, place?: Place | null): VFileMessage {
  return file.message(reason, { place, ruleId: rule, source: 'folio' });
}

/** A message about an output rather than a manuscript file: filed under the output's path, so it prints like any other. */
export interface OutputMessage {
  rule: RuleId;
  reason: string;
  /** The manuscript file it is about, when it points into one; else it is filed under the output. */
  file?: string;
  place?: Place;
}

export function isRuleId(id: string | undefined): id is RuleId {
  return id !== undefined && Object.hasOwn(rules, id);
}

/**
 * The severity a message carries: `fatal: true` marks errors, as in vfile; otherwise the rule decides. A message
 * outside the catalogue comes from a plugin Folio did not write: it counts as an error, so it is never missed.
 */
export function severityOf(message: VFileMessage): Severity {
  if (message.fatal === true) return 'error';
  return isRuleId(message.ruleId) ? rules[message.ruleId].severity : 'error';
}

export interface Diagnostic {
  file: string;
  line?: number;
  column?: number;
  severity: Severity;
  ruleId: string;
  reason: string;
}

export function toDiagnostic(file: VFile | undefined, message: VFileMessage, cwd = process.cwd()): Diagnostic {
  const path = message.file || file?.path;
  return {
    file: path ? relative(cwd, path) || path : '',
    line: message.line ?? undefined,
    column: message.column ?? undefined,
    severity: severityOf(message),
    ruleId: message.ruleId ?? 'unknown',
    reason: message.reason,
  };
}

/** `manuscript/03-name.md:12:5: error: reason [rule-id]`, the shape every editor and CI log understands. */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  const place = [diagnostic.file, diagnostic.line, diagnostic.column].filter((part) => part !== undefined && part !== '').join(':');
  return `${place ? `${place}: ` : ''}${diagnostic.severity}: ${diagnostic.reason} [${diagnostic.ruleId}]`;
}

/**
 * Every message of the given files, deduplicated (templates run once per target), file by file and in reading
 * order within a file: checks run in stages (parse, templates, links), but an author reads top to bottom.
 */
export function collectDiagnostics(files: Iterable<VFile>, cwd = process.cwd()): Diagnostic[] {
  const seen = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  const byPlace = (a: VFileMessage, b: VFileMessage) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
  for (const file of files) {
    for (const message of [...file.messages].sort(byPlace)) {
      const diagnostic = toDiagnostic(file, message, cwd);
      const key = formatDiagnostic(diagnostic);
      if (seen.has(key)) continue;
      seen.add(key);
      diagnostics.push(diagnostic);
    }
  }
  return diagnostics;
}

/** The printed form, with a code frame under messages about files whose text we hold (book.yaml). */
export function formatWithFrame(diagnostic: Diagnostic, source?: string): string {
  const head = formatDiagnostic(diagnostic);
  if (source === undefined || diagnostic.line === undefined) return head;
  return `${head}\n${codeFrame(source, diagnostic.line, diagnostic.column ?? 1)}`;
}

/** The catalogue as a Markdown table, for the README's Diagnostics section (test/readme.test.ts keeps them equal). */
export function rulesTable(): string {
  const rows = Object.entries(rules).map(([id, rule]) => `| \`${id}\` | ${rule.severity} | ${rule.text} |`);
  return ['| Rule | Severity | Meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

/** The file as diagnostics name it: relative to the working directory, like `manuscript/03-name.md`. */
export function placeOf(file: VFile): string {
  return file.path ? relative(process.cwd(), file.path) || file.path : '';
}
