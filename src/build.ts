import { createHash } from 'node:crypto';
import { join, relative, resolve } from 'node:path';
import { VFile } from 'vfile';
import { loadManuscript } from './load/index.js';
import { BookPipeline } from './pipeline.js';
import { collectDiagnostics, report, type Diagnostic, type OutputMessage } from './report.js';
import { checkCoverage } from './transform/check-coverage.js';
import { checkLinks } from './transform/check-links.js';
import { emitters, type EmitResult } from './emit/outputs.js';
import { withTempDir } from './process/temp-dir.js';
import { cacheDirFor, ContentCache } from './cache/store.js';
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
  /** Reuse and keep what earlier builds made in `.folio-cache/` beside the manuscript (default false; the CLI turns it on, `--no-cache` off). */
  cache?: boolean;
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
  const cache = options.cache ? new ContentCache(cacheDirFor(options.manuscript)) : undefined;
  const asked = [...new Set(options.formats.filter((format): format is Target => format !== 'cover'))];
  const prepared = new Map(asked.map((target) => [target, emitters[target].prepare?.(manuscript.config, cache) ?? {}]));

  const pipeline = new BookPipeline(cache);
  await pipeline.update(manuscript);
  const rendered = new Map<Target, RenderedBook>();
  // `check` asks for no format but still runs the HTML templates: their messages (heading ids, links) are its job.
  // The cover wraps the interior: the PDF target's book is rendered for it.
  const asTargets = [...new Set(options.formats.map((format) => (format === 'cover' ? 'pdf' : format)))];
  const targets: Target[] = asTargets.length > 0 ? asTargets : ['html'];
  for (const [index, target] of targets.entries()) {
    rendered.set(target, await pipeline.book(target, { lastUse: index === targets.length - 1 }));
  }
  checkLinks([...rendered.values()].map((book) => book.chapters), manuscript.root);
  // Before any layout: a character no bundled face has is an error at its place, not a Type 3 font after a long
  // layout. Print only: EPUB and HTML readers set what the book's faces lack in their own fonts.
  if (options.formats.length === 0 || options.formats.includes('pdf')) checkCoverage([...rendered.values()][0]!.chapters, manuscript.config.language, manuscript.config.fonts);
  const before = result(files, [], options.strict);
  if (!before.ok) return before;

  const outputs: BuildOutput[] = [];
  const slug = outputSlug(manuscript);
  const run = async (target: BuildOutput['target'], path: string, work: (output: BuildOutput) => Promise<void>) => {
    const started = performance.now();
    const output: BuildOutput = { target, path: relative(process.cwd(), path) || path, milliseconds: 0 };
    try {
      await work(output);
    } catch (error) {
      output.error = error instanceof Error ? error : new Error(String(error));
      // A failed output may say where in the manuscript it failed (content the layout lost).
      output.messages ??= (error as { messages?: OutputMessage[] }).messages;
    }
    output.milliseconds = performance.now() - started;
    return output;
  };
  const report = (output: BuildOutput) => {
    outputs.push(output);
    options.onOutput?.(output);
  };
  const step = async (...args: Parameters<typeof run>) => report(await run(...args));

  let interiorPages: number | undefined;
  let interiorMargins: EmitResult['margins'];
  // The outputs are built at once: the EPUB and HTML take this process while the browser lays out the PDF in its
  // own (a 2-core machine builds the default book in about the PDF's time alone). The PDF starts first, so the
  // browser launches while the others work. Each is reported in the order asked for, as soon as it and those before
  // it are done, so the progress lines read the same from run to run.
  const started = [...asked].sort((a, b) => Number(b === 'pdf') - Number(a === 'pdf')).map((target) => {
    const path = emitters[target].pathIn(options.out, slug);
    return [target, run(target, path, async (output) => {
      // Emitters load on first use: `check` never needs puppeteer or the EPUB packer, which take over a second to import.
      // The print PDF goes through its cache first: a hit launches no browser.
      const emitter = target === 'pdf' && cache ? (await import('./cache/pdf.js')).cachedPrintEmitter(cache, emitters.pdf.load) : await emitters[target].load();
      const emitted = await emitter.emit(rendered.get(target)!, path, { press: options.press, proof: options.proof, onProgress: options.onProgress, cache, ...prepared.get(target) });
      output.detail = emitted.detail;
      output.messages = emitted.messages;
      if (target === 'pdf') ({ pages: interiorPages, margins: interiorMargins } = emitted);
    })] as const;
  });
  const running = new Map(started);
  for (const target of asked) report(await running.get(target)!);

  // The print cover wraps the interior: its spine follows the PDF's page count.
  const paths = { pdf: emitters.pdf.pathIn(options.out, slug), epub: emitters.epub.pathIn(options.out, slug), cover: resolve(options.out, `${slug}-cover.pdf`) };
  if (options.formats.includes('cover')) {
    await step('cover', paths.cover, async (output) => {
      const { emitCoverFor } = await import('./emit/cover/index.js');
      const book = rendered.get('pdf')!;
      // `--format cover` alone with no up-to-date interior PDF: lay the interior out in a temporary file to count its pages.
      const layOutInterior = () => withTempDir('interior', async (dir) => (await (await emitters.pdf.load()).emit(book, join(dir, 'interior.pdf'), {})).pages!);
      const request = { pages: interiorPages, interiorPdf: paths.pdf, inputs: files.map((file) => file.path), layOutInterior, guides: options.coverGuides, shop: options.package };
      output.detail = await emitCoverFor(book, paths.cover, request);
    });
  }

  if (options.package && outputs.every((output) => !output.error)) {
    const shop = options.package;
    const dir = resolve(options.out, `${slug}-${shop}`);
    await step('package', dir, async (output) => {
      const { emitPackage } = await import('./emit/package/index.js');
      // IngramSpark takes the PDF/X press copy; KDP the print PDF.
      const interiorPdf = shop === 'ingram' ? paths.pdf.replace(/\.pdf$/, '-press.pdf') : paths.pdf;
      const packed = await emitPackage(manuscript.config, shop, dir, { interiorPdf, coverPdf: paths.cover, epub: paths.epub, pages: interiorPages!, margins: interiorMargins });
      output.detail = packed.detail;
      output.messages = packed.messages;
    });
  }
  return result(files, outputs, options.strict);
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
  const files = new Map<string, VFile>();
  for (const message of output.messages) {
    const path = message.file ?? resolve(output.path);
    if (!files.has(path)) files.set(path, new VFile({ path }));
    report(files.get(path)!, message.rule, message.reason, message.place);
  }
  // What is about the output itself (totals, the renderer's and preflight's findings) after what points into the manuscript.
  const own = resolve(output.path);
  return [...files.values()].sort((a, b) => Number(a.path === own) - Number(b.path === own));
}

/** Output file names stop at about 80 characters: a 250-character title gave a name the file system refused. */
const slugLimit = 80;

/**
 * Output file name: the title as a slug (`interview-with-deepseek-founder.epub`). A longer slug is cut at a word
 * and ends with a hash of the whole, so two long titles that share their first 70 characters still differ.
 */
export function outputSlug(manuscript: Pick<Manuscript, 'config'>): string {
  const slug = manuscript.config.title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  if (slug.length <= slugLimit) return slug || 'book';
  const hash = createHash('sha256').update(slug).digest('hex').slice(0, 8);
  const head = slug.slice(0, slugLimit - hash.length - 1);
  const cut = head.lastIndexOf('-');
  return `${cut > 20 ? head.slice(0, cut) : head}-${hash}`;
}
