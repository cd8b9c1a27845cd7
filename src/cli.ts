#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BuildOutput } from './build.js';
import { helpText, packageVersion, parseCommandLine, UsageError, type ParsedArgs } from './cli/args.js';
import type { Diagnostic } from './report.js';
import { outDirProblem } from './io/check-out-dir.js';
import type { Format, Target } from './types.js';

const allTargets: Target[] = ['epub', 'pdf', 'html'];
/** Formats built only on request: the print cover. */
const extraFormats: Format[] = ['cover'];

export async function main(argv: string[]): Promise<number> {
  let args: ParsedArgs;
  try {
    args = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`folio: ${error.message}`);
    return 2;
  }
  if (args.help) {
    console.log(helpText(args.commandGiven ? args.command : undefined));
    return 0;
  }
  if (args.version) {
    console.log(packageVersion());
    return 0;
  }
  const values = args;
  const command = args.command;
  if (command === 'init') {
    const { initBook } = await import('./cli/init.js');
    return initBook(args.manuscript);
  }
  if (command === 'preview') {
    // Loaded on demand: the preview pulls in the print emitter and puppeteer, a second `check` should not pay.
    const [{ runPreview }, { DEFAULT_PORT }] = await Promise.all([import('./preview/index.js'), import('./preview/server.js')]);
    const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      console.error(`folio: --port must be a port number (0 to 65535), not \`${values.port}\``);
      return 2;
    }
    return runPreview({ manuscript: values.manuscript, port, open: values.open });
  }

  const formats = values.format.flatMap((value) => value.split(',')).map((value) => value.trim().toLowerCase());
  const unknown = formats.filter((format) => ![...allTargets, ...extraFormats].includes(format as Format));
  if (unknown.length > 0) {
    console.error(`folio: unknown format \`${unknown.join(', ')}\`: use epub, pdf, html or cover`);
    return 2;
  }
  const isCheck = command === 'check';
  if (values.package !== undefined && !['kdp', 'ingram'].includes(values.package)) {
    console.error(`folio: unknown shop \`${values.package}\` for --package: use kdp or ingram`);
    return 2;
  }
  if (values.package && isCheck) {
    console.error('folio: --package is for `folio build`, not `folio check`: it writes files');
    return 2;
  }
  // A package is the whole upload: the interior PDF, the cover and the EPUB, whatever --format says.
  if (values.package) for (const format of ['pdf', 'epub', 'cover']) if (!formats.includes(format)) formats.push(format);
  const misplaced = misplacedFlag(values, isCheck, formats);
  if (misplaced) {
    console.error(`folio: ${misplaced}`);
    return 2;
  }
  // Checked before any work: a build that cannot write its outputs should not lay out a whole PDF first.
  const outProblem = isCheck ? undefined : outDirProblem(values.out);
  if (outProblem) {
    console.error(`folio: --out: ${outProblem}`);
    return 2;
  }
  // Loaded after the command line is read: `--help`, `--version` and a typo answer without loading the engine.
  const [{ build }, { installInterruptHandlers, useProcessTempDir }, { formatWithFrame }] = await Promise.all([
    import('./build.js'),
    import('./process/lifecycle.js'),
    import('./report.js'),
  ]);
  if (!isCheck) {
    // Ctrl-C or a CI timeout mid-build: kill the browser, remove temporary files, keep the previous outputs.
    useProcessTempDir();
    installInterruptHandlers({ outDir: values.out });
  }
  const started = performance.now();
  const result = await build({
    manuscript: values.manuscript,
    out: values.out,
    // `check` runs the same stages as an HTML build but stops before writing: no browser, no files.
    formats: isCheck ? [] : formats.length > 0 ? (formats as Format[]) : allTargets,
    strict: values.strict,
    onOutput: values.json ? undefined : (output) => (progress.clear(), (!values.quiet || output.error) && printOutput(output, values.quiet)),
    // IngramSpark prefers PDF/X (X-1a or X-3): its package carries the press copy.
    press: values.press || values.package === 'ingram',
    proof: values.proof,
    coverGuides: values.coverGuides,
    package: values.package as 'kdp' | 'ingram' | undefined,
    cache: !values.noCache,
    onProgress: values.json || values.quiet ? undefined : progress.show,
  });
  progress.clear();

  if (values.json) {
    console.log(JSON.stringify({ ok: result.ok, diagnostics: result.diagnostics, outputs: result.outputs.map(jsonOutput) }, null, 2));
  } else {
    printDiagnostics(result.diagnostics, result.sources, values.quiet, formatWithFrame);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (!result.ok) console.error(`folio: ${isCheck ? 'check' : 'build'} failed (${seconds} s)`);
    else if (!values.quiet) console.error(isCheck ? `folio: no errors (${seconds} s)` : `folio: done in ${seconds} s`);
  }
  return result.ok ? 0 : 1;
}

/** A flag this command would silently ignore: the user expects it to do something, so say why it cannot. */
function misplacedFlag(values: { port?: string; open?: boolean; press?: boolean; proof?: boolean; coverGuides?: boolean }, isCheck: boolean, formats: string[]): string | undefined {
  const command = isCheck ? 'check' : 'build';
  for (const flag of ['port', 'open'] as const) {
    if (values[flag] !== undefined && values[flag] !== false) return `--${flag} is for \`folio preview\`, not \`folio ${command}\``;
  }
  for (const flag of ['press', 'proof'] as const) {
    if (!values[flag]) continue;
    if (isCheck) return `--${flag} is for \`folio build\`, not \`folio check\`: it writes a PDF`;
    if (formats.length > 0 && !formats.includes('pdf')) return `--${flag} needs the pdf format: add \`--format pdf\``;
  }
  if (values.coverGuides && (isCheck || !formats.includes('cover'))) return '--cover-guides needs the cover format: add `--format cover`';
  return undefined;
}

function printOutput(output: BuildOutput, quiet: boolean) {
  const seconds = (output.milliseconds / 1000).toFixed(1);
  if (output.error) console.error(`✗ ${output.target}: ${output.error.message} (${seconds} s)`);
  else console.error(`✓ ${output.target}: wrote ${output.path}${output.detail ? ` (${output.detail})` : ''} in ${seconds} s`);
}

/** One progress line, rewritten in place, on a terminal only: logs and CI output get no carriage-return noise. */
const progress = {
  shown: false,
  show(message: string) {
    if (!process.stderr.isTTY) return;
    const width = Math.max(20, (process.stderr.columns || 80) - 1);
    process.stderr.write(`\r\x1b[2K${message.slice(0, width)}`);
    progress.shown = true;
  },
  clear() {
    if (!progress.shown) return;
    process.stderr.write('\r\x1b[2K');
    progress.shown = false;
  },
};

function printDiagnostics(
  diagnostics: Diagnostic[],
  sources: Map<string, string>,
  quiet: boolean,
  formatWithFrame: (diagnostic: Diagnostic, source?: string) => string,
) {
  for (const diagnostic of diagnostics) {
    if (quiet && diagnostic.severity !== 'error') continue;
    // Code frames help most in book.yaml, where a stray indent or colon is hard to see.
    const source = diagnostic.file.endsWith('.yaml') ? sources.get(diagnostic.file) : undefined;
    console.error(formatWithFrame(diagnostic, source));
  }
}

function jsonOutput(output: BuildOutput) {
  return { target: output.target, path: output.path, milliseconds: Math.round(output.milliseconds), detail: output.detail, error: output.error?.message };
}

/** Run as a program (`tsx src/cli.ts`, the `folio` bin), not when a test imports `main`. */
function isEntryPoint(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  // Exit as soon as the command is done, not when the event loop drains: a library timer may outlive it
  // (puppeteer's 30 s wait for a new tab keeps running after the browser crashed). On Linux, writes to
  // stdout and stderr (pipes, files, terminals) are synchronous, so nothing printed is lost.
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`folio: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exit(70);
    },
  );
}
