import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from '../../templates/util/visit.js';
import { VFile } from 'vfile';
import { parseBookConfig, type ParsedConfig } from '../config/parse-config.js';
import { checkCover } from './assets.js';
import { severityOf, report } from '../report.js';
import { resolveInManuscript } from './inside.js';
import { findInvalidUtf8 } from './utf8.js';
import { doesNotExist, unreadableReason } from './file-kind.js';
import { dominantLanguage } from './detect-language.js';
import { defaults } from '../config/schema.js';
import type { BookConfig, Manuscript, ManuscriptFile, Section } from '../types.js';


export interface LoadResult {
  /** Undefined when the manuscript cannot be built at all (no files, unreadable config). */
  manuscript?: Manuscript;
  /** Every file read, for diagnostics: book.yaml first, then the chapters. */
  files: VFile[];
}

/**
 * Reads the manuscript folder: book.yaml when there is one, else every Markdown file in file-name order.
 * This is the only code that reads the manuscript from disk.
 */
export async function loadManuscript(folder: string): Promise<LoadResult> {
  const root = resolve(folder);
  const files: VFile[] = [];
  const rootStat = await stat(root).catch(() => undefined);
  const configFile = new VFile({ path: join(root, 'book.yaml') });
  if (!rootStat?.isDirectory()) {
    configFile.path = root;
    report(configFile, 'manuscript-empty', `The manuscript folder \`${folder}\` does not exist`);
    return { files: [configFile] };
  }

  const configProblem = unreadableReason(configFile.path);
  if (configProblem !== undefined && configProblem !== doesNotExist) {
    report(configFile, 'file-unreadable', `book.yaml cannot be read: ${configProblem}`);
    return { files: [configFile] };
  }
  const configText = configProblem === undefined ? await readText(configFile) : undefined;
  if (configText === undefined && configFile.messages.length > 0) return { files: [configFile] };
  const hasConfig = configText !== undefined;
  const parsed: ParsedConfig = hasConfig ? parseBookConfig(Object.assign(configFile, { value: configText })) : { config: {}, places: new Map() };
  if (hasConfig) files.push(configFile);
  const { config: partial, places } = parsed;

  const markdownInFolder = (await readdir(root)).filter((name) => name.toLowerCase().endsWith('.md')).sort(compareFileNames);
  const listed = new Set([...(partial.frontmatter ?? []), ...(partial.chapters ?? []), ...(partial.backmatter ?? [])]);
  const order: Array<[Section, string[], string]> = [
    ['frontmatter', partial.frontmatter ?? [], 'frontmatter'],
    ['body', partial.chapters ?? markdownInFolder.filter((name) => !listed.has(name)), 'chapters'],
    ['backmatter', partial.backmatter ?? [], 'backmatter'],
  ];

  const manuscriptFiles: ManuscriptFile[] = [];
  // Where each chapter was first listed, so a second listing is named with the first.
  const firstListed = new Map<string, string>();
  for (const [section, names, key] of order) {
    const listedInConfig = key === 'chapters' ? partial.chapters !== undefined : true;
    for (const [index, name] of names.entries()) {
      const place = places.get(`${key}[${index}]`);
      const where = resolveInManuscript(root, name, { urlEncoded: false });
      if (where.status === 'outside') {
        report(configFile, 'chapter-outside', `Chapter ${where.reason}: chapters must be inside it`, place);
        continue;
      }
      const path = where.path;
      const earlier = firstListed.get(path);
      if (earlier !== undefined) {
        report(configFile, 'chapter-duplicate', `Chapter \`${name}\` is listed twice (first as ${earlier}): a chapter appears once; remove this entry`, place);
        continue;
      }
      const placeText = place ? `line ${place.line}` : `\`${key}\``;
      firstListed.set(path, `\`${name}\` at ${placeText}`);
      const file = new VFile({ path });
      const problem = unreadableReason(path);
      if (problem !== undefined && problem !== doesNotExist) {
        // Reported, never skipped in silence: a dangling symlink, a named pipe (which would block the read) or a huge file.
        if (listedInConfig) report(configFile, 'file-unreadable', `Chapter \`${name}\` listed in \`${key}\` cannot be read: ${problem}`, place);
        else {
          report(file, 'file-unreadable', `Chapter cannot be read: ${problem}`);
          files.push(file);
        }
        continue;
      }
      const text = problem === undefined ? await readText(file) : undefined;
      if (text === undefined && file.messages.length > 0) {
        files.push(file);
        continue;
      }
      if (text === undefined) {
        report(configFile, 'chapter-missing', `Chapter \`${name}\` listed in \`${key}\` does not exist`, place);
        continue;
      }
      // A byte-order mark and CRLF line ends are common from Windows editors and harmless: accepted silently.
      file.value = replaceControlCharacters(file, text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'));
      files.push(file);
      if (file.value.toString().trim() === '') {
        report(file, 'chapter-empty', 'Chapter is empty', { line: 1, column: 1 });
        continue;
      }
      manuscriptFiles.push({ file, section });
    }
  }

  // When chapters were listed but failed (missing, not UTF-8), their messages already say why: no second one.
  const explained = files.some((file) => file.messages.some((message) => severityOf(message) === 'error'));
  if (manuscriptFiles.length === 0 && explained) return { files };
  if (manuscriptFiles.length === 0) {
    const target = hasConfig ? configFile : new VFile({ path: root });
    report(target, 'manuscript-empty', 'The manuscript has no chapters: add Markdown files or list them in book.yaml');
    if (!hasConfig) files.push(target);
    return { files };
  }

  const title = partial.title ?? firstHeading(String(manuscriptFiles[0]!.file.value)) ?? 'Untitled';
  const config: BookConfig = {
    title,
    subtitle: partial.subtitle,
    language: partial.language ?? detectLanguage(manuscriptFiles.map(({ file }) => file), hasConfig ? configFile : manuscriptFiles[0]!.file),
    identifier: partial.identifier ?? `urn:uuid:${uuidFromText(title)}`,
    publisher: partial.publisher,
    date: partial.date,
    rights: partial.rights,
    description: partial.description,
    subjects: partial.subjects ?? [],
    contributors: partial.contributors ?? [],
    frontmatter: partial.frontmatter ?? [],
    chapters: order[1][1],
    backmatter: partial.backmatter ?? [],
    print: { ...partial.print, trim: partial.print?.trim ?? defaults.trim },
    notes: {
      ...partial.notes,
      placement: partial.notes?.placement ?? defaults.notePlacement,
      numbering: partial.notes?.numbering ?? defaults.noteNumbering,
      style: partial.notes?.style ?? defaults.noteStyle,
    },
    cover: {
      image: partial.cover?.image !== undefined && checkCover(root, partial.cover.image, configFile, places.get('cover.image') ?? places.get('cover')) ? partial.cover.image : undefined,
      back: partial.cover?.back,
    },
    epub: { embedFonts: partial.epub?.embedFonts ?? defaults.embedFonts },
    figures: { numbering: partial.figures?.numbering ?? defaults.figureNumbering },
    fonts: partial.fonts,
    text: partial.text,
  };
  return { manuscript: { root, configFile: hasConfig ? configFile : undefined, config, files: manuscriptFiles }, files };
}

/**
 * The file's text, or undefined when it cannot be read. A file that is not UTF-8 gets a message naming the
 * first bad byte, so an author can find the stray Latin-1 or Windows-1252 character instead of seeing mojibake.
 */
async function readText(file: VFile): Promise<string | undefined> {
  const bytes = await readFile(file.path).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') report(file, 'file-unreadable', `File cannot be read: ${error.code ?? error.message}`);
    return undefined;
  });
  if (bytes === undefined) return undefined;
  const invalid = findInvalidUtf8(bytes);
  if (invalid) {
    const hex = invalid.byte.toString(16).toUpperCase().padStart(2, '0');
    report(file, 'encoding-invalid', `File is not valid UTF-8: byte 0x${hex} at byte offset ${invalid.offset}; save it as UTF-8`, { line: invalid.line, column: invalid.column, offset: invalid.offset });
    return undefined;
  }
  return bytes.toString('utf8');
}

/** Characters XML 1.0 forbids (C0 controls but tab and newline, U+FFFE, U+FFFF): an EPUB holding one is broken. */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/**
 * Replaces each forbidden control character (a stray form feed or bell from a word processor) with a space,
 * which keeps every later line and column where the author sees it, and reports the first with a count.
 */
function replaceControlCharacters(file: VFile, text: string): string {
  const matches = [...text.matchAll(CONTROL_CHARACTER)];
  if (matches.length === 0) return text;
  const first = matches[0]!;
  const before = text.slice(0, first.index);
  const line = before.split('\n').length;
  const column = first.index - (before.lastIndexOf('\n') + 1) + 1;
  const code = first[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
  const more = matches.length > 1 ? ` (and ${matches.length - 1} more)` : '';
  report(file, 'text-control-character', `Control character U+${code}${more} cannot appear in a book: replaced with a space`, { line, column, offset: first.index });
  return text.replace(CONTROL_CHARACTER, ' ');
}

/** `2-intro.md` before `10-end.md`: numbers in names compare as numbers, as authors expect. */
function compareFileNames(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/**
 * The plain text of the first heading, as a reader sees it: markup (`*`, `` ` ``, raw HTML such as
 * `<span lang="zh">`) is dropped and entities decoded, so the title in the metadata and the file name carry no tags.
 */
function firstHeading(markdown: string): string | undefined {
  const line = /^#{1,6}[ \t]+(.+?)[ \t#]*$/m.exec(markdown)?.[1];
  if (line === undefined) return undefined;
  const texts: string[] = [];
  visit(unified().use(remarkParse).parse(line), (node) => {
    if (node.type === 'text' || node.type === 'inlineCode') texts.push(node.value);
  });
  return texts.join('').replace(/\s+/g, ' ').trim() || undefined;
}

/** A name-based UUID (version 5 layout over SHA-1) so a book without an identifier keeps the same one on every build. */
export function uuidFromText(text: string): string {
  const hex = createHash('sha1').update(`folio:${text}`).digest('hex').slice(0, 32).split('');
  hex[12] = '5';
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const joined = hex.join('');
  return `${joined.slice(0, 8)}-${joined.slice(8, 12)}-${joined.slice(12, 16)}-${joined.slice(16, 20)}-${joined.slice(20)}`;
}

/**
 * A book.yaml without `language` (or no book.yaml): the language of the script most of the text is in, said in
 * one info line when it is not the default English, so an Arabic or Chinese book is never set as English.
 */
function detectLanguage(files: VFile[], reportOn: VFile): string {
  const detected = dominantLanguage(files.map((file) => String(file.value ?? ''))) ?? defaults.language;
  if (detected !== defaults.language) {
    reportOn.message(`No \`language\` in book.yaml: the text is mostly in the script of \`${detected}\`, so the book is set as \`${detected}\` (say \`language:\` to choose)`, {
      ruleId: 'language-detected',
      source: 'folio',
    });
  }
  return detected;
}
