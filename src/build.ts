import { relative, resolve } from 'node:path';
import type { VFile } from 'vfile';
import { emitEpub } from './emit/epub.js';
import { emitHtml } from './emit/html.js';
import { emitPdf } from './emit/pdf.js';
import { loadManuscript } from './load/index.js';
import { chapterIds } from './parse/chapter-id.js';
import { parseChapter } from './parse/index.js';
import { collectDiagnostics, type Diagnostic } from './report.js';
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
}

export interface BuildOutput {
  target: Target;
  path: string;
  milliseconds: number;
  detail?: string;
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
  const stopped = (extra: VFile[] = []) => result([...files, ...extra], [], options.strict);
  if (!manuscript) return stopped();

  const parsed = await parseManuscript(manuscript);
  const rendered = new Map<Target, RenderedBook>();
  for (const target of options.formats) {
    rendered.set(target, await transformBook(manuscript.config, manuscript.root, parsed, target));
  }
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
      output.detail = await emit(target, rendered.get(target)!, paths[target]);
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
    parsed.push({ file, section, tree: await parseChapter(file) });
  }
  return parsed;
}

async function emit(target: Target, book: RenderedBook, path: string): Promise<string> {
  switch (target) {
    case 'html':
      return `${(await emitHtml(book, path)).length} pages`;
    case 'epub':
      await emitEpub(book, path);
      return `${book.chapters.length} chapters`;
    case 'pdf':
      return `${(await emitPdf(book, path)).pages} pages`;
  }
}

function result(files: VFile[], outputs: BuildOutput[], strict = false): BuildResult {
  const diagnostics = collectDiagnostics(files).map((diagnostic) =>
    strict && diagnostic.severity === 'warning' ? { ...diagnostic, severity: 'error' as const } : diagnostic,
  );
  const sources = new Map(files.map((file) => [relative(process.cwd(), file.path), String(file.value ?? '')]));
  const ok = !diagnostics.some((diagnostic) => diagnostic.severity === 'error') && outputs.every((output) => !output.error);
  return { diagnostics, outputs, sources, ok };
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
