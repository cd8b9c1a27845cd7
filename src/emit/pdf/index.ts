import { writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { visit } from '../../../templates/util/visit.js';
import { hasClass } from '../../../templates/util/class-name.js';
import { textOf } from '../../../templates/util/text.js';
import type { OutputMessage } from '../../report.js';
import type { RenderedBook } from '../../types.js';
import { closeBrowser, launchBrowser } from '../../browser/launch.js';
import { defaultLayoutTimeoutMs, type LayoutSize } from './layout-budget.js';
import { bindingBracket, estimatePages, OUTSIDE_MARGIN_IN, settleBinding, type BindingBracket, type TextBlockPlace } from './margins.js';
import { setPageBoxes } from '../../resources/page-boxes.js';
import { sourceDate } from '../../io/source-date.js';
import { bookInfo, setPdfInfo } from './pdf-info.js';
import { buildPrintDocument, textBlockCss } from './print-document.js';
import { PageLimitError, renderPdf, type RenderResult } from './render.js';
import { DEFAULT_MAX_PAGES } from '../../config/print-options.js';
import type { LostBlock, PrintFinding } from './in-page.js';
import { TABLE_MIN_SCALE, TABLE_MIN_SCALE_TURNED } from './in-page-tables.js';
import { preflight, summarizePreflight, type PreflightReport } from './preflight.js';
import { applyRequestPolicy, printRoots, refusedReason } from './request-policy.js';
import { emitPress } from './press.js';
import { emitProof } from './proof.js';
import type { Emitter, EmitOptions, EmitResult } from '../outputs.js';
import { writeFileAtomic } from '../../io/write-atomic.js';
import { withTempDir } from '../../process/temp-dir.js';

export { buildPrintDocument } from './print-document.js';
export { setPdfInfo } from './pdf-info.js';

export interface PdfProgress {
  /** Pages laid out so far in this pass. */
  pages: number;
  /** 1-based index of the chapter being laid out, of `chapters`. */
  chapter: number;
  chapters: number;
  /** 1 for the first layout, 2 when the page count landed too far from the guess to move the text block (margins.ts). */
  pass: number;
}

export interface EmitPdfOptions {
  /** A browser to print with; it is left open. Without one, a browser is launched and closed again. */
  browser?: Browser;
  /** How long paged.js may take to lay out the book, in milliseconds. Default: `print.timeout`, else an estimate from pages, chapters, notes and figures (see layout-budget.ts). */
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
  /** Figures set at the top of a later page because they did not fit where called. */
  deferredFigures: number;
  /** The binding-margin bracket the page count fell in, the outside margin the text block was moved to, and how many layouts it took to settle. */
  binding: BindingBracket;
  outsideIn: number;
  passes: number;
}

/**
 * Lays the book out with paged.js in headless Chromium, sets its metadata and page boxes, checks it
 * (preflight) and writes it to `outPath` atomically. The inside margin depends on the page count, so when
 * the layout lands in another bracket than guessed its text block is moved to that margin (settleBinding).
 * Throws with a clear message when no browser is found, layout fails or times out, or preflight finds an error.
 */
export async function emitPdf(book: RenderedBook, outPath: string, options: EmitPdfOptions = {}): Promise<EmitPdfResult> {
  if (book.target !== 'pdf') {
    throw new Error(`emitPdf needs a book rendered for the 'pdf' target, got '${book.target}'.`);
  }
  const { print } = book.config;
  const trim = print.trim;
  const bleedPt = print.bleed?.points ?? 0;
  const characters = book.chapters.reduce((sum, chapter) => sum + textOf(chapter.tree).length, 0);
  const estimatedPages = estimatePages(characters, (trim.widthPt / 72) * (trim.heightPt / 72));
  const timeoutMs = options.timeoutMs ?? print.timeout ?? defaultLayoutTimeoutMs({ pages: estimatedPages, ...countLayoutItems(book) });
  const timeoutSource =
    options.timeoutMs !== undefined ? 'the timeout given' : print.timeout ? `print.timeout (${print.timeout / 1000} s)` : 'the default timeout, estimated from the book';

  const maxPages = print.maxPages ?? DEFAULT_MAX_PAGES;
  checkPageLimit(book, estimatedPages, maxPages);

  // Printing a long book to PDF is one DevTools call: let it run as long as the layout may.
  const ownBrowser = options.browser ? undefined : await launchBrowser({ protocolTimeoutMs: Math.max(180_000, timeoutMs) });
  const browser = options.browser ?? ownBrowser!;
  try {
    const refused = new Set<string>();
    const preparePage =
      options.preparePage ??
      (async (page: Page, documentDir: string) => {
        await applyRequestPolicy(page, { allowedRoots: printRoots(book.root, documentDir, book.config.fonts), onRefused: (url) => refused.add(url) });
      });
    const estimate = bindingBracket(estimatedPages);
    const layOut = (bracket: BindingBracket, pass: number, placeTextBlock: (pages: number) => TextBlockPlace | undefined, keepFiguresInFlow = false) =>
      renderPdf(browser, buildPrintDocument(book, { insideIn: bracket.insideIn, outsideIn: OUTSIDE_MARGIN_IN, keepFiguresInFlow }), {
        timeoutMs,
        timeoutSource,
        maxPages: { pages: maxPages, error: (pagesSoFar, lastChapter) => pageLimitError(maxPages, `ran past page ${pagesSoFar.toLocaleString('en')}${lastChapter ? ` in '${lastChapter}'` : ''}`) },
        preparePage,
        onProgress: options.onProgress && ((p) => options.onProgress!({ ...p, chapters: book.chapters.length, pass })),
        beforePrint: (pages) => {
          const moved = placeTextBlock(pages);
          // Where the count asks for the margins laid out with, nothing moves.
          return moved && (moved.insideIn === bracket.insideIn ? '' : textBlockCss(book, moved));
        },
      });
    let { place, result: rendered, passes } = await settleBinding(estimate, (bracket, pass, placeTextBlock) => layOut(bracket, pass, placeTextBlock));
    // A figure held back for a later page can still go missing (or print twice) when paged.js lays pages out again:
    // rather than fail, lay the book out once more with every figure where it is called, as paged.js alone would set it.
    if ((rendered.lost || rendered.repeated) && rendered.layout?.figuresHeld) {
      const inFlow = await settleBinding(place.bracket, (bracket, pass, placeTextBlock) => layOut(bracket, passes + pass, placeTextBlock, true));
      ({ place, result: rendered } = inFlow);
      passes += inFlow.passes;
    }

    if (rendered.lost) throw contentLost(book, rendered.lost);
    if (rendered.repeated) throw contentRepeated(book, rendered.repeated);
    if (!rendered.pdf) throw new Error('The layout settled on a binding margin but was not printed.');
    const withInfo = setPdfInfo(rendered.pdf, bookInfo(book.config));
    const pdf = await setPageBoxes(withInfo, bleedPt, { date: sourceDate(book.config.date) });
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
        // Each image printed under 300 ppi once, at its manuscript place, not once per page; each table too wide.
        ...(rendered.layout?.findings ?? []).map((finding): OutputMessage => ({ rule: finding.rule, reason: findingReason(finding), ...manuscriptPlace(book, finding.source) })),
        ...imageTotal(rendered.layout),
      ],
      preflight: report,
      deferredFigures: rendered.layout?.deferredFigures ?? 0,
      binding: place.bracket,
      outsideIn: place.outsideIn,
      passes,
    };
  } finally {
    if (ownBrowser) await closeBrowser(ownBrowser);
  }
}

function findingReason(finding: PrintFinding): string {
  if (finding.rule === 'table-too-wide') {
    return (
      `Table too wide for the printed page: it would fit only at ${finding.scale}% of its size, upright or turned on its side ` +
      `(${Math.round(TABLE_MIN_SCALE_TURNED * 100)}% is the least that reads); it is set at ${Math.round(TABLE_MIN_SCALE * 100)}% with its cells broken mid-word (split it, or shorten its cells)`
    );
  }
  return `${finding.src} prints at ${finding.ppi} ppi (needs 300 for print)`;
}

/** One line after the images' own: how many of the book's printed images are under 300 ppi. */
function imageTotal(layout: RenderResult['layout']): OutputMessage[] {
  const low = (layout?.findings ?? []).filter((finding) => finding.rule === 'image-low-resolution').length;
  const all = layout?.imagesPrinted ?? 0;
  if (!low || !all) return [];
  return [{ rule: 'image-resolution-total', reason: `${low} of ${all} images print below 300 ppi` }];
}

/** Why paged.js drops text, by the kind of block that lost it: a table is not blamed for a paragraph. */
const LIKELY_CAUSE: Record<LostBlock, string> = {
  table: 'paged.js could not fit it on a page: a table too wide, or a row taller than a page?',
  listing: 'paged.js could not fit it on a page: a listing line too long to wrap?',
  nested: 'paged.js could not fit it on a page: lists or quotations nested too deep?',
  text: 'paged.js could not split it across pages; splitting it into shorter paragraphs may help',
};

/** The error for a block paged.js dropped text of: its message names the chapter, its diagnostic the `file:line`. */
function contentLost(book: RenderedBook, lost: NonNullable<RenderResult['lost']>): Error & { messages: OutputMessage[] } {
  const { file, place, chapter } = manuscriptPlace(book, lost.source);
  const index = chapter ? book.chapters.indexOf(chapter) + 1 : 0;
  const reason = lost.clipped
    ? 'This block runs off the edge of its printed page, which cuts it off (a table too wide for the page?); the PDF was not written'
    : lost.note
      ? 'paged.js could not set this note at the foot of a page and lost it: it fails when the notes called on a page need more ' +
        'room than the page has. Set `notes: {placement: chapter-end}` in book.yaml, or spread these notes over more text; the PDF was not written'
      : `The print layout lost ${lost.sent - lost.laid} of ${lost.sent} characters of this block (${LIKELY_CAUSE[lost.block ?? 'text']}); the PDF was not written`;
  const error = new Error(`The layout lost content in '${chapter?.title ?? `chapter ${index}`}' (see the error at its line); the PDF was not written.`);
  return Object.assign(error, { messages: [{ rule: 'layout-content-lost' as const, reason, file, place }] });
}

/**
 * The error for a block paged.js set some text of twice: a fault of the layout (pagedjs issue #208, which FolioHandler
 * works around in in-page.ts), not of the manuscript, but a PDF that prints words twice must not be written silently.
 */
function contentRepeated(book: RenderedBook, repeated: NonNullable<RenderResult['repeated']>): Error & { messages: OutputMessage[] } {
  const { file, place, chapter } = manuscriptPlace(book, repeated.source);
  const index = chapter ? book.chapters.indexOf(chapter) + 1 : 0;
  const reason =
    `The print layout set text of this block twice: ${repeated.laid} characters laid out of its ${repeated.sent}, ${repeated.laid - repeated.sent} too many ` +
    '(not counting the hyphens paged.js adds where a page splits a word, nor table header rows repeated on each page). Most likely paged.js ' +
    'started a page back in text it had already set (pagedjs issue #208), a fault of the layout rather than of the text: splitting the paragraph, ' +
    'or rewording text that repeats between its links, notes or emphasis, may avoid it; the PDF was not written';
  const error = new Error(`The layout repeated content in '${chapter?.title ?? `chapter ${index}`}' (see the error at its line); the PDF was not written.`);
  return Object.assign(error, { messages: [{ rule: 'layout-content-repeated' as const, reason, file, place }] });
}

/**
 * Stops a book that cannot fit the page limit before any layout: every chapter opens on a recto, so a book of
 * n chapters has at least 2n − 1 pages, and its text alone fills about `estimatedPages` (which leans low).
 */
function checkPageLimit(book: RenderedBook, estimatedPages: number, maxPages: number): void {
  const chapterPages = 2 * book.chapters.length - 1;
  if (chapterPages > maxPages) {
    throw pageLimitError(maxPages, `has ${book.chapters.length.toLocaleString('en')} chapters, each opening on a right-hand page: at least ${chapterPages.toLocaleString('en')} pages`, chapterPages);
  }
  if (estimatedPages > maxPages) {
    throw pageLimitError(maxPages, `has text for about ${estimatedPages.toLocaleString('en')} pages`, estimatedPages);
  }
}

/** `atLeast`: the pages the book is known to need, so the suggested limit is one that can be enough. */
function pageLimitError(maxPages: number, what: string, atLeast = maxPages): PageLimitError {
  const suggested = Math.min(20_000, Math.ceil((Math.max(2 * maxPages, 1.25 * atLeast) + 1) / 500) * 500);
  const limit = maxPages === DEFAULT_MAX_PAGES ? `the default print.maxPages (${maxPages.toLocaleString('en')}, the largest book print-on-demand shops bind)` : `print.maxPages (${maxPages.toLocaleString('en')})`;
  return new PageLimitError(
    `The print book ${what}, over ${limit}; the PDF was not written. Split it into volumes, or raise the limit in book.yaml with \`print: {maxPages: ${suggested}}\` ` +
      '(a long layout may also need a longer `print.timeout`).',
  );
}

/** What besides the text makes a layout slow: chapters, notes and figures. */
function countLayoutItems(book: RenderedBook): Omit<LayoutSize, 'pages'> {
  let notes = 0;
  let figures = 0;
  for (const chapter of book.chapters) {
    visit(chapter.tree, 'element', (node) => {
      if (node.tagName === 'img' || node.tagName === 'svg') figures++;
      else if (node.tagName === 'span' && hasClass(node, 'footnote')) notes++;
    });
  }
  return { chapters: book.chapters.length, notes, figures };
}

/** A refused request also fails in the page ("Could not load …: net::ERR_BLOCKED_BY_CLIENT"): say it once. */
function isRefusalEcho(warning: string, refused: Set<string>): boolean {
  return [...refused].some((url) => warning.includes(url));
}

/** Preflight reads a file: check the bytes in a temporary one, so a rejected PDF never reaches dist/. */
async function preflightBytes(pdf: Uint8Array, expected: Parameters<typeof preflight>[1]): Promise<PreflightReport> {
  return withTempDir('preflight', async (dir) => {
    const path = join(dir, 'book.pdf');
    await writeFile(path, pdf);
    return preflight(path, expected);
  });
}

export const pdfEmitter: Emitter = { emit: emitPrint };

/** The print PDF plus, on request, its press copy and proof sheet; returns the files, a summary line and the warnings. */
export async function emitPrint(book: RenderedBook, pdfPath: string, options: EmitOptions = {}): Promise<EmitResult> {
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
    await emitProof(pdfPath, `${base}-proof.png`, book.config.print.trim.widthPt / 72);
    extras.push(`${basename(base)}-proof.png`);
  }
  const detail =
    `preflight: ${summarizePreflight(result.preflight)}; inside margin ${result.binding.insideIn}in, outside ${Number(result.outsideIn.toFixed(4))}in, ` +
    `laid out ${result.passes === 1 ? 'once' : `${result.passes} times`}` +
    (result.deferredFigures ? `; ${result.deferredFigures} figures moved to the top of the next page` : '') +
    (extras.length ? `; also ${extras.join(', ')}` : '');
  return {
    outputs: [pdfPath, ...extras.map((name) => join(dirname(pdfPath), name))],
    detail,
    messages: result.messages,
    pages: result.pages,
    margins: { insideIn: result.binding.insideIn, outsideIn: result.outsideIn },
  };
}

/**
 * A `data-source` mark as a manuscript place: `<chapter index>:<line>:<column>` (the print document's marks on
 * blocks) or `<path>:<line>:<column>` (the source-places template's marks on images and tables).
 */
function manuscriptPlace(book: RenderedBook, source: string): { file?: string; place?: { line: number; column: number }; chapter?: RenderedBook['chapters'][number] } {
  const match = /^(.*):(\d+):(\d+)$/.exec(source);
  if (!match) return {};
  const place = { line: Number(match[2]), column: Number(match[3]) };
  const chapter = /^\d+$/.test(match[1]!) ? book.chapters[Number(match[1]) - 1] : book.chapters.find((candidate) => candidate.file.path === match[1]);
  return { file: chapter?.file.path ?? match[1], place, chapter };
}
