import { relative, resolve } from 'node:path';
import { VFile } from 'vfile';
import { refusedReason } from './emit/request-policy.js';
import { checkChapterScript } from './load/detect-language.js';
import { loadManuscript } from './load/index.js';
import { inspectImage } from './load/inspect-image.js';
import { chapterIds } from './parse/chapter-id.js';
import { parseChapter } from './parse/index.js';
import { collectDiagnostics, type Diagnostic } from './report.js';
import { checkCoverage } from './transform/check-coverage.js';
import { checkLinks } from './transform/check-links.js';
import { transformBook, type ParsedChapter } from './transform/index.js';
import type { Manuscript, RenderedBook, Target } from './types.js';

export interface BuildOptions {
  manuscript: string;
  out: string;
  formats: Target[];
  /** Warnings count as errors. */
  strict?: boolean;
  /** Called as each stage ends, for progress lines. */
  onOutput?: (output: BuildOutput) => void;
  /** PDF: also write the PDF/X press copy (`<slug>-press.pdf`) and the proof sheet (`<slug>-proof.png`). */
  press?: boolean;
  proof?: boolean;
  /** Called with a one-line message while a long output (the PDF layout) is under way. */
  onProgress?: (message: string) => void;
}

export interface BuildOutput {
  target: Target;
  path: string;
  milliseconds: number;
  detail?: string;
  /** Things worth a look that did not stop the output (PDF preflight: low-resolution images…). */
  warnings?: string[];
  /** URLs the PDF renderer refused to load; reported as `resource-refused` diagnostics. */
  refused?: string[];
  error?: Error;
}

export interface BuildResult {
  diagnostics: Diagnostic[];
  outputs: BuildOutput[];
  /** The book's files, by path, so the CLI can print code frames. */
  sources: Map<string, string>;
  ok: boolean;
}

/** The whole pipeline: load → parse → templates per target → emit. Stops before writing anything when the manuscript has errors. */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const { manuscript, files } = await loadManuscript(options.manuscript);
  if (!manuscript) return result(files, [], options.strict);

  const parsed = await parseManuscript(manuscript);
  const rendered = new Map<Target, RenderedBook>();
  // `check` asks for no format but still runs the HTML templates: their messages (heading ids, links) are its job.
  for (const target of options.formats.length > 0 ? options.formats : (['html'] as const)) {
    rendered.set(target, await transformBook(manuscript.config, manuscript.root, parsed, target));
  }
  checkLinks([...rendered.values()][0]!.chapters);
  // Before any layout: a character no bundled face has is an error at its place, not a Type 3 font after a long
  // layout. Print only: EPUB and HTML readers set what the book's faces lack in their own fonts.
  if (options.formats.length === 0 || options.formats.includes('pdf')) checkCoverage([...rendered.values()][0]!.chapters, manuscript.config.language);
  const before = result(files, [], options.strict);
  if (!before.ok) return before;

  const outputs: BuildOutput[] = [];
  const slug = outputSlug(manuscript);
  const paths: Record<Target, string> = {
    html: resolve(options.out, 'html'),
    epub: resolve(options.out, `${slug}.epub`),
    pdf: resolve(options.out, `${slug}.pdf`),
  };
  for (const target of options.formats) {
    const started = performance.now();
    const output: BuildOutput = { target, path: relative(process.cwd(), paths[target]) || paths[target], milliseconds: 0 };
    try {
      output.detail = await emit(target, rendered.get(target)!, paths[target], options, output);
    } catch (error) {
      output.error = error instanceof Error ? error : new Error(String(error));
    }
    output.milliseconds = performance.now() - started;
    outputs.push(output);
    options.onOutput?.(output);
  }
  return result(files, outputs, options.strict);
}

/** Parses every chapter and gives each its id and language; exported for `check` and the preview. */
export async function parseManuscript(manuscript: Manuscript): Promise<ParsedChapter[]> {
  const ids = chapterIds(manuscript.files.map(({ file }) => file.path));
  const parsed: ParsedChapter[] = [];
  for (const [index, { file, section }] of manuscript.files.entries()) {
    file.data.chapterId = ids[index]!;
    file.data.lang = manuscript.config.language;
    parsed.push({ file, section, tree: await parseChapter(file, { resolveImage: (src) => inspectImage(manuscript.root, src) }) });
    checkChapterScript(file, file.data.lang ?? manuscript.config.language);
  }
  return parsed;
}

/** Emitters load on first use: `check` never needs puppeteer or the EPUB packer, which take over a second to import. */
async function emit(target: Target, book: RenderedBook, path: string, options: BuildOptions, output: BuildOutput): Promise<string> {
  switch (target) {
    case 'html':
      return plural((await (await import('./emit/html.js')).emitHtml(book, path)).length, 'page');
    case 'epub':
      await (await import('./emit/epub.js')).emitEpub(book, path);
      return plural(book.chapters.length, 'chapter');
    case 'pdf': {
      const { emitPrint } = await import('./emit/pdf.js');
      const printed = await emitPrint(book, path, { press: options.press, proof: options.proof, onProgress: options.onProgress });
      output.warnings = printed.warnings;
      output.refused = printed.refused;
      return printed.detail;
    }
  }
}

function result(files: VFile[], outputs: BuildOutput[], strict = false): BuildResult {
  const diagnostics = collectDiagnostics([...files, ...outputs.flatMap(refusalsOf)]).map((diagnostic) =>
    strict && diagnostic.severity === 'warning' ? { ...diagnostic, severity: 'error' as const } : diagnostic,
  );
  const sources = new Map(files.map((file) => [relative(process.cwd(), file.path), String(file.value ?? '')]));
  const ok = !diagnostics.some((diagnostic) => diagnostic.severity === 'error') && outputs.every((output) => !output.error);
  return { diagnostics, outputs, sources, ok };
}

/** A refused request is a warning like any other, so `--strict` and `--json` see it: filed under the output. */
function refusalsOf(output: BuildOutput): VFile[] {
  if (!output.refused?.length) return [];
  const file = new VFile({ path: resolve(output.path) });
  for (const url of output.refused) file.message(refusedReason(url), { ruleId: 'resource-refused', source: 'folio' });
  return [file];
}

/** Output file name: the title as a slug (`interview-with-deepseek-founder.epub`). */
function outputSlug(manuscript: Manuscript): string {
  const slug = manuscript.config.title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return slug || 'book';
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
