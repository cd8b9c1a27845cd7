import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Element, ElementContent, Root, RootContent } from 'hast';
import { toHtml } from 'hast-util-to-html';
import type { Browser } from 'puppeteer-core';
import { principalNames } from '../../templates/util/contributors.js';
import { textOf } from '../../templates/util/text.js';
import type { BookConfig, Chapter, RenderedBook } from '../types.js';
import { launchBrowser } from './browser.js';
import { fontFaceCss } from './fonts.js';
import { writeFileAtomic } from './write-atomic.js';
import { parseTrim } from '../config/trim.js';

export interface EmitPdfOptions {
  /** A browser to print with; it is left open. Without one, a browser is launched and closed again. */
  browser?: Browser;
  /** How long paged.js may take to lay out the book, in milliseconds (default 120 000). */
  timeoutMs?: number;
}

export interface EmitPdfResult {
  /** Number of pages in the PDF. */
  pages: number;
  /** What paged.js reported while laying out (e.g. content it could not fit), for the build to show. */
  warnings: string[];
}

const STYLES_DIR = fileURLToPath(new URL('../../styles/', import.meta.url));
const require = createRequire(import.meta.url);

/* ------------------------------------------------------------------ Document */

function cssString(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&').replace(/[\n\r\f]/g, ' ')}"`;
}


function element(tagName: string, properties: Element['properties'], children: ElementContent[] = []): Element {
  return { type: 'element', tagName, properties, children };
}

function text(value: string): ElementContent {
  return { type: 'text', value };
}

function isElement(node: RootContent | ElementContent): node is Element {
  return node.type === 'element';
}

/**
 * Break opportunities in a URL set as text, after Chicago: after `//` and `:`, before a single `/` and
 * before `.`, `-`, `_`, `~`, `?`, `#`, `%`, `,`; before and after `=` and `&`. No hyphen is shown at such a break.
 */
export function urlBreakPoints(url: string): string[] {
  const parts: string[] = [];
  let current = '';
  const flush = () => {
    if (current) parts.push(current);
    current = '';
  };
  for (let i = 0; i < url.length; i++) {
    const c = url[i];
    const inDoubleSlash = c === '/' && (url[i - 1] === '/' || url[i + 1] === '/');
    if (/[./\-_~?#%,=&]/.test(c) && !inDoubleSlash) flush();
    current += c;
    if ((c === '/' && url[i - 1] === '/') || (c === ':' && url[i + 1] !== '/') || c === '=' || c === '&') flush();
  }
  flush();
  return parts;
}

const URL_TEXT = /^(?:[a-z][a-z0-9+.-]*:\/\/|www\.)\S{12,}$/i;

/**
 * A copy of a tree made ready for print: images resolve against the manuscript folder (not the temporary
 * page), and URLs set as link text get `<wbr>` break points so a long address does not leave a gappy line.
 */
function forPrint<T extends Root | Element>(node: T, root: string): T {
  const copy = structuredClone(node);
  const visit = (n: Root | Element) => {
    for (let index = 0; index < n.children.length; index++) {
      const child = n.children[index];
      if (!isElement(child)) continue;
      if (child.tagName === 'img' && typeof child.properties.src === 'string') {
        const src = child.properties.src;
        if (!/^[a-z][a-z0-9+.-]*:/i.test(src) && !src.startsWith('//') && !src.startsWith('#')) {
          const path = isAbsolute(src) ? src : resolve(root, decodeURI(src));
          child.properties.src = pathToFileURL(path).href;
        }
      }
      if (child.tagName === 'a' && child.children.length === 1 && child.children[0].type === 'text') {
        const value = child.children[0].value;
        if (URL_TEXT.test(value)) {
          child.children = urlBreakPoints(value).flatMap((part, i): ElementContent[] =>
            i === 0 ? [text(part)] : [element('wbr', {}), text(part)],
          );
          continue;
        }
      }
      visit(child);
    }
  };
  visit(copy);
  return copy;
}

/**
 * Prepares the contents shell (on a copy) for print.css: each link gets the section of the chapter it points to,
 * so its page number is set roman or arabic, and the nav gets `data-chapter-title` (its heading) for running heads.
 */
function prepareContents(contents: Root, chapters: Chapter[]): Root {
  const sections = new Map(chapters.map((c) => [c.id, c.section]));
  const copy = structuredClone(contents);
  const visit = (n: Root | Element) => {
    for (const child of n.children) {
      if (!isElement(child)) continue;
      if (child.tagName === 'nav' && child.properties.dataChapterTitle === undefined) {
        const heading = child.children.find(
          (c): c is Element => isElement(c) && /^h[1-6]$/.test(c.tagName),
        );
        if (heading) child.properties.dataChapterTitle = textOf(heading).replace(/\s+/g, ' ').trim();
      }
      const href = child.properties.href;
      if (child.tagName === 'a' && typeof href === 'string' && href.startsWith('#')) {
        const section = sections.get(decodeURIComponent(href.slice(1)));
        if (section) child.properties.dataSection = section;
      }
      visit(child);
    }
  };
  visit(copy);
  return copy;
}

/** What runs in the page: paged.js config, the Chromium counter fix, and progress for error messages. */
const IN_PAGE_SETUP = `
window.__folio = { done: false, error: null, pages: 0, lastChapter: null };
window.__folioDone = new Promise(function (resolve, reject) {
  window.PagedConfig = {
    auto: true,
    // The hyphen paged.js adds where it splits a word across pages: U+2011 by default, which EB Garamond lacks.
    settings: { hyphenGlyph: '-' },
    after: function () { window.__folio.done = true; resolve(window.__folio.pages); }
  };
  window.addEventListener('error', function (event) {
    window.__folio.error = String((event.error && event.error.stack) || event.message);
    reject(new Error(window.__folio.error));
  });
  window.addEventListener('unhandledrejection', function (event) {
    var reason = event.reason;
    window.__folio.error = String((reason && reason.stack) || reason);
    reject(new Error(window.__folio.error));
  });
});
window.__folioDone.catch(function () {});
`;

/*
 * paged.js (0.4.x) restarts the page counter by inserting
 *   [data-page-number="N"] { counter-increment: none; counter-reset: page X }
 * Since Chromium 131 a counter-reset on a page box starts a counter scoped to that page only, so the
 * following pages go back to the old numbering (pagedjs issues #270, #300). Once layout is over (target
 * counters in the contents were computed from those rules already), the same rules are turned into
 * counter-set, which changes the one page counter that runs through all pages.
 */
const IN_PAGE_HANDLERS = `
(function () {
  function fixPageCounterResets() {
    var fixed = 0;
    function walk(rules) {
      for (var i = 0; i < rules.length; i++) {
        var rule = rules[i];
        if (rule.cssRules && !(rule instanceof CSSStyleRule)) { walk(rule.cssRules); continue; }
        if (!(rule instanceof CSSStyleRule)) continue;
        if (rule.selectorText.indexOf('[data-page-number=') === -1) continue;
        var reset = rule.style.getPropertyValue('counter-reset');
        if (!reset || !/(^|\\s)page(\\s|$)/.test(reset)) continue;
        rule.style.removeProperty('counter-reset');
        rule.style.setProperty('counter-set', reset);
        fixed++;
      }
    }
    for (var s = 0; s < document.styleSheets.length; s++) {
      var rules;
      try { rules = document.styleSheets[s].cssRules; } catch (e) { continue; }
      walk(rules);
    }
    return fixed;
  }

  var SOFT_HYPHEN = "\\u00AD";
  var LETTER = /[\\p{L}\\p{M}]/u;

  class FolioHandler extends Paged.Handler {
    /*
     * Where the last line of a page ends at a soft hyphen, paged.js measures the letter after the hyphen
     * together with the end of the line it leaves, takes it for text that still fits, and splits the word
     * one letter late ("innovat-" / "ion"). A word can only break at a soft hyphen, so move such a split
     * back to just after the nearest soft hyphen before it.
     */
    onOverflow(overflow) {
      if (!overflow || !overflow.startContainer || overflow.startContainer.nodeType !== 3) return;
      var node = overflow.startContainer;
      var offset = overflow.startOffset;
      var text = node.textContent;
      if (offset <= 0 || offset >= text.length) return;
      if (!LETTER.test(text.charAt(offset - 1)) || !LETTER.test(text.charAt(offset))) return;
      var i = offset - 1;
      while (i >= 0 && LETTER.test(text.charAt(i))) i--;
      if (i < 0 || text.charAt(i) !== SOFT_HYPHEN) return;
      var range = document.createRange();
      range.setStart(node, i + 1);
      range.setEnd(overflow.endContainer, overflow.endOffset);
      return range;
    }

    afterPageLayout(pageElement) {
      window.__folio.pages++;
      var chapter = pageElement.querySelector('[data-chapter-title]');
      if (chapter) window.__folio.lastChapter = chapter.getAttribute('data-chapter-title');
    }
    afterRendered() {
      window.__folio.counterFixes = fixPageCounterResets();
    }
  }
  Paged.registerHandlers(FolioHandler);
})();
`;

/** pagedjs's package exports no subpath for its polyfill: find the package folder from its entry point. */
function pagedPolyfillPath(): string {
  let dir = dirname(require.resolve('pagedjs'));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  const path = join(dir, 'dist', 'paged.polyfill.js');
  if (!existsSync(path)) throw new Error(`paged.js's polyfill is missing: ${path} (run npm install).`);
  return path;
}

function readOptionalStyle(name: string): string | undefined {
  const path = join(STYLES_DIR, name);
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

/** Assembles the one HTML document paged.js lays out. Exported for the preview and for tests. */
export function buildPrintDocument(book: RenderedBook): string {
  const { config } = book;
  const trim = parseTrim(config.print.trim);

  const body: ElementContent[] = [];
  const pushShell = (shell: Root) => {
    for (const child of forPrint(shell, book.root).children) {
      if (child.type !== 'doctype') body.push(child as ElementContent);
    }
  };
  pushShell(book.shells.titlePage);
  pushShell(book.shells.copyrightPage);
  pushShell(prepareContents(book.shells.contents, book.chapters));

  for (const chapter of book.chapters) {
    const tree = forPrint(chapter.tree, book.root);
    body.push(
      element(
        'section',
        { className: ['chapter', chapter.section], dataChapterTitle: chapter.title, lang: chapter.lang },
        tree.children.filter((c): c is ElementContent => c.type !== 'doctype'),
      ),
    );
  }

  const bookText = toHtml({ type: 'root', children: body });
  const pagedPolyfill = pagedPolyfillPath();
  const baseCss = readOptionalStyle('base.css');
  const printCss = readOptionalStyle('print.css');
  if (printCss === undefined) throw new Error(`The print stylesheet is missing: ${join(STYLES_DIR, 'print.css')}`);

  // Stylesheets go inline: paged.js fetches linked sheets with XMLHttpRequest, which Chromium refuses for file:// pages.
  const head: ElementContent[] = [
    element('meta', { charSet: 'utf-8' }),
    element('title', {}, [text(config.subtitle ? `${config.title}: ${config.subtitle}` : config.title)]),
    element('meta', { name: 'author', content: principalNames(config.contributors).join(', ') }),
    element('meta', { name: 'generator', content: 'Folio' }),
    element('style', { dataFolio: 'fonts' }, [text(fontFaceCss({ text: bookText }))]),
    ...(baseCss ? [element('style', { dataFolio: 'styles/base.css' }, [text(baseCss)])] : []),
    element('style', { dataFolio: 'styles/print.css' }, [text(printCss)]),
    element('style', { dataFolio: 'book' }, [
      text(
        `@page { size: ${trim.width} ${trim.height}; }\n` +
          `:root { --folio-book-title: ${cssString(config.title)}; }\n`,
      ),
    ]),
    element('script', {}, [text(IN_PAGE_SETUP)]),
    element('script', { src: pathToFileURL(pagedPolyfill).href }),
    element('script', {}, [text(IN_PAGE_HANDLERS)]),
  ];

  const html = element('html', { lang: config.language }, [
    element('head', {}, head),
    element('body', {}, body),
  ]);
  return toHtml({ type: 'root', children: [{ type: 'doctype' }, html] });
}

/* ------------------------------------------------------------------ PDF metadata */

/** A PDF text string: a literal when it is plain ASCII, else UTF-16BE hex with a byte-order mark. */
function pdfString(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return `(${value.replace(/[\\()]/g, '\\$&')})`;
  const bytes = Buffer.from(value, 'utf16le').swap16();
  return `<FEFF${bytes.toString('hex').toUpperCase()}>`;
}

const PDF_VALUE = String.raw`\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>|/[^\s/<>()\[\]]+|[-+.\d]+|true|false`;

/**
 * Sets entries of the PDF's document information dictionary (Author, Subject, Keywords…), which Chromium
 * fills with the title only. Done as an incremental update: the original bytes stay as they are and a new
 * Info object, cross-reference section and trailer are appended. Returns the PDF unchanged when its
 * structure is not the classic one Chromium writes.
 */
export function setPdfInfo(pdf: Uint8Array, entries: Record<string, string | undefined>): Uint8Array {
  const buffer = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const tail = buffer.subarray(Math.max(0, buffer.length - 2048)).toString('latin1');
  const startxref = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  const trailer = /trailer\s*<<([\s\S]*?)>>\s*startxref/.exec(tail);
  if (!startxref || !trailer) return pdf;
  const size = /\/Size\s+(\d+)/.exec(trailer[1]);
  const root = /\/Root\s+(\d+\s+\d+\s+R)/.exec(trailer[1]);
  const info = /\/Info\s+(\d+)\s+(\d+)\s+R/.exec(trailer[1]);
  if (!size || !root) return pdf;

  // Keep what the original Info says (Title, Producer, dates), then add or replace our entries.
  const merged = new Map<string, string>();
  if (info) {
    const objectHeader = new RegExp(`(?:^|[\\r\\n])${info[1]}\\s+${info[2]}\\s+obj\\s*<<`, 'g');
    const text = buffer.toString('latin1');
    let match: RegExpExecArray | null;
    let last: RegExpExecArray | null = null;
    while ((match = objectHeader.exec(text))) last = match;
    if (last) {
      const entry = new RegExp(String.raw`\s*/(\w+)\s*(${PDF_VALUE})`, 'y');
      entry.lastIndex = last.index + last[0].length;
      let found: RegExpExecArray | null;
      while ((found = entry.exec(text))) merged.set(found[1], found[2]);
    }
  }
  for (const [key, value] of Object.entries(entries)) {
    if (value !== undefined && value !== '') merged.set(key, pdfString(value));
  }

  const objectNumber = info ? Number(info[1]) : Number(size[1]);
  const newSize = info ? Number(size[1]) : Number(size[1]) + 1;
  const dictionary = [...merged].map(([key, value]) => `/${key} ${value}`).join('\n');
  const objectOffset = buffer.length + 1;
  const object = `\n${objectNumber} 0 obj\n<<${dictionary}>>\nendobj\n`;
  const xrefOffset = buffer.length + Buffer.byteLength(object, 'latin1');
  const update =
    object +
    `xref\n0 1\n0000000000 65535 f \n${objectNumber} 1\n${String(objectOffset).padStart(10, '0')} 00000 n \n` +
    `trailer\n<</Size ${newSize}\n/Root ${root[1]}\n/Info ${objectNumber} 0 R\n/Prev ${startxref[1]}>>\n` +
    `startxref\n${xrefOffset}\n%%EOF\n`;
  return Buffer.concat([buffer, Buffer.from(update, 'latin1')]);
}

/** The Info entries Folio sets: Chromium writes the Title (from `<title>`) but no Author, Subject or Keywords. */
function bookInfo(config: BookConfig): Record<string, string | undefined> {
  return {
    Author: principalNames(config.contributors).join(', '),
    Subject: config.description,
    Keywords: config.subjects.join(', '),
    Creator: 'Folio',
  };
}

/* ------------------------------------------------------------------ Print */

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

declare global {
  interface Window {
    __folio: { done: boolean; error: string | null; pages: number; lastChapter: string | null; counterFixes?: number };
    __folioDone: Promise<number>;
  }
}

/**
 * Lays the book out with paged.js in headless Chromium and prints it to `outPath` (written atomically).
 * Throws with a clear message when no browser is found, when layout fails or takes longer than the timeout.
 */
export async function emitPdf(book: RenderedBook, outPath: string, options: EmitPdfOptions = {}): Promise<EmitPdfResult> {
  if (book.target !== 'pdf') {
    throw new Error(`emitPdf needs a book rendered for the 'pdf' target, got '${book.target}'.`);
  }
  const timeoutMs = options.timeoutMs ?? 120_000;
  const documentHtml = buildPrintDocument(book);

  const workDir = await mkdtemp(join(tmpdir(), 'folio-pdf-'));
  const htmlPath = join(workDir, 'book.html');
  const ownBrowser = options.browser ? undefined : await launchBrowser().catch(async (error: unknown) => {
    await rm(workDir, { recursive: true, force: true });
    throw error;
  });
  const browser = options.browser ?? ownBrowser!;
  const warnings: string[] = [];
  const pageErrors: string[] = [];

  try {
    await writeFile(htmlPath, documentHtml);
    const page = await browser.newPage();
    try {
      page.on('console', (message) => {
        const type = message.type();
        if (type === 'warn' || type === 'error') warnings.push(message.text());
      });
      page.on('pageerror', (error) => pageErrors.push(error instanceof Error ? error.message : String(error)));
      page.on('requestfailed', (request) => {
        warnings.push(`Could not load ${request.url()}: ${request.failure()?.errorText ?? 'failed'}`);
      });

      // One deadline for loading the page (fonts, paged.js) and laying the book out.
      const deadline = Date.now() + timeoutMs;
      const timeoutError = async () => {
        const answer = await withTimeout(
          page.evaluate(() => ({ pages: window.__folio.pages, lastChapter: window.__folio.lastChapter })),
          2_000,
        ).catch(() => TIMED_OUT);
        const progress = typeof answer === 'object' ? answer : undefined;
        return new Error(
          `paged.js did not finish laying out the book within ${formatSeconds(timeoutMs)} ` +
            `(${progress?.pages ?? 0} pages so far; last chapter laid out: ` +
            `${progress?.lastChapter ? `'${progress.lastChapter}'` : 'none'}).` +
            (pageErrors.length ? ` Page errors: ${pageErrors.join('; ')}` : ''),
        );
      };

      try {
        await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load', timeout: timeoutMs });
      } catch (error) {
        if (error instanceof Error && error.name === 'TimeoutError') throw await timeoutError();
        throw new Error(`Could not open the print document in the browser: ${(error as Error).message ?? error}`, {
          cause: error,
        });
      }

      const layout = page.evaluate(() => window.__folioDone);
      layout.catch(() => {});
      let outcome: number | typeof TIMED_OUT;
      try {
        outcome = await withTimeout(layout, Math.max(0, deadline - Date.now()));
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`paged.js failed to lay out the book: ${reason}`, { cause: error });
      }
      if (outcome === TIMED_OUT) throw await timeoutError();

      const pages = await page.evaluate(() => document.querySelectorAll('.pagedjs_page').length);
      if (pages === 0) throw new Error('paged.js laid out no pages.');

      const pdf = await page.pdf({
        preferCSSPageSize: true,
        printBackground: true,
        outline: true,
        tagged: true,
        timeout: 0,
      });
      await writeFileAtomic(outPath, setPdfInfo(pdf, bookInfo(book.config)));
      return { pages, warnings };
    } finally {
      // A page stuck in layout may not answer; do not let closing it hang the build.
      await withTimeout(page.close(), 5_000).catch(() => {});
    }
  } finally {
    if (ownBrowser) await ownBrowser.close().catch(() => {});
    await rm(workDir, { recursive: true, force: true });
  }
}
