import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { VFile } from 'vfile';
import { loadManuscript } from './load/index.js';
import { BookPipeline } from './pipeline.js';
import { collectDiagnostics, report, type Diagnostic, type OutputMessage } from './report.js';
import { checkLinks } from './transform/check-links.js';
import type { Format, Manuscript, RenderedBook, Target } from './types.js';

export interface BuildOptions {
  manuscript: string;
  out: string;
  formats: Format[];
  /** Warnings count as errors. */
  strict?: boolean;
  /** Called as each stage ends, for progress lines. */
  onOutput?: (output: BuildOutput) => void;
  /** PDF: also write the PDF/X press copy (`<slug>-press.pdf`) and the proof sheet (`<slug>-proof.png`). */
  press?: boolean;
  proof?: boolean;
  /** Cover: also write `<slug>-cover-guides.pdf`, the cover with trim, spine, safe area and barcode box drawn. */
  coverGuides?: boolean;
  /** Also write `<slug>-<shop>/`: interior, cover, EPUB and the shop's checks in `report.txt` (needs pdf, epub and cover). */
  package?: 'kdp' | 'ingram';
  /** Called with a one-line message while a long output (the PDF layout) is under way. */
  onProgress?: (message: string) => void;
}

export interface BuildOutput {
  target: Format | 'package';
  path: string;
  milliseconds: number;
  detail?: string;
  /** Things worth a look that did not stop the output (refused requests, low-resolution images…), each under its rule. */
  messages?: OutputMessage[];
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

  const pipeline = new BookPipeline();
  await pipeline.update(manuscript);
  const rendered = new Map<Target, RenderedBook>();
  // `check` asks for no format but still runs the HTML templates: their messages (heading ids, links) are its job.
  // The cover needs the interior's page count: the PDF target's book is rendered for it too.
  const formats = [...options.formats].sort((a, b) => Number(a === 'cover') - Number(b === 'cover'));
  const targets = formats.flatMap((format) => (format === 'cover' ? (formats.includes('pdf') ? [] : ['pdf' as const]) : [format]));
  for (const target of targets.length > 0 ? targets : (['html'] as const)) {
    rendered.set(target, await pipeline.book(target));
  }
  checkLinks([...rendered.values()][0]!.chapters);
  const before = result(files, [], options.strict);
  if (!before.ok) return before;

  const outputs: BuildOutput[] = [];
  const slug = outputSlug(manuscript);
  const paths: Record<Format, string> = {
    html: resolve(options.out, 'html'),
    epub: resolve(options.out, `${slug}.epub`),
    pdf: resolve(options.out, `${slug}.pdf`),
    cover: resolve(options.out, `${slug}-cover.pdf`),
  };
  const run: EmitRun = { rendered, paths, inputs: files.map((file) => file.path) };
  for (const target of formats) {
    const started = performance.now();
    const output: BuildOutput = { target, path: relative(process.cwd(), paths[target]) || paths[target], milliseconds: 0 };
    try {
      output.detail = await emit(target, run, options, output);
    } catch (error) {
      output.error = error instanceof Error ? error : new Error(String(error));
    }
    output.milliseconds = performance.now() - started;
    outputs.push(output);
    options.onOutput?.(output);
  }
  if (options.package && outputs.every((output) => !output.error)) {
    const started = performance.now();
    const dir = resolve(options.out, `${slug}-${options.package}`);
    const output: BuildOutput = { target: 'package', path: relative(process.cwd(), dir) || dir, milliseconds: 0 };
    try {
      const { emitPackage } = await import('./emit/package/index.js');
      const interiorPdf = options.package === 'ingram' ? paths.pdf.replace(/\.pdf$/, '-press.pdf') : paths.pdf;
      const packed = await emitPackage(manuscript.config, options.package, dir, { interiorPdf, coverPdf: paths.cover, epub: paths.epub, pages: run.interiorPages! });
      output.detail = packed.detail;
      output.messages = packed.messages;
    } catch (error) {
      output.error = error instanceof Error ? error : new Error(String(error));
    }
    output.milliseconds = performance.now() - started;
    outputs.push(output);
    options.onOutput?.(output);
  }
  return result(files, outputs, options.strict);
}

/** Emitters load on first use: `check` never needs puppeteer or the EPUB packer, which take over a second to import. */
async function emit(target: Format, run: EmitRun, options: BuildOptions, output: BuildOutput): Promise<string> {
  const book = run.rendered.get(target === 'cover' ? 'pdf' : target)!;
  const path = run.paths[target];
  switch (target) {
    case 'html':
      return plural((await (await import('./emit/html/index.js')).emitHtml(book, path)).length, 'page');
    case 'epub':
      await (await import('./emit/epub/index.js')).emitEpub(book, path);
      return plural(book.chapters.length, 'chapter');
    case 'pdf': {
      const { emitPrint } = await import('./emit/pdf/index.js');
      const printed = await emitPrint(book, path, { press: options.press, proof: options.proof, onProgress: options.onProgress });
      output.messages = printed.messages;
      run.interiorPages = printed.pages;
      return printed.detail;
    }
    case 'cover': {
      const { emitCoverFiles, freshInteriorPages } = await import('./emit/cover/index.js');
      const pages = run.interiorPages ?? (await freshInteriorPages(run.paths.pdf, run.inputs)) ?? (await layOutInterior(book));
      return emitCoverFiles(book.config, book.root, path, { pages, guides: options.coverGuides, shop: options.package });
    }
  }
}

/** What one build's emitters share: the rendered books, the output paths, and the interior page count once known. */
interface EmitRun {
  rendered: Map<Target, RenderedBook>;
  paths: Record<Format, string>;
  /** Every input file, to tell whether an interior PDF in the output folder is up to date. */
  inputs: string[];
  interiorPages?: number;
}

/** `--format cover` alone with no up-to-date interior PDF: lay the interior out in a temporary file to count its pages. */
async function layOutInterior(book: RenderedBook): Promise<number> {
  const { emitPdf } = await import('./emit/pdf/index.js');
  const dir = await mkdtemp(join(tmpdir(), 'folio-interior-'));
  try {
    return (await emitPdf(book, join(dir, 'interior.pdf'))).pages;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function result(files: VFile[], outputs: BuildOutput[], strict = false): BuildResult {
  const diagnostics = collectDiagnostics([...files, ...outputs.flatMap(messagesOf)]).map((diagnostic) =>
    strict && diagnostic.severity === 'warning' ? { ...diagnostic, severity: 'error' as const } : diagnostic,
  );
  const sources = new Map(files.map((file) => [relative(process.cwd(), file.path), String(file.value ?? '')]));
  const ok = !diagnostics.some((diagnostic) => diagnostic.severity === 'error') && outputs.every((output) => !output.error);
  return { diagnostics, outputs, sources, ok };
}

/** An output's warnings are diagnostics like any other, so `--strict` and `--json` see them: filed under the output. */
function messagesOf(output: BuildOutput): VFile[] {
  if (!output.messages?.length) return [];
  const file = new VFile({ path: resolve(output.path) });
  for (const message of output.messages) report(file, message.rule, message.reason);
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
