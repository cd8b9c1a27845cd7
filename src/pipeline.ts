import type { Root } from 'hast';
import type { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';
import { hashKey, type ContentCache } from './cache/store.js';
import { engineFingerprint } from './cache/engine.js';
import { inspectImage, type InspectedImage } from './load/inspect-image.js';
import { chapterIds } from './parse/chapter-id.js';
import { checkChapterScript } from './load/detect-language.js';
import { reservedIds } from './emit/outputs.js';
import { parseChapter } from './parse/index.js';
import { languagesIn, loadHyphenator, loadHyphenators } from './transform/hyphenator.js';
import { bookShells, bookSlugger, chapterFiles, transformChapter, type ChapterStart, type ParsedChapter } from './transform/index.js';
import type { Chapter, Manuscript, RenderedBook, Target } from './types.js';

export interface BookOptions {
  /**
   * No other book will be asked of this pipeline (a one-shot build's last target): the templates take the parsed
   * trees themselves instead of copies, which saves a copy of the whole book (a second on a 5 MB chapter).
   */
  lastUse?: boolean;
}

/** One chapter as the pipeline holds it: parsed once per edit, rendered per target on demand. */
interface CachedChapter {
  /** Everything that decides the parse except the images: text, id, section, language. */
  key: string;
  parsed: ParsedChapter;
  /** What each image `src` led to when the chapter was parsed: an image added, removed or replaced redoes the chapter. */
  images: Map<string, string>;
  rendered: Partial<Record<Target, RenderedChapter>>;
}

interface RenderedChapter {
  /** The book's state where the chapter starts (heading ids taken, notes numbered so far), as a key. */
  startKey: string;
  chapter: Chapter;
  /** The state after it, where the next chapter starts. */
  end: ChapterStart;
}

export interface UpdateResult {
  /** Ids of chapters parsed again. */
  parsedIds: string[];
  /** Files whose chapter came from memory: their messages live on the file parsed earlier. */
  kept: Map<string, Manuscript['files'][number]['file']>;
  /** True when the config or the chapter list changed, so every chapter starts afresh. */
  bookChanged: boolean;
}

/**
 * The stages after loading, for one book: parse → templates per target → the book an emitter receives. The build
 * and `check` run it once; the preview keeps it alive and gives it each new load of the manuscript, so only chapters
 * whose text changed are parsed again and only chapters whose text or starting point changed are transformed again.
 * Both ask the same code for the same chapter, so what the preview shows is what the build writes.
 */
export class BookPipeline {
  manuscript?: Manuscript;
  private cache = new Map<string, CachedChapter>();
  private bookKey = '';
  private hyphenators = new Map<string, Promise<((word: string) => string) | undefined>>();
  /** Set once a `lastUse` book took the parsed trees: nothing can be rendered from them again. */
  private spent = false;

  /** `disk`: where parsed chapters are kept between runs (`.folio-cache/`), so a rebuild parses only what changed. */
  constructor(private readonly disk?: ContentCache) {}

  /** Takes a freshly loaded manuscript and parses the chapters that changed since the last one. */
  async update(manuscript: Manuscript): Promise<UpdateResult> {
    const order = manuscript.files.map(({ file }) => file.path);
    const bookKey = JSON.stringify([manuscript.config, manuscript.root, order]);
    // The language, title or chapter list changes every page (typography, contents, links): start afresh.
    const bookChanged = bookKey !== this.bookKey;
    if (bookChanged) this.cache.clear();
    const ids = chapterIds(order, reservedIds);
    const next = new Map<string, CachedChapter>();
    const kept: UpdateResult['kept'] = new Map();
    const parsedIds: string[] = [];
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
      // A missing image is reported and one outside the folder is dropped; what each led to is kept to notice a change.
      const images = new Map<string, string>();
      const resolveImage = (src: string) => {
        const where = inspectImage(manuscript.root, src);
        images.set(src, imageSignature(where));
        return where;
      };
      const tree = await this.parseOrReuse(file, { id: ids[index]!, section, language: manuscript.config.language, root: manuscript.root, chapters: order.length }, resolveImage, images);
      next.set(file.path, { key, parsed: { file, section, tree }, images, rendered: {} });
      // The chapter's own `lang` (front matter) is known once parsed: a chapter mostly in another script is worth a word.
      checkChapterScript(file, file.data.lang ?? manuscript.config.language);
      parsedIds.push(ids[index]!);
    }
    this.cache = next;
    this.bookKey = bookKey;
    this.manuscript = manuscript;
    return { parsedIds, kept, bookChanged };
  }

  /**
   * Parses a chapter, or takes its tree and messages from the disk cache: the key holds everything parsing reads
   * (the text, the chapter's id, section and language, Folio's code), and the images it led to are checked again,
   * as in memory. A tree read back is deep-equal to the one parsed (JSON keeps every hast field), so the outputs
   * cannot differ.
   */
  private async parseOrReuse(file: VFile, chapter: ChapterParseKey, resolveImage: (src: string) => InspectedImage, images: Map<string, string>): Promise<Root> {
    const key = this.disk && hashKey('parsed 1', engineFingerprint(), chapter.id, chapter.section, chapter.language, file.path, String(file.value));
    if (this.disk && key) {
      const stored = await this.disk.get('parsed', key).then((bytes) => bytes && (JSON.parse(bytes.toString('utf8')) as StoredParse)).catch(() => undefined);
      if (stored && imagesUnchanged(chapter.root, new Map(stored.images))) {
        for (const message of stored.messages) restoreMessage(file, message);
        file.data.lang = stored.lang;
        for (const [src, signature] of stored.images) images.set(src, signature);
        return stored.tree;
      }
    }
    const before = file.messages.length;
    const tree = await parseChapter(file, { resolveImage });
    if (this.disk && key) {
      const stored: StoredParse = { tree, messages: file.messages.slice(before).map(storeMessage), lang: file.data.lang, images: [...images] };
      // Room for every chapter of the book and of the edit before it.
      await this.disk.put('parsed', key, Buffer.from(JSON.stringify(stored)), Math.max(64, 3 * chapter.chapters));
    }
    return tree;
  }

  /** The chapters as parsed, in reading order: the trees before any template ran. */
  parsedChapters(): ParsedChapter[] {
    return this.entries().map((entry) => entry.parsed);
  }

  /**
   * Every chapter through the target's templates, in reading order. Each starts from the state the chapters before
   * it left (heading ids taken, notes numbered so far), so a chapter rendered alone equals the same chapter rendered
   * with the book. `onRendered` hears of each chapter transformed again rather than taken from memory.
   */
  async chapters(target: Target, onRendered?: (chapter: Chapter) => void, { lastUse = false }: BookOptions = {}): Promise<Chapter[]> {
    const manuscript = this.requireManuscript();
    const entries = this.entries();
    const hyphenation = target === 'pdf' ? await this.hyphenation(entries.map((entry) => entry.parsed)) : {};
    let start: ChapterStart = { headingIds: { ...bookSlugger(entries.map((entry) => entry.parsed.file.data.chapterId!)).occurrences }, notesBefore: 0, figuresBefore: 0 };
    const chapterNumbers = Object.fromEntries(
      entries.filter((entry) => entry.parsed.section === 'body').map((entry, index) => [entry.parsed.file.data.chapterId!, index + 1]),
    );
    const files = chapterFiles(manuscript.root, entries.map((entry) => entry.parsed));
    const chapters: Chapter[] = [];
    for (const entry of entries) {
      const startKey = JSON.stringify(start);
      let done = entry.rendered[target];
      if (done?.startKey !== startKey) {
        const { chapter, end } = await transformChapter(
          { config: manuscript.config, target, root: manuscript.root, chapterFiles: files, chapterNumbers, ...hyphenation },
          entry.parsed,
          start,
          { takeTree: lastUse },
        );
        done = { startKey, chapter, end };
        entry.rendered[target] = done;
        onRendered?.(chapter);
      }
      chapters.push(done.chapter);
      start = done.end;
    }
    if (lastUse) this.spent = true;
    return chapters;
  }

  /** One chapter for one target, by id; the chapters before it are rendered (or taken from memory) first. */
  async chapter(id: string, target: Target): Promise<Chapter | undefined> {
    return (await this.chapters(target)).find((chapter) => chapter.id === id);
  }

  /** What an emitter receives: every chapter for the target, with the title, copyright and contents pages. */
  async book(target: Target, options: BookOptions = {}): Promise<RenderedBook> {
    const { config, root } = this.requireManuscript();
    const chapters = await this.chapters(target, undefined, options);
    return { config, target, root, chapters, shells: bookShells(config, chapters, target) };
  }

  private entries(): CachedChapter[] {
    return this.requireManuscript().files.map(({ file }) => this.cache.get(file.path)!);
  }

  private requireManuscript(): Manuscript {
    if (!this.manuscript) throw new Error('BookPipeline: update() must be given a manuscript first');
    if (this.spent) throw new Error('BookPipeline: the parsed chapters went to a `lastUse` book and cannot be rendered again');
    return this.manuscript;
  }

  /** Print hyphenates the book's language and every other language its chapters set with `lang`. */
  private async hyphenation(parsed: ParsedChapter[]) {
    const language = this.requireManuscript().config.language;
    const others = [...languagesIn(parsed.map((chapter) => chapter.tree)), ...parsed.map((chapter) => chapter.file.data.lang ?? '')].filter(Boolean);
    return { hyphenateWord: await this.hyphenatorFor(language), hyphenators: await loadHyphenators(others, language, (tag) => this.hyphenatorFor(tag)) };
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

/** What decides a chapter's parse besides its text: where the cache entry is filed. */
interface ChapterParseKey {
  id: string;
  section: string;
  language: string;
  root: string;
  /** How many chapters the book has, so the cache keeps an entry for each. */
  chapters: number;
}

/** A parsed chapter on disk: its tree, what parsing reported and set on the file, and what its images led to. */
interface StoredParse {
  tree: Root;
  messages: StoredMessage[];
  lang?: string;
  images: Array<[string, string]>;
}

type StoredMessage = Pick<VFileMessage, 'reason' | 'place' | 'ruleId' | 'source' | 'fatal' | 'note' | 'url' | 'actual' | 'expected'>;

function storeMessage({ reason, place, ruleId, source, fatal, note, url, actual, expected }: VFileMessage): StoredMessage {
  return { reason, place, ruleId, source, fatal, note, url, actual, expected };
}

function restoreMessage(file: VFile, stored: StoredMessage): void {
  const message = file.message(stored.reason, { place: stored.place, ruleId: stored.ruleId ?? undefined, source: stored.source ?? undefined });
  message.fatal = stored.fatal;
  if (stored.note !== undefined) message.note = stored.note;
  if (stored.url !== undefined) message.url = stored.url;
  if (stored.actual !== undefined) message.actual = stored.actual;
  if (stored.expected !== undefined) message.expected = stored.expected;
}

function imageSignature(where: InspectedImage): string {
  return `${where.status}\0${where.mediaType ?? ''}`;
}

function imagesUnchanged(root: string, images: Map<string, string>): boolean {
  for (const [src, signature] of images) if (imageSignature(inspectImage(root, src)) !== signature) return false;
  return true;
}

/** The book for one target, straight from a loaded manuscript: what the build hands that target's emitter. */
export async function renderBook(manuscript: Manuscript, target: Target): Promise<RenderedBook> {
  const pipeline = new BookPipeline();
  await pipeline.update(manuscript);
  return pipeline.book(target, { lastUse: true });
}
