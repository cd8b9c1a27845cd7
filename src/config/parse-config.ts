import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode, type Pair } from 'yaml';
import type { VFile } from 'vfile';
import type { Point } from 'unist';
import type { BookConfig, Contributor, ContributorRole, EpubConfig, FiguresConfig, NotesConfig, PrintConfig } from '../types.js';
import { bookFields, contributorRoles, type FieldSpec } from './schema.js';
import { suggest } from './suggest.js';
import { report as fileReport, type RuleId } from '../report.js';

/** What book.yaml says, before defaults that need the manuscript (title, chapter list) are filled in. */
export type PartialConfig = Partial<Omit<BookConfig, 'print' | 'notes' | 'epub' | 'figures'>> & {
  figures?: Partial<FiguresConfig>;
  print?: Partial<PrintConfig>;
  notes?: Partial<NotesConfig>;
  epub?: Partial<EpubConfig>;
};

export interface ParsedConfig {
  config: PartialConfig;
  /** Where each value stands in book.yaml, keyed `chapters[2]` or `print.trim`, so later stages can point at it. */
  places: Map<string, Point>;
}

const SOURCE = 'folio';

/**
 * Parses and validates book.yaml held in `file`. Problems become messages on `file` with their
 * line and column; the returned config holds only the values that passed.
 */
export function parseBookConfig(file: VFile): ParsedConfig {
  const lineCounter = new LineCounter();
  const document = parseDocument(String(file.value), { lineCounter, prettyErrors: false, uniqueKeys: true });
  const pointAt = (offset: number): Point => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const report = (node: YamlNode | Pair | null | undefined, reason: string, ruleId: RuleId) => {
    const range = node && 'range' in node ? node.range : node && 'key' in node ? (node.key as YamlNode | null)?.range : undefined;
    fileReport(file, ruleId, reason, range ? pointAt(range[0]) : undefined);
  };

  for (const error of document.errors) {
    fileReport(file, 'config-syntax', error.message.split('\n')[0] ?? error.message, pointAt(error.pos[0]));
  }
  const places = new Map<string, Point>();
  if (document.errors.length > 0 || document.contents === null) return { config: {}, places };
  if (!isMap(document.contents)) {
    report(document.contents, 'book.yaml must be a mapping of keys to values', 'config-type');
    return { config: {}, places };
  }

  const config = readSection('', bookFields, document.contents, report, places, pointAt) as PartialConfig;
  return { config, places };
}

/** Reads a mapping against its schema; `prefix` is `print.` for nested sections, so messages name the full key. */
function readSection(
  prefix: string,
  fields: Record<string, FieldSpec>,
  node: YamlNode | null,
  report: Reporter,
  places: Map<string, Point>,
  pointAt: (offset: number) => Point,
): Record<string, unknown> | undefined {
  if (!isMap(node)) {
    report(node, `\`${prefix.replace(/\.$/, '')}\` must be a mapping of keys to values`, 'config-type');
    return undefined;
  }
  const section: Record<string, unknown> = {};
  for (const pair of node.items) {
    const keyNode = pair.key as YamlNode;
    const key = isScalar(keyNode) ? String(keyNode.value) : '';
    const spec = Object.hasOwn(fields, key) ? fields[key] : undefined;
    if (!spec) {
      const hint = suggest(key, Object.keys(fields));
      const where = prefix ? `\`${prefix}${key}\`` : `\`${key}\` in book.yaml`;
      report(keyNode, `Unknown key ${where}${hint ? ` (did you mean \`${prefix}${hint}\`?)` : ''}`, 'config-unknown-key');
      continue;
    }
    const valueNode = pair.value as YamlNode | null;
    const name = `${prefix}${key}`;
    if (valueNode?.range) places.set(name, pointAt(valueNode.range[0]));
    if (isSeq(valueNode)) {
      valueNode.items.forEach((item, index) => {
        const range = (item as YamlNode).range;
        if (range) places.set(`${name}[${index}]`, pointAt(range[0]));
      });
    }
    const value =
      spec.kind === 'section' && spec.shorthand && isScalar(valueNode) && typeof valueNode.value === 'string'
        ? { [spec.shorthand]: valueNode.value }
        : spec.kind === 'section'
        ? readSection(`${name}.`, spec.fields, valueNode, report, places, pointAt)
        : readField(name, spec, valueNode, report);
    if (value !== undefined) section[key] = value;
  }
  return section;
}

type Reporter = (node: YamlNode | Pair | null | undefined, reason: string, ruleId: RuleId) => void;

function readField(key: string, spec: Exclude<FieldSpec, { kind: 'section' }>, node: YamlNode | null, report: Reporter): unknown {
  switch (spec.kind) {
    case 'string':
      return readString(key, node, report);
    case 'date': {
      const value = readString(key, node, report);
      if (value !== undefined && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(value)) {
        report(node, `\`${key}\` must be a date as YYYY, YYYY-MM or YYYY-MM-DD, not \`${value}\``, 'config-type');
        return undefined;
      }
      if (value !== undefined && !isCalendarDate(value)) {
        report(node, `\`${key}\` is not a real date: \`${value}\``, 'config-type');
        return undefined;
      }
      return value;
    }
    case 'language': {
      const value = readString(key, node, report);
      if (value !== undefined && !isLanguageTag(value)) {
        report(node, `\`${key}\` must be a BCP 47 language tag such as \`en\` or \`zh-Hans\`, not \`${value}\``, 'config-type');
        return undefined;
      }
      return value;
    }
    case 'string-list':
    case 'file-list':
      return readStringList(key, node, report);
    case 'contributors':
      return readContributors(node, report);
    case 'enum': {
      const value = readString(key, node, report);
      if (value === undefined || spec.values.includes(value)) return value;
      const hint = suggest(value, spec.values);
      report(node, `\`${key}\` must be one of ${spec.values.map((v) => `\`${v}\``).join(', ')}, not \`${value}\`${hint ? ` (did you mean \`${hint}\`?)` : ''}`, 'config-type');
      return undefined;
    }
    case 'parsed-string': {
      const value = readString(key, node, report);
      if (value === undefined) return undefined;
      try {
        return spec.parse(value);
      } catch (error) {
        report(node, `\`${key}\`: ${error instanceof Error ? error.message : String(error)}`, 'config-type');
        return undefined;
      }
    }
  }
}

function readString(key: string, node: YamlNode | null, report: Reporter): string | undefined {
  // Dates and numbers are fine where a string is expected (`date: 2025-02-01`, `title: 1984`): keep the source text.
  if (isScalar(node) && node.value !== null && typeof node.value !== 'object' && typeof node.value !== 'boolean') {
    const value = typeof node.value === 'string' ? node.value : String(node.source ?? node.value);
    // YAML escapes (`"Bell\x07"`) can spell characters XML 1.0 forbids; in the package document they break the EPUB.
    const control = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.exec(value);
    if (control) {
      const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
      report(node, `\`${key}\` holds the control character U+${code}, which a book cannot carry: remove it`, 'config-control-character');
      return undefined;
    }
    return value;
  }
  if (isScalar(node) && node.value instanceof Date) return node.source ?? node.value.toISOString().slice(0, 10);
  report(node, `\`${key}\` must be a string`, 'config-type');
  return undefined;
}

function readStringList(key: string, node: YamlNode | null, report: Reporter): string[] | undefined {
  if (!isSeq(node)) {
    report(node, `\`${key}\` must be a list`, 'config-type');
    return undefined;
  }
  const values: string[] = [];
  for (const item of node.items) {
    const value = readString(`${key}[]`, item as YamlNode, report);
    if (value !== undefined) values.push(value);
  }
  return values;
}

function readContributors(node: YamlNode | null, report: Reporter): Contributor[] | undefined {
  if (!isSeq(node)) {
    report(node, '`contributors` must be a list of `{name, role}`', 'config-type');
    return undefined;
  }
  const contributors: Contributor[] = [];
  for (const item of node.items as YamlNode[]) {
    if (isScalar(item) && typeof item.value === 'string') {
      contributors.push({ name: item.value, role: 'author' });
      continue;
    }
    if (!isMap(item)) {
      report(item, 'A contributor must be a name or `{name, role}`', 'config-type');
      continue;
    }
    let name: string | undefined;
    let role: ContributorRole = 'author';
    for (const pair of item.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (key === 'name') name = readString('name', pair.value as YamlNode, report);
      else if (key === 'role') {
        const value = readString('role', pair.value as YamlNode, report);
        if (value !== undefined && !contributorRoles.includes(value as ContributorRole)) {
          const hint = suggest(value, contributorRoles);
          report(pair.value as YamlNode, `Unknown contributor role \`${value}\`${hint ? ` (did you mean \`${hint}\`?)` : ''}`, 'config-type');
        } else if (value !== undefined) role = value as ContributorRole;
      } else {
        const hint = suggest(key, ['name', 'role']);
        report(pair.key as YamlNode, `Unknown key \`${key}\` in a contributor${hint ? ` (did you mean \`${hint}\`?)` : ''}`, 'config-unknown-key');
      }
    }
    const named = item.items.some((pair) => isScalar(pair.key) && pair.key.value === 'name');
    // A name that was there but refused (a control character) has its own message.
    if (name !== undefined) contributors.push({ name, role });
    else if (!named) report(item, 'A contributor needs a `name`', 'config-missing');
  }
  return contributors;
}

/** Whether a `YYYY`, `YYYY-MM` or `YYYY-MM-DD` date exists on the calendar (no month 13, no 30 February). */
function isCalendarDate(value: string): boolean {
  const [year, month = 1, day = 1] = value.split('-').map(Number) as [number, number?, number?];
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The form of a BCP 47 language tag (`en`, `zh-Hans`, `fr-CA`), as book.yaml and chapter front matter take it. */
export function isLanguageTag(value: string): boolean {
  return /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/.test(value);
}
