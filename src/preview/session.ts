import { loadManuscript } from '../load/index.js';
import { BookPipeline } from '../pipeline.js';
import { collectDiagnostics, severityOf, type Diagnostic } from '../report.js';
import type { BookConfig, Chapter, RenderedBook } from '../types.js';

/** The book as last loaded successfully. */
export interface PreviewBook {
  config: BookConfig;
  root: string;
  /** Chapters in reading order, rendered for the screen (`html` target). */
  chapters: Chapter[];
}

export interface RefreshResult {
  /** Ids of chapters whose output changed; `all` when the config or the chapter list changed. */
  changed: string[] | 'all';
  /** Chapters parsed and run through the templates again (the rest came from memory). */
  reprocessed: number;
  milliseconds: number;
}

/**
 * The preview's model of the book. Each refresh reads the manuscript again (through `src/load`, the only code that
 * reads it) but parses and transforms only chapters whose text changed; the rest come from memory. A book that
 * cannot be loaded keeps the last good one on show, with the diagnostics saying why.
 */
export class PreviewSession {
  book?: PreviewBook;
  diagnostics: Diagnostic[] = [];
  /** The same stages the build runs, kept alive between edits: it holds the parsed and rendered chapters. */
  private pipeline = new BookPipeline();

  constructor(readonly manuscriptDir: string) {}

  async refresh(): Promise<RefreshResult> {
    const started = performance.now();
    const { manuscript, files } = await loadManuscript(this.manuscriptDir);
    // A broken book.yaml loads as the defaults (another chapter order, no contributors): keep the last good book instead.
    const configBroken = manuscript?.configFile?.messages.some((message) => severityOf(message) === 'error') ?? false;
    if (!manuscript || (configBroken && this.book)) {
      this.diagnostics = collectDiagnostics(files);
      return { changed: 'all', reprocessed: 0, milliseconds: performance.now() - started };
    }

    const { parsedIds, kept, bookChanged } = await this.pipeline.update(manuscript);
    // A chapter is transformed again when its text changed or when it starts elsewhere (a note added earlier renumbers it).
    const changedIds = new Set(parsedIds);
    const chapters = await this.pipeline.chapters('html', (chapter) => changedIds.add(chapter.id));
    this.book = { config: manuscript.config, root: manuscript.root, chapters };
    // Messages live on the chapter files: a chapter kept from memory brings its own, the rest are fresh.
    this.diagnostics = collectDiagnostics(files.map((file) => kept.get(file.path) ?? file));
    return { changed: bookChanged ? 'all' : [...changedIds], reprocessed: parsedIds.length, milliseconds: performance.now() - started };
  }

  /** The chapters rendered for print (hyphenation, notes as floats), transformed on first use and kept until they change. */
  async printChapters(): Promise<Chapter[]> {
    return this.book ? this.pipeline.chapters('pdf') : [];
  }

  /** The whole book as the PDF emitter receives it: print chapters with the title, copyright and contents pages. */
  async printBook(): Promise<RenderedBook | undefined> {
    return this.book ? this.pipeline.book('pdf') : undefined;
  }
}
