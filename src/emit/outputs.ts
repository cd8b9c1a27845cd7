import { resolve } from 'node:path';
import type { ContentCache } from '../cache/store.js';
import type { OutputMessage } from '../report.js';
import type { BookConfig, RenderedBook, Target } from '../types.js';

/** What the build asks of every emitter, as mdBook's `Renderer`: write the book rendered for its target. */
export interface Emitter {
  emit(book: RenderedBook, outPath: string, options: EmitOptions): Promise<EmitResult>;
}

export interface EmitOptions {
  /** PDF: also write the PDF/X press copy (`<slug>-press.pdf`) and the proof sheet (`<slug>-proof.png`). */
  press?: boolean;
  proof?: boolean;
  /** Called with a one-line message while a long output (the PDF layout) is under way. */
  onProgress?: (message: string) => void;
  /** Where an emitter may keep what is slow to make and depends only on what it is keyed by (the EPUB's cover). */
  cache?: ContentCache;
  /** EPUB: the drawn cover, started by `prepare` before the chapters were parsed. */
  coverPng?: () => Promise<Buffer>;
}

export interface EmitResult {
  /** The files written, as paths under the output. */
  outputs: string[];
  /** One line on what was written, for the progress line (`7 chapters`, the preflight summary). */
  detail: string;
  /** Warnings that did not stop the output, each under its rule. */
  messages: OutputMessage[];
  /** PDF: the interior's page count, which sets the print cover's spine width. */
  pages?: number;
  /** PDF: the margins the text block was set with, in inches (the inside one follows the page count). */
  margins?: { insideIn: number; outsideIn: number };
}

/**
 * One output, described without loading it: where it goes, where a chapter lives in it, the ids its generated
 * pages take. The build, the templates (through their options) and the chapter ids read this; `load` imports
 * the emitter itself only when the output is built, so `check` never loads puppeteer or the EPUB packer.
 */
export interface EmitterDescriptor {
  target: Target;
  /** Where the output is written in the output folder. */
  pathIn(outDir: string, slug: string): string;
  /** A link to a chapter, or to `fragment` in it, from the output's own pages. */
  hrefFor(chapterId: string, fragment?: string): string;
  /** Ids of the pages and parts the output generates, which no chapter or heading may take. */
  reservedIds: readonly string[];
  load(): Promise<Emitter>;
  /**
   * Starts what the output needs from book.yaml alone, before the chapters are parsed, so that it runs beside
   * them (the EPUB's drawn cover, in a worker thread); what it returns is given to `emit` with the options.
   */
  prepare?(config: BookConfig, cache?: ContentCache): Partial<EmitOptions>;
}

const withFragment = (fragment?: string) => (fragment ? `#${fragment}` : '');

export const emitters: Record<Target, EmitterDescriptor> = {
  html: {
    target: 'html',
    pathIn: (outDir) => resolve(outDir, 'html'),
    hrefFor: (id, fragment) => `${id}.html${withFragment(fragment)}`,
    // The home page, index.html, and the contents on it.
    reservedIds: ['index', 'contents-heading'],
    load: async () => (await import('./html/index.js')).htmlEmitter,
  },
  epub: {
    target: 'epub',
    pathIn: (outDir, slug) => resolve(outDir, `${slug}.epub`),
    hrefFor: (id, fragment) => `${id}.xhtml${withFragment(fragment)}`,
    // The cover, title, copyright and navigation documents, and the ids inside the navigation.
    reservedIds: ['cover', 'title-page', 'copyright', 'toc', 'nav', 'toc-heading', 'landmarks'],
    load: async () => (await import('./epub/index.js')).epubEmitter,
    prepare: (config, cache) => {
      if (config.cover?.image) return {};
      const drawing = import('./epub/cover-image.js').then(({ drawCoverInBackground }) => drawCoverInBackground(config, cache));
      drawing.catch(() => {});
      return { coverPng: async () => (await drawing)() };
    },
  },
  pdf: {
    target: 'pdf',
    pathIn: (outDir, slug) => resolve(outDir, `${slug}.pdf`),
    // One document: a chapter is its section's id.
    hrefFor: (id, fragment) => `#${fragment || id}`,
    // The book's endnotes and the contents heading.
    reservedIds: ['notes', 'contents-heading'],
    load: async () => (await import('./pdf/index.js')).pdfEmitter,
  },
};

/** `7 chapters`, `1 page`: for an emitter's detail line. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Every id some output reserves: chapter and heading ids avoid them all, so one manuscript gives the same ids in every output. */
export const reservedIds: readonly string[] = [...new Set(Object.values(emitters).flatMap((output) => output.reservedIds))];
