import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser, launchBrowser } from '../src/browser/launch.js';
import { emitPdf } from '../src/emit/pdf/index.js';
import { loadManuscript } from '../src/load/index.js';
import { renderBook } from '../src/pipeline.js';
import { bandedPng } from './helpers/technical-book.js';
import { skipWithoutBrowser } from './helpers/tools.js';

const scratch = mkdtempSync(join(tmpdir(), 'folio-reproducible-'));

const WORDS = 'type page press ink paper margin folio quire sheet gutter measure leading line word letter serif proof binding'.split(' ');
/** A paragraph of about 700 characters, different for each `seed`, the same on every run. */
const paragraph = (seed: number) =>
  Array.from({ length: 10 }, (_, s) => {
    const words = Array.from({ length: 11 }, (_, w) => WORDS[(seed * 7 + s * 5 + w * 3 + ((seed * w) % 4)) % WORDS.length]!);
    return words.join(' ').replace(/^./, (c) => c.toUpperCase()) + '.';
  }).join(' ');

/**
 * One chapter of eight or so pages: figures a third of a page tall, called at places where some do not fit (the
 * figure handler then holds them for the next page, having measured them), and notes called near page feet.
 */
function writeBook(dir: string): void {
  mkdirSync(join(dir, 'figures'), { recursive: true });
  const blocks = ['# Proofs'];
  for (let i = 0; i < 18; i++) {
    // A note in every third paragraph, none right after a figure (text with a call does not carry a figure over).
    blocks.push(paragraph(i) + (i % 3 === 2 ? `[^n${i}]` : ''));
    if (i % 4 === 1) {
      writeFileSync(join(dir, 'figures', `f${i}.png`), bandedPng(480, 360, i));
      blocks.push(`![Figure ${i}: a plate](figures/f${i}.png)`);
    }
  }
  for (let i = 2; i < 18; i += 3) blocks.push(`[^n${i}]: ${paragraph(100 + i).slice(0, 160 + 40 * (i % 4))}.`);
  writeFileSync(join(dir, '01-proofs.md'), blocks.join('\n\n') + '\n');
  writeFileSync(join(dir, 'book.yaml'), 'title: Proofs\nlanguage: en\ndate: 2026-01-01\nchapters: [01-proofs.md]\n');
}

/*
 * Issue 15: two clean builds of the 300-page bench book differed (246 or 244 pages, 243 once fixed). paged.js lays out
 * copies of the book's images, which had their size at once only while Chromium still held the decoded originals;
 * once the garbage collector had taken those, the figure handler measured a copy as its caption alone and kept in
 * the flow a figure that did not fit. So the second layout here forces a collection after paged.js has taken the
 * book out of the document, before the first page: it must come out the same, byte for byte.
 */
describe.skipIf(skipWithoutBrowser(['pdfinfo']))('two builds of one book', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    if (browser) await closeBrowser(browser);
    rmSync(scratch, { recursive: true, force: true });
  });

  it('give the same PDF, even when the garbage collector runs before layout', { timeout: 180_000 }, async () => {
    const manuscript = join(scratch, 'book');
    writeBook(manuscript);
    const book = await renderBook((await loadManuscript(manuscript)).manuscript!, 'pdf');
    let collections = 0;
    const collectBeforeLayout = async (page: Page) => {
      const cdp = await page.createCDPSession();
      await page.exposeFunction('__testCollectGarbage', async () => {
        await cdp.send('HeapProfiler.collectGarbage');
        collections++;
      });
      // A string: tsx's helpers do not exist in the page. paged.js defines window.Paged before it starts.
      await page.evaluateOnNewDocument(`(function () {
        var paged;
        Object.defineProperty(window, 'Paged', {
          configurable: true,
          get: function () { return paged; },
          set: function (value) {
            paged = value;
            class CollectGarbage extends value.Handler {
              afterParsed() { return window.__testCollectGarbage(); }
            }
            value.registerHandlers(CollectGarbage);
          },
        });
      })();`);
    };
    const plain = await emitPdf(book, join(scratch, 'plain.pdf'), { browser });
    const collected = await emitPdf(book, join(scratch, 'collected.pdf'), { browser, preparePage: collectBeforeLayout });
    expect(collections).toBeGreaterThan(0);
    // Every image had its size when the figure handler measured it.
    const lateImages = (result: typeof plain) => result.messages.filter((m) => /measured before it had loaded/.test(m.reason));
    expect([...lateImages(plain), ...lateImages(collected)]).toEqual([]);
    // The case is exercised: figures that did not fit where called were measured and held for the next page.
    expect(plain.deferredFigures).toBeGreaterThan(0);
    expect({ pages: collected.pages, deferredFigures: collected.deferredFigures }).toEqual({ pages: plain.pages, deferredFigures: plain.deferredFigures });
    expect(readFileSync(join(scratch, 'collected.pdf')).equals(readFileSync(join(scratch, 'plain.pdf')))).toBe(true);
  });
});
