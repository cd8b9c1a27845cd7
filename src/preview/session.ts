import type { Root } from 'hast';
import GithubSlugger from 'github-slugger';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { loadManuscript } from '../load/index.js';
import { inspectImage, type InspectedImage } from '../load/inspect-image.js';
import { chapterIds } from '../parse/chapter-id.js';
import { parseChapter } from '../parse/index.js';
import { collectDiagnostics, severityOf, type Diagnostic } from '../report.js';
import { loadHyphenator } from '../transform/hyphenator.js';
import { bookContext, transformChapter, type ParsedChapter } from '../transform/index.js';
import type { BookConfig, Chapter, Target } from '../types.js';

/** One chapter as the preview holds it: parsed once per edit, rendered per target on demand. */
interface CachedChapter {
  /** Everything that decides the chapter's output except the other chapters: text, id, section, language. */
  key: string;
  parsed: ParsedChapter;
  /** What each image `src` led to when the chapter was parsed: an image added, removed or replaced redoes the chapter. */
  images: Map<string, string>;
  rendered: Partial<Record<Target, RenderedChapter>>;
}

interface RenderedChapter {
  chapter: Chapter;
  /** Notes in the chapters before it, where its numbers start with `notes.numbering: book`; 0 otherwise. */
  notesBefore: number;
}

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
  private cache = new Map<string, CachedChapter>();
  private configKey = '';
  private order: string[] = [];
  private hyphenators = new Map<string, Promise<((word: string) => string) | undefined>>();

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

    const configKey = JSON.stringify(manuscript.config);
    // The language, title or chapter list changes every page (typography, contents, navigation): start afresh.
    if (configKey !== this.configKey) this.cache.clear();
    const ids = chapterIds(manuscript.files.map(({ file }) => file.path));
    const order = manuscript.files.map(({ file }) => file.path);
    const changedIds: string[] = [];
    const next = new Map<string, CachedChapter>();
    const kept = new Map<string, VFile>();
    let reprocessed = 0;

    for (const [index, { file, section }] of manuscript.files.entries()) {
      const key = [ids[index], section, manuscript.config.language, String(file.value)].join('\0');
      const cached = this.cache.get(file.path);
      if (cached?.key === key && imagesUnchanged(manuscript.root, cached.images)) {
        next.set(file.path, cached);
        kept.set(file.path, cached.parsed.file);
        continue;
      }
      file.data.chapterId = ids[index]!;
      file.data.lang = manuscript.config.language;
      // As `check` and the build parse: a missing image is reported and one outside the folder is dropped.
      const images = new Map<string, string>();
      const resolveImage = (src: string) => {
        const where = inspectImage(manuscript.root, src);
        images.set(src, imageSignature(where));
        return where;
      };
      next.set(file.path, { key, parsed: { file, section, tree: await parseChapter(file, { resolveImage }) }, images, rendered: {} });
      changedIds.push(ids[index]!);
      reprocessed++;
    }
    this.cache = next;

    const chapters: Chapter[] = [];
    // A note added or removed earlier renumbers the notes after it: those chapters changed too.
    const renumbered = (chapter: Chapter) => !changedIds.includes(chapter.id) && changedIds.push(chapter.id);
    for (const path of order) chapters.push(await this.render(path, order, 'html', manuscript.config, manuscript.root, renumbered));

    const orderChanged = order.join('\n') !== this.order.join('\n');
    const changed = configKey !== this.configKey || orderChanged ? 'all' : changedIds;
    this.configKey = configKey;
    this.order = order;
    this.book = { config: manuscript.config, root: manuscript.root, chapters };
    // Messages live on the chapter files: a chapter kept from memory brings its own, the rest are fresh.
    this.diagnostics = collectDiagnostics(files.map((file) => kept.get(file.path) ?? file));
    return { changed, reprocessed, milliseconds: performance.now() - started };
  }

  /** The chapters rendered for print (hyphenation, notes as floats), transformed on first use and kept until they change. */
  async printChapters(): Promise<Chapter[]> {
    if (!this.book) return [];
    const config = this.book.config;
    const chapters: Chapter[] = [];
    for (const path of this.order) chapters.push(await this.render(path, this.order, 'pdf', config, this.book.root));
    return chapters;
  }

  /**
   * One chapter for one target, from memory when neither it nor the count of notes before it changed. Heading ids
   * are unique across the book, so the slugger first learns the ids of the chapters before this one, and with
   * `notes.numbering: book` the note counter starts after their notes, as `transformBook` would have them.
   * The chapters before it must have been rendered first; `onRenumbered` hears of a chapter redone only for its numbers.
   */
  private async render(
    path: string,
    order: string[],
    target: Target,
    config: BookConfig,
    root: string,
    onRenumbered?: (chapter: Chapter) => void,
  ): Promise<Chapter> {
    const entry = this.cache.get(path)!;
    const earlier = order.slice(0, order.indexOf(path)).map((other) => this.cache.get(other));
    const notesBefore =
      config.notes?.numbering === 'book' ? earlier.reduce((sum, other) => sum + (other?.parsed.file.data.notes?.length ?? 0), 0) : 0;
    const done = entry.rendered[target];
    if (done?.notesBefore === notesBefore) return done.chapter;
    const parsedInOrder = order.map((other) => this.cache.get(other)!.parsed);
    const context = bookContext(config, root, parsedInOrder, target, {
      hyphenateWord: target === 'pdf' ? await this.hyphenatorFor(config.language) : undefined,
      notesBefore,
    });
    for (const other of earlier) {
      const tree = other?.rendered[target]?.chapter.tree;
      if (tree) learnHeadingIds(tree, context.slugger);
    }
    const chapter = await transformChapter(context, entry.parsed);
    entry.rendered[target] = { chapter, notesBefore };
    if (done) onRenumbered?.(chapter);
    return chapter;
  }

  /** Loading hyphenation patterns takes a while; once per language is enough. */
  private hyphenatorFor(language: string) {
    let hyphenator = this.hyphenators.get(language);
    if (!hyphenator) {
      hyphenator = loadHyphenator(language);
      this.hyphenators.set(language, hyphenator);
    }
    return hyphenator;
  }
}

function imageSignature(where: InspectedImage): string {
  return `${where.status}\0${where.mediaType ?? ''}`;
}

function imagesUnchanged(root: string, images: Map<string, string>): boolean {
  for (const [src, signature] of images) if (imageSignature(inspectImage(root, src)) !== signature) return false;
  return true;
}

function learnHeadingIds(tree: Root, slugger: GithubSlugger) {
  visit(tree, 'element', (node) => {
    if (/^h[1-6]$/.test(node.tagName) && typeof node.properties.id === 'string') slugger.slug(node.properties.id);
  });
}
