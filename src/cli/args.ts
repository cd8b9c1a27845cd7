import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { suggest } from '../config/suggest.js';
import { PACKAGE_ROOT } from '../package-root.js';

export const COMMANDS = ['build', 'check', 'preview', 'init'] as const;
export type Command = (typeof COMMANDS)[number];

/** A bad command line: printed as one line, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const OPTIONS = {
  manuscript: { type: 'string' },
  out: { type: 'string', default: 'dist' },
  format: { type: 'string', multiple: true },
  strict: { type: 'boolean', default: false },
  quiet: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  press: { type: 'boolean', default: false },
  proof: { type: 'boolean', default: false },
  'cover-guides': { type: 'boolean', default: false },
  package: { type: 'string' },
  'no-cache': { type: 'boolean', default: false },
  port: { type: 'string' },
  open: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'V', default: false },
} as const;

const VALUE_EXAMPLES: Record<string, string> = { manuscript: 'DIR', out: 'DIR', format: 'epub', port: '4173', package: 'kdp' };

export interface ParsedArgs {
  command: Command;
  /** False when the command was left out (`folio --help`, `folio` alone builds). */
  commandGiven: boolean;
  /** The manuscript folder (`folio build DIR` or `--manuscript DIR`), or for `init` the folder to create. */
  manuscript: string;
  /** Whether the folder was given at all: `init` needs to know. */
  manuscriptGiven: boolean;
  out: string;
  format: string[];
  strict: boolean;
  quiet: boolean;
  json: boolean;
  press: boolean;
  proof: boolean;
  coverGuides: boolean;
  package?: string;
  /** Build from nothing: neither read nor write `.folio-cache/`. */
  noCache: boolean;
  port?: string;
  open: boolean;
  help: boolean;
  version: boolean;
}

/** Parses `folio <command> [DIR] [options]`; throws UsageError naming the bad word and the closest valid one. */
export function parseCommandLine(argv: string[]): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: OPTIONS });
  } catch (error) {
    throw usageErrorFrom(error, argv);
  }
  const { values, positionals } = parsed;
  const [first, ...rest] = positionals;
  let command: Command = 'build';
  let folders = positionals;
  if (first !== undefined && (COMMANDS as readonly string[]).includes(first)) {
    command = first as Command;
    folders = rest;
  } else if (first !== undefined) {
    // `folio biuld` is a typo of a command; `folio path/to/book` would be a folder, but peers want the command first.
    const near = suggest(first, COMMANDS);
    throw new UsageError(`unknown command \`${first}\`${near ? ` (did you mean \`${near}\`?)` : ''}; commands: ${COMMANDS.join(', ')}`);
  }
  if (folders.length > 1) throw new UsageError(`\`folio ${command}\` takes one folder, got ${folders.length}: ${folders.join(' ')}`);
  const folder = folders[0];
  if (folder !== undefined && values.manuscript !== undefined && folder !== values.manuscript) {
    throw new UsageError(`two manuscript folders given: \`${folder}\` and \`--manuscript ${values.manuscript}\`; give one`);
  }
  const manuscript = folder ?? values.manuscript;
  return {
    command,
    commandGiven: command !== 'build' || first === 'build',
    manuscript: manuscript ?? 'manuscript',
    manuscriptGiven: manuscript !== undefined,
    out: values.out,
    format: values.format ?? [],
    strict: values.strict,
    quiet: values.quiet,
    json: values.json,
    press: values.press,
    proof: values.proof,
    coverGuides: values['cover-guides'],
    package: values.package,
    noCache: values['no-cache'],
    port: values.port,
    open: values.open,
    help: values.help,
    version: values.version,
  };
}

function usageErrorFrom(error: unknown, argv: string[]): Error {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /'([^']+)'/.exec(message)?.[1] ?? '';
    const name = option.replace(/^-+/, '').split('=')[0]!;
    const near = suggest(name, Object.keys(OPTIONS));
    return new UsageError(`unknown option \`${option}\`${near ? ` (did you mean \`--${near}\`?)` : ''}; see \`folio --help\``);
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const name = Object.keys(OPTIONS).find((key) => message.includes(`--${key}`));
    if (name && name in VALUE_EXAMPLES) {
      return new UsageError(`option \`--${name}\` needs a value, e.g. \`--${name} ${VALUE_EXAMPLES[name]}\``);
    }
    const flag = argv.find((word) => name && word.startsWith(`--${name}=`));
    return new UsageError(`option \`${flag ?? `--${name}`}\` takes no value`);
  }
  return new UsageError(message.split('\n')[0]!);
}

export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

const COMMON = `  --strict           Treat warnings as errors (exit 1)
  --quiet            Print errors only
  --json             Print {ok, diagnostics, outputs} as JSON on stdout, nothing else there`;

const HELP: Record<Command | 'main', string> = {
  main: `Usage: folio <command> [DIR] [options]

Commands:
  build      Build the book (EPUB, print PDF and HTML by default); the default command
  check      Check the manuscript and print its diagnostics; writes nothing
  preview    Serve the chapters on 127.0.0.1 with live reload
  init       Write a new book to start from

DIR is the manuscript folder (default: manuscript). \`folio <command> --help\` lists its options.

Options:
  -h, --help         Show this help
  -V, --version      Print the version`,
  build: `Usage: folio build [DIR] [options]

Builds the book in DIR (default: manuscript) into the output folder.

Options:
  --manuscript DIR   Manuscript folder, as DIR (default: manuscript)
  --out DIR          Output folder (default: dist)
  --format F         epub, pdf, html or cover; repeat or comma-separate (default: epub, pdf, html)
  --press            PDF: also write <slug>-press.pdf (PDF/X-3, gray, pure black text) for the printer
  --proof            PDF: also write <slug>-proof.png, every page as thumbnails in spreads
  --package SHOP     kdp or ingram: also write <slug>-<shop>/ with interior, cover, EPUB and report.txt of the shop's checks
  --cover-guides     Cover: also write <slug>-cover-guides.pdf with trim, spine, safe area and barcode box drawn
  --no-cache         Neither read nor write .folio-cache/ (beside DIR): build everything from nothing
${COMMON}`,
  check: `Usage: folio check [DIR] [options]

Runs the checks of a build on DIR (default: manuscript): no browser, no files written.

Options:
  --manuscript DIR   Manuscript folder, as DIR (default: manuscript)
${COMMON}`,
  preview: `Usage: folio preview [DIR] [options]

Serves the book in DIR (default: manuscript) on 127.0.0.1 and reloads the page when a file is saved.

Options:
  --manuscript DIR   Manuscript folder, as DIR (default: manuscript)
  --port N           Port to serve on (default: 4173, or the next free one)
  --open             Open the preview in the default browser`,
  init: `Usage: folio init [DIR]

Writes a new book into DIR (default: manuscript): book.yaml with every key explained, a foreword and two
chapters. Existing files are never overwritten.`,
};

export function helpText(command?: Command): string {
  return HELP[command ?? 'main'];
}
