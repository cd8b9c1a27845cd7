import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { textOf } from '../../../templates/util/text.js';
import { parseBleed, parseTimeout } from '../../config/print-options.js';
import { parseTrim } from '../../config/trim.js';
import type { OutputMessage } from '../../report.js';
import type { RenderedBook } from '../../types.js';
import { launchBrowser } from '../../browser/launch.js';
import { bindingBracket, estimatePages, OUTSIDE_MARGIN_IN, settleBinding, type BindingBracket } from './margins.js';
import { setPageBoxes } from '../../resources/page-boxes.js';
import { bookInfo, setPdfInfo } from './pdf-info.js';
import { buildPrintDocument } from './print-document.js';
import { renderPdf } from './render.js';
import { preflight, summarizePreflight, type PreflightReport } from './preflight.js';
import { applyRequestPolicy, printRoots, refusedReason } from './request-policy.js';
import { emitPress } from './press.js';
import { emitProof } from './proof.js';
import { writeFileAtomic } from '../../io/write-atomic.js';

export { buildPrintDocument } from './print-document.js';
export { setPdfInfo } from './pdf-info.js';

export interface PdfProgress {
  /** Pages laid out so far in this pass. */
  pages: number;
  /** 1-based index of the chapter being laid out, of `chapters`. */
  chapter: number;
  chapters: number;
  /** 1 for the first layout, 2 when the page count moved the book into another binding-margin bracket. */
  pass: number;
}

export interface EmitPdfOptions {
  /** A browser to print with; it is left open. Without one, a browser is launched and closed again. */
  browser?: Browser;
  /** How long paged.js may take to lay out the book, in milliseconds. Default: `print.timeout`, else one minute plus a second per estimated page. */
  timeoutMs?: number;
  /** Called about twice a second while the book is laid out. */
  onProgress?: (progress: PdfProgress) => void;
  /**
   * Called on each fresh page before the document loads. Default: the request policy, which lets the page
   * read only the manuscript folder, styles/, the fonts and paged.js, and turns anything refused into a warning.
   */
  preparePage?: (page: Page, documentDir: string) => Promise<void>;
}

export interface EmitPdfResult {
  /** Number of pages in the PDF. */
  pages: number;
  /** What paged.js reported while laying out (e.g. content it could not fit), the refused requests and preflight warnings. */
  messages: OutputMessage[];
  /** URLs the request policy refused (also in `messages`, as `resource-refused`). */
  refused: string[];
  preflight: PreflightReport;
  /** The binding-margin bracket the page count fell in, and how many layouts it took to settle. */
  binding: BindingBracket;
  passes: number;
}

/**
 * Lays the book out with paged.js in headless Chromium, sets its metadata and page boxes, checks it
 * (preflight) and writes it to `outPath` atomically. The inside margin depends on the page count, so when
 * the first layout lands in another bracket than guessed the book is laid out again with that margin.
 * Throws with a clear message when no browser is found, layout fails or times out, or preflight finds an error.
 */
export async function emitPdf(book: RenderedBook, outPath: string, options: EmitPdfOptions = {}): Promise<EmitPdfResult> {
  if (book.target !== 'pdf') {
    throw new Error(`emitPdf needs a book rendered for the 'pdf' target, got '${book.target}'.`);
  }
  const { print } = book.config;
  const trim = parseTrim(print.trim);
  const bleedPt = print.bleed ? parseBleed(print.bleed).points : 0;
  const characters = book.chapters.reduce((sum, chapter) => sum + textOf(chapter.tree).length, 0);
  const estimatedPages = estimatePages(characters, (trim.widthPt / 72) * (trim.heightPt / 72));
  // Layout time grows with the book: a minute, plus a second a page (about four times what a loaded
  // two-core machine takes), so a 300-page book is not cut off while a hung layout still stops.
  const timeoutMs = options.timeoutMs ?? (print.timeout ? parseTimeout(print.timeout) : 60_000 + 1_000 * estimatedPages);

  const ownBrowser = options.browser ? undefined : await launchBrowser();
  const browser = options.browser ?? ownBrowser!;
  try {
    const refused = new Set<string>();
    const preparePage =
      options.preparePage ??
      (async (page: Page, documentDir: string) => {
        await applyRequestPolicy(page, { allowedRoots: printRoots(book.root, documentDir), onRefused: (url) => refused.add(url) });
      });
    const estimate = bindingBracket(estimatedPages);
    const { bracket, result: rendered, passes } = await settleBinding(estimate, (bracket, pass) =>
      renderPdf(browser, buildPrintDocument(book, { insideIn: bracket.insideIn, outsideIn: OUTSIDE_MARGIN_IN }), {
        timeoutMs,
        preparePage,
        onProgress: options.onProgress && ((p) => options.onProgress!({ ...p, chapters: book.chapters.length, pass })),
      }),
    );

    const withInfo = setPdfInfo(rendered.pdf, bookInfo(book.config));
    const pdf = await setPageBoxes(withInfo, bleedPt);
    const report = await preflightBytes(pdf, { trim, bleedPt, pages: rendered.pages });
    if (report.errors.length > 0) {
      throw new Error(`Preflight failed: ${report.errors.join('; ')}. The PDF was not written.`);
    }
    await writeFileAtomic(outPath, pdf);
    return {
      pages: rendered.pages,
      refused: [...refused],
      messages: [
        ...[...refused].map((url): OutputMessage => ({ rule: 'resource-refused', reason: refusedReason(url) })),
        ...rendered.warnings.filter((w) => !isRefusalEcho(w, refused)).map((reason): OutputMessage => ({ rule: 'pdf-layout', reason })),
        ...report.warnings,
      ],
      preflight: report,
      binding: bracket,
      passes,
    };
  } finally {
    if (ownBrowser) await ownBrowser.close().catch(() => {});
  }
}

/** A refused request also fails in the page ("Could not load …: net::ERR_BLOCKED_BY_CLIENT"): say it once. */
function isRefusalEcho(warning: string, refused: Set<string>): boolean {
  return [...refused].some((url) => warning.includes(url));
}

/** Preflight reads a file: check the bytes in a temporary one, so a rejected PDF never reaches dist/. */
async function preflightBytes(pdf: Uint8Array, expected: Parameters<typeof preflight>[1]): Promise<PreflightReport> {
  const dir = await mkdtemp(join(tmpdir(), 'folio-preflight-'));
  try {
    const path = join(dir, 'book.pdf');
    await writeFile(path, pdf);
    return await preflight(path, expected);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface EmitPrintOptions {
  /** Also write `<slug>-press.pdf`, PDF/X for the press. */
  press?: boolean;
  /** Also write `<slug>-proof.png`, a contact sheet of spreads. */
  proof?: boolean;
  /** A one-line progress message while the book is laid out, for a terminal. */
  onProgress?: (message: string) => void;
}

/** The print PDF plus, on request, its press copy and proof sheet; returns a summary line and the warnings. */
export async function emitPrint(book: RenderedBook, pdfPath: string, options: EmitPrintOptions = {}): Promise<{ detail: string; messages: OutputMessage[]; pages: number }> {
  const result = await emitPdf(book, pdfPath, {
    onProgress:
      options.onProgress &&
      ((p) =>
        options.onProgress!(
          `pdf: laying out chapter ${Math.max(1, p.chapter)} of ${p.chapters}, ${p.pages} pages` +
            (p.pass > 1 ? ' (again, with the binding margin for that page count)' : ''),
        )),
  });
  const extras: string[] = [];
  const base = pdfPath.replace(/\.pdf$/i, '');
  if (options.press) {
    options.onProgress?.('pdf: writing the PDF/X press copy');
    await emitPress(pdfPath, `${base}-press.pdf`, { title: book.config.subtitle ? `${book.config.title}: ${book.config.subtitle}` : book.config.title });
    extras.push(`${basename(base)}-press.pdf`);
  }
  if (options.proof) {
    options.onProgress?.('pdf: drawing the proof sheet');
    await emitProof(pdfPath, `${base}-proof.png`, parseTrim(book.config.print.trim).widthPt / 72);
    extras.push(`${basename(base)}-proof.png`);
  }
  const detail =
    `preflight: ${summarizePreflight(result.preflight)}; inside margin ${result.binding.insideIn}in` +
    (result.passes > 1 ? ` (laid out ${result.passes} times to settle it)` : '') +
    (extras.length ? `; also ${extras.join(', ')}` : '');
  return { detail, messages: result.messages, pages: result.pages };
}
