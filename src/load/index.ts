import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { VFile } from 'vfile';
import { parseBookConfig, type ParsedConfig } from '../config/load-config.js';
import { defaults } from '../config/schema.js';
import type { BookConfig, Manuscript, ManuscriptFile, Section } from '../types.js';

const SOURCE = 'folio';

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
    configFile.message(`The manuscript folder \`${folder}\` does not exist`, { ruleId: 'manuscript-empty', source: SOURCE });
    return { files: [configFile] };
  }

  const configText = await readFile(configFile.path, 'utf8').catch(() => undefined);
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
  for (const [section, names, key] of order) {
    for (const [index, name] of names.entries()) {
      const path = resolve(root, name);
      const text = await readFile(path, 'utf8').catch(() => undefined);
      if (text === undefined) {
        configFile.message(`Chapter \`${name}\` listed in \`${key}\` does not exist`, {
          place: places.get(`${key}[${index}]`),
          ruleId: 'chapter-missing',
          source: SOURCE,
        });
        continue;
      }
      const file = new VFile({ path, value: text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n') });
      files.push(file);
      if (file.value.toString().trim() === '') {
        file.message('Chapter is empty', { place: { line: 1, column: 1 }, ruleId: 'chapter-empty', source: SOURCE });
        continue;
      }
      manuscriptFiles.push({ file, section });
    }
  }

  if (manuscriptFiles.length === 0) {
    const target = hasConfig ? configFile : new VFile({ path: root });
    target.message('The manuscript has no chapters: add Markdown files or list them in book.yaml', {
      ruleId: 'manuscript-empty',
      source: SOURCE,
    });
    if (!hasConfig) files.push(target);
    return { files };
  }

  const title = partial.title ?? firstHeading(String(manuscriptFiles[0]!.file.value)) ?? 'Untitled';
  const config: BookConfig = {
    title,
    subtitle: partial.subtitle,
    language: partial.language ?? defaults.language,
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
    print: { trim: partial.print?.trim ?? defaults.trim },
  };
  return { manuscript: { root, configFile: hasConfig ? configFile : undefined, config, files: manuscriptFiles }, files };
}

/** `2-intro.md` before `10-end.md`: numbers in names compare as numbers, as authors expect. */
function compareFileNames(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

function firstHeading(markdown: string): string | undefined {
  return /^#{1,6}[ \t]+(.+?)[ \t#]*$/m.exec(markdown)?.[1]?.replace(/[*_`]/g, '').trim();
}

/** A name-based UUID (version 5 layout over SHA-1) so a book without an identifier keeps the same one on every build. */
export function uuidFromText(text: string): string {
  const hex = createHash('sha1').update(`folio:${text}`).digest('hex').slice(0, 32).split('');
  hex[12] = '5';
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const joined = hex.join('');
  return `${joined.slice(0, 8)}-${joined.slice(8, 12)}-${joined.slice(12, 16)}-${joined.slice(16, 20)}-${joined.slice(20)}`;
}
