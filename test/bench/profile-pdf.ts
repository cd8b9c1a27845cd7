/**
 * Where a PDF build's time goes, stage by stage: load, parse, templates, then per layout pass the page
 * load (fonts, paged.js), paged.js's preparation before the first page, the layout itself (with the time
 * at each quarter of the pages, to see whether pages get slower as the book grows), Chromium's print,
 * and what follows (PDF info, page boxes with qpdf, preflight with poppler, the atomic write).
 * Run: `npx tsx test/bench/profile-pdf.ts [300p|1000p|DIR]`. Reads the engine's stages without changing them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'puppeteer-core';
import { BOOK_SHAPES, generateBook } from './books.js';

const ms = () => performance.now();
const s = (t: number) => `${(t / 1000).toFixed(2)} s`;

/** Installed before the print document loads: timestamps (ms since navigation) of its milestones and of each page paged.js adds. */
const IN_PAGE_TIMINGS = `
window.__bench = { marks: {}, pages: [] };
(function () {
  var mark = function (name) { if (!(name in window.__bench.marks)) window.__bench.marks[name] = performance.now(); };
  document.addEventListener('DOMContentLoaded', function () { mark('domContentLoaded'); });
  window.addEventListener('load', function () { mark('load'); document.fonts.ready.then(function () { mark('fontsReady'); }); });
  var container = null;
  var watchPages = new MutationObserver(function (records) {
    for (var r = 0; r < records.length; r++) {
      var added = records[r].addedNodes;
      for (var i = 0; i < added.length; i++) {
        if (added[i].classList && added[i].classList.contains('pagedjs_page')) window.__bench.pages.push(performance.now());
      }
    }
  });
  // The whole document is watched only until paged.js makes its page container; then only that container.
  var findContainer = new MutationObserver(function () {
    container = document.querySelector('.pagedjs_pages');
    if (container) { findContainer.disconnect(); mark('pagesContainer'); watchPages.observe(container, { childList: true }); }
  });
  findContainer.observe(document, { childList: true, subtree: true });
})();
`;

interface PassTiming {
  opened: number;
  gotoStart?: number;
  gotoEnd?: number;
  pdfStart?: number;
  pdfEnd?: number;
  inPage?: { marks: Record<string, number>; pages: number[] };
}

const which = process.argv[2] ?? '300p';
const work = await mkdtemp(join(tmpdir(), 'folio-profile-'));
try {
  let manuscriptDir = resolve(which);
  if (which in BOOK_SHAPES) {
    manuscriptDir = join(work, 'manuscript');
    await generateBook(manuscriptDir, BOOK_SHAPES[which as keyof typeof BOOK_SHAPES]);
  }
  const t0 = ms();
  const [{ loadManuscript }, { BookPipeline }, { emitPdf }, { launchBrowser }] = await Promise.all([
    import('../../src/load/index.js'),
    import('../../src/pipeline.js'),
    import('../../src/emit/pdf/index.js'),
    import('../../src/browser/launch.js'),
  ]);
  const tImport = ms();
  const { manuscript } = await loadManuscript(manuscriptDir);
  if (!manuscript) throw new Error(`no manuscript in ${manuscriptDir}`);
  const tLoad = ms();
  const pipeline = new BookPipeline();
  await pipeline.update(manuscript);
  const tParse = ms();
  const book = await pipeline.book('pdf');
  const tTransform = ms();
  const browser = await launchBrowser();
  const tLaunch = ms();

  const passes: PassTiming[] = [];
  const newPage = browser.newPage.bind(browser);
  browser.newPage = (async (...args: Parameters<typeof newPage>) => {
    const page: Page = await newPage(...args);
    const pass: PassTiming = { opened: ms() };
    passes.push(pass);
    await page.evaluateOnNewDocument(IN_PAGE_TIMINGS);
    const goto = page.goto.bind(page);
    page.goto = (async (...a: Parameters<typeof goto>) => {
      pass.gotoStart = ms();
      try {
        return await goto(...a);
      } finally {
        pass.gotoEnd = ms();
      }
    }) as typeof page.goto;
    const pdf = page.pdf.bind(page);
    page.pdf = (async (...a: Parameters<typeof pdf>) => {
      pass.inPage = await page.evaluate(() => (window as unknown as { __bench: PassTiming['inPage'] }).__bench);
      pass.pdfStart = ms();
      try {
        return await pdf(...a);
      } finally {
        pass.pdfEnd = ms();
      }
    }) as typeof page.pdf;
    return page;
  }) as typeof browser.newPage;

  const tEmit = ms();
  let result;
  try {
    result = await emitPdf(book, join(work, 'book.pdf'), { browser });
  } finally {
    await browser.close();
  }
  const tEnd = ms();

  console.log(`book: ${which}, ${book.chapters.length} chapters, ${result.pages} pages, ${result.passes} layout pass(es)`);
  console.log(`import engine modules   ${s(tImport - t0)}`);
  console.log(`load manuscript         ${s(tLoad - tImport)}`);
  console.log(`parse (remark → hast)   ${s(tParse - tLoad)}`);
  console.log(`templates (pdf target)  ${s(tTransform - tParse)}`);
  console.log(`launch Chromium         ${s(tLaunch - tTransform)}`);
  passes.forEach((p, i) => {
    const navStart = p.gotoStart ?? p.opened;
    const marks = p.inPage?.marks ?? {};
    const pages = p.inPage?.pages ?? [];
    console.log(`pass ${i + 1}:`);
    console.log(`  document built + tab   ${s((p.gotoStart ?? p.opened) - (i === 0 ? tEmit : passes[i - 1]!.pdfEnd ?? tEmit))}`);
    console.log(`  page load (goto)       ${s((p.gotoEnd ?? navStart) - navStart)}  (DOMContentLoaded ${s(marks.domContentLoaded ?? 0)}, load ${s(marks.load ?? 0)}, fonts ${s(marks.fontsReady ?? 0)})`);
    if (pages.length) {
      const first = pages[0]!;
      const last = pages.at(-1)!;
      console.log(`  first page at          ${s(first)} after navigation  (paged.js page container at ${s(marks.pagesContainer ?? 0)})`);
      console.log(`  layout, ${pages.length} pages      ${s(last - first)}  (${((last - first) / pages.length).toFixed(0)} ms a page)`);
      const quarter = (q: number) => pages[Math.min(pages.length - 1, Math.floor((q * pages.length) / 4))]!;
      const quarters = [1, 2, 3, 4].map((q) => quarter(q) - quarter(q - 1));
      console.log(`  layout by quarter      ${quarters.map(s).join(', ')}`);
      console.log(`  after last page        ${s((p.pdfStart ?? 0) - navStart - last)}  (paged.js after-hooks, counter fixes)`);
    }
    console.log(`  Chromium print (pdf)   ${s((p.pdfEnd ?? 0) - (p.pdfStart ?? 0))}`);
  });
  console.log(`after print: info, qpdf boxes, preflight, write  ${s(tEnd - (passes.at(-1)?.pdfEnd ?? tEnd))}`);
  console.log(`total                   ${s(tEnd - t0)}`);
} finally {
  await rm(work, { recursive: true, force: true });
}
