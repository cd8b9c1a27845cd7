import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { watchForCrash } from '../../browser/crash-watch.js';
import type { LayoutProgress } from './in-page.js';
import { withTempDir } from '../../process/temp-dir.js';

export interface RenderProgress {
  /** Pages laid out so far. */
  pages: number;
  /** 1-based index of the chapter being laid out (0 before the first). */
  chapter: number;
}

export interface RenderOptions {
  /** How long loading and laying out may take together, in milliseconds. */
  timeoutMs: number;
  /** Where `timeoutMs` came from, for the message when it runs out: `print.timeout (5min)`. */
  timeoutSource?: string;
  /** The layout stops with an error (a `PageLimitError`) as soon as it runs past this many pages. */
  maxPages?: { pages: number; error: (pagesSoFar: number, lastChapter: string | null) => Error };
  /** Called about twice a second while paged.js lays out. */
  onProgress?: (progress: RenderProgress) => void;
  /**
   * Called on the fresh page before the document loads, with the folder the print document is written
   * to: the place for request interception (emitPdf installs the request policy here).
   */
  preparePage?: (page: Page, documentDir: string) => Promise<void>;
  /**
   * Called once the book is laid out, with its page count: returns CSS added to the laid-out pages before they
   * are printed (it may move boxes but must not reflow text: emitPdf moves the text block to the binding margin
   * the count asks for), or undefined to print nothing (the result then has no `pdf`, and the book is laid out again).
   */
  beforePrint?: (pages: number) => string | undefined;
}

export interface RenderResult {
  /** Absent when `beforePrint` declined to print this layout. */
  pdf?: Uint8Array;
  pages: number;
  warnings: string[];
  /** What the layout found about the manuscript's images and tables, and its counts (in-page.ts). */
  layout?: Pick<LayoutProgress, 'findings' | 'deferredFigures' | 'figuresHeld' | 'softHyphensRemoved' | 'imagesPrinted' | 'added'>;
  /** The first block paged.js laid out with less text than it was given (see IN_PAGE_SETUP), or null. */
  lost: LayoutProgress['lost'];
  /** The first block paged.js laid out with more text than it was given, what it adds of its own aside, or null. */
  repeated?: LayoutProgress['repeated'];
}

/** The book ran past `print.maxPages`; its message says how far it got and how to raise the limit. */
export class PageLimitError extends Error {}

const TIMED_OUT = Symbol('timed out');

function formatSeconds(ms: number): string {
  return `${ms < 10_000 ? Number((ms / 1000).toFixed(1)) : Math.round(ms / 1000)} s`;
}

/** Resolves to TIMED_OUT if `promise` has not settled within `ms`. */
async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolveTimeout) => {
    timer = setTimeout(() => resolveTimeout(TIMED_OUT), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Opens the print document in a new tab of `browser`, waits for paged.js to lay it out and prints it
 * (tagged, with the outline). Throws with the progress made when layout fails or outlasts the timeout,
 * and says so at once, naming the step, when the browser or its tab dies on the way.
 */
export async function renderPdf(browser: Browser, documentHtml: string, options: RenderOptions): Promise<RenderResult> {
  const warnings: string[] = [];
  const pageErrors: string[] = [];
  const crash = watchForCrash(browser);
  let step = 'opening a tab';
  try {
    return await withTempDir('pdf', async (workDir) => {
      await writeFile(join(workDir, 'book.html'), documentHtml);
      return print(workDir);
    });
  } catch (error) {
    const reason = crash.reason();
    if (reason) throw new Error(`${reason[0]!.toUpperCase()}${reason.slice(1)} while ${step}; the PDF was not written.`, { cause: error });
    throw error;
  } finally {
    crash.dispose();
  }

  /** Every long wait ends when the browser dies, so nothing (a timer, the progress poll) outlives a crash. */
  function unlessCrashed<T>(work: Promise<T>): Promise<T> {
    return Promise.race([work, crash.stopped]);
  }

  async function print(workDir: string): Promise<RenderResult> {
    const page = await unlessCrashed(browser.newPage());
    crash.watchPage(page);
    try {
      page.on('console', (message) => {
        const type = message.type();
        if (type === 'warn' || type === 'error') warnings.push(message.text());
      });
      page.on('pageerror', (error) => pageErrors.push(error instanceof Error ? error.message : String(error)));
      page.on('requestfailed', (request) => {
        warnings.push(`Could not load ${request.url()}: ${request.failure()?.errorText ?? 'failed'}`);
      });
      await options.preparePage?.(page, workDir);

      // One deadline for loading the page (fonts, paged.js) and laying the book out.
      const deadline = Date.now() + options.timeoutMs;
      const progressNow = async () => {
        const answer = await withTimeout(page.evaluate(() => window.__folio as LayoutProgress), 2_000).catch(() => TIMED_OUT);
        return typeof answer === 'object' ? answer : undefined;
      };
      const timeoutError = async () => {
        const progress = await progressNow();
        return new Error(
          `paged.js did not finish laying out the book within ${formatSeconds(options.timeoutMs)} ` +
            `(${progress?.pages ?? 0} pages so far; last chapter laid out: ` +
            `${progress?.lastChapter ? `'${progress.lastChapter}'` : 'none'}).` +
            (pageErrors.length ? ` Page errors: ${pageErrors.join('; ')}` : '') +
            ` The limit is ${options.timeoutSource ?? 'the layout timeout'}: raise it in book.yaml with \`print: {timeout: 30min}\` (at most 60min).`,
        );
      };

      step = 'loading the print document';
      try {
        await unlessCrashed(page.goto(pathToFileURL(join(workDir, 'book.html')).href, { waitUntil: 'load', timeout: options.timeoutMs }));
      } catch (error) {
        if (error instanceof Error && error.name === 'TimeoutError') throw await timeoutError();
        throw new Error(`Could not open the print document in the browser: ${(error as Error).message ?? error}`, { cause: error });
      }

      step = 'laying out the book';
      // Polled in short calls rather than awaited in one: a single DevTools call ends at puppeteer's
      // protocolTimeout (180 s by default, even for a borrowed browser), which would cut long books off
      // before the layout's own deadline.
      let waiting = true;
      const layout = (async () => {
        while (waiting) {
          const state = await page.evaluate(() => ({ done: window.__folio.done, error: window.__folio.error, pages: window.__folio.pages, lastChapter: window.__folio.lastChapter }));
          if (state.error) throw new Error(state.error);
          // A book that runs past the page limit would only run on for many minutes to a PDF no shop binds.
          if (options.maxPages && state.pages > options.maxPages.pages) throw options.maxPages.error(state.pages, state.lastChapter);
          if (state.done) return;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      })();
      layout.catch(() => {});
      const poll = options.onProgress
        ? setInterval(() => {
            void progressNow().then((p) => p && !p.done && options.onProgress?.({ pages: p.pages, chapter: p.chapter }));
          }, 500)
        : undefined;
      let outcome: void | typeof TIMED_OUT;
      try {
        outcome = await withTimeout(unlessCrashed(layout), Math.max(0, deadline - Date.now()));
      } catch (error) {
        if (error instanceof PageLimitError) throw error;
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`paged.js failed to lay out the book: ${reason}`, { cause: error });
      } finally {
        waiting = false;
        clearInterval(poll);
      }
      if (outcome === TIMED_OUT) throw await timeoutError();

      const { lost, repeated } = await unlessCrashed(page.evaluate(() => ({ lost: window.__folio.lost ?? null, repeated: window.__folio.repeated ?? null })));
      const pages = await unlessCrashed(page.evaluate(() => document.querySelectorAll('.pagedjs_page').length));
      if (pages === 0) throw new Error('paged.js laid out no pages.');

      const layoutReport = await unlessCrashed(
        page.evaluate(() => ({
          findings: window.__folio.findings,
          deferredFigures: window.__folio.deferredFigures,
          figuresHeld: window.__folio.figuresHeld,
          softHyphensRemoved: window.__folio.softHyphensRemoved,
          imagesPrinted: window.__folio.imagesPrinted,
          added: window.__folio.added,
        })),
      );

      const css = options.beforePrint ? options.beforePrint(pages) : '';
      if (css === undefined) return { pages, warnings, layout: layoutReport, lost, repeated };
      if (css) {
        await unlessCrashed(
          page.evaluate((rules) => {
            const style = document.createElement('style');
            style.textContent = rules;
            document.head.appendChild(style);
          }, css),
        );
      }

      step = 'printing the PDF';
      let pdf: Uint8Array;
      try {
        // The printing has the layout's time limit again; the browser's protocolTimeout is at least as long.
        pdf = await unlessCrashed(page.pdf({ preferCSSPageSize: true, printBackground: true, outline: true, tagged: true, timeout: options.timeoutMs }));
      } catch (error) {
        // Puppeteer's own words would tell the author to raise a setting of its own (protocolTimeout) they cannot reach.
        if (error instanceof Error && (error.name === 'TimeoutError' || /timed out/i.test(error.message))) {
          throw new Error(
            `Chromium did not finish printing the ${pages}-page PDF within ${formatSeconds(options.timeoutMs)}. ` +
              `The limit is ${options.timeoutSource ?? 'the layout timeout'}: raise it in book.yaml with \`print: {timeout: 30min}\` (at most 60min).`,
            { cause: error },
          );
        }
        throw error;
      }
      return { pdf, pages, warnings, layout: layoutReport, lost, repeated };
    } finally {
      // A page stuck in layout may not answer; do not let closing it hang the build.
      await withTimeout(page.close(), 5_000).catch(() => {});
    }
  }
}
