#!/usr/bin/env -S npx tsx
import { parseArgs } from 'node:util';
import { build, type BuildOutput } from './build.js';
import { formatWithFrame, type Diagnostic } from './report.js';
import type { Target } from './types.js';

const usage = `Usage: folio <command> [options]

Commands:
  build      Build the book (EPUB, print PDF and HTML by default)
  check      Check the manuscript and print its diagnostics; writes nothing
  preview    Serve the chapters with live reload (coming with the preview)

Options:
  --manuscript DIR   Manuscript folder (default: manuscript)
  --out DIR          Output folder (default: dist)
  --format F         epub, pdf or html; repeat or comma-separate (default: all three)
  --strict           Treat warnings as errors
  --quiet            Print errors only
  --json             Print diagnostics as JSON
  -h, --help         Show this help`;

const allTargets: Target[] = ['epub', 'pdf', 'html'];

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      manuscript: { type: 'string', default: 'manuscript' },
      out: { type: 'string', default: 'dist' },
      format: { type: 'string', multiple: true },
      strict: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const command = positionals[0] ?? 'build';
  if (values.help) {
    console.log(usage);
    return 0;
  }
  if (command === 'preview') {
    console.error('folio: the preview server is not part of this release yet; build the HTML with `npm run build -- --format html` and open dist/html/index.html');
    return 2;
  }
  if (command !== 'build' && command !== 'check') {
    console.error(`folio: unknown command \`${command}\`\n\n${usage}`);
    return 2;
  }

  const formats = (values.format ?? []).flatMap((value) => value.split(',')).map((value) => value.trim().toLowerCase());
  const unknown = formats.filter((format) => !allTargets.includes(format as Target));
  if (unknown.length > 0) {
    console.error(`folio: unknown format \`${unknown.join(', ')}\`: use epub, pdf or html`);
    return 2;
  }
  const isCheck = command === 'check';
  const started = performance.now();
  const result = await build({
    manuscript: values.manuscript!,
    out: values.out!,
    // `check` runs the same stages as an HTML build but stops before writing: no browser, no files.
    formats: isCheck ? [] : formats.length > 0 ? (formats as Target[]) : allTargets,
    strict: values.strict,
    onOutput: values.json ? undefined : printOutput,
  });

  if (values.json) {
    console.log(JSON.stringify({ ok: result.ok, diagnostics: result.diagnostics, outputs: result.outputs.map(jsonOutput) }, null, 2));
  } else {
    printDiagnostics(result.diagnostics, result.sources, values.quiet!);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (!result.ok) console.error(`folio: ${isCheck ? 'check' : 'build'} failed (${seconds} s)`);
    else if (!values.quiet) console.error(isCheck ? `folio: no errors (${seconds} s)` : `folio: done in ${seconds} s`);
  }
  return result.ok ? 0 : 1;
}

function printOutput(output: BuildOutput) {
  const seconds = (output.milliseconds / 1000).toFixed(1);
  if (output.error) console.error(`✗ ${output.target}: ${output.error.message} (${seconds} s)`);
  else console.error(`✓ ${output.target}: wrote ${output.path}${output.detail ? ` (${output.detail})` : ''} in ${seconds} s`);
}

function printDiagnostics(diagnostics: Diagnostic[], sources: Map<string, string>, quiet: boolean) {
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

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`folio: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 70;
  },
);
