import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { closeBrowser, launchBrowser } from '../../browser/launch.js';
import { writeFileAtomic } from '../../io/write-atomic.js';
import { resolveInManuscript } from '../../load/inside.js';
import { withTempDir } from '../../process/temp-dir.js';
import type { BookConfig, RenderedBook } from '../../types.js';
import { setPageBoxes } from '../../resources/page-boxes.js';
import { sourceDate } from '../../io/source-date.js';
import { coverDocument } from './cover-document.js';
import { freshInteriorPages } from './interior.js';
import { coverGeometry, isRightToLeft, type CoverGeometry, type Paper, type Shop } from './spine.js';

export interface EmitCoverOptions {
  /** Interior page count: the spine width follows it. */
  pages: number;
  shop?: Shop;
  /** Draw trim, spine folds, safe area and barcode box (a proof, not for upload). */
  guides?: boolean;
}

export interface EmitCoverResult {
  geometry: CoverGeometry;
  detail: string;
}

/**
 * Writes the full-wrap cover (back, spine, front with bleed) as a one-page PDF printed by Chromium, with its
 * TrimBox and BleedBox set by qpdf. The fonts are the book's TrueType faces, so they embed as CID TrueType.
 */
export async function emitCover(config: BookConfig, root: string, outPath: string, options: EmitCoverOptions): Promise<EmitCoverResult> {
  const shop = options.shop ?? 'kdp';
  const trim = config.print.trim;
  const paper: Paper = config.print.paper ?? 'white';
  const geometry = coverGeometry({
    trimWidthPt: trim.widthPt,
    trimHeightPt: trim.heightPt,
    pages: options.pages,
    paper,
    shop,
    rightBound: isRightToLeft(config.language),
  });
  const image = config.cover?.image;
  const frontImage = image ? resolveInManuscript(root, image, { urlEncoded: false }).path : undefined;
  const html = coverDocument(config, { geometry, shop, frontImage, back: config.cover?.back, guides: options.guides });

  await withTempDir('cover', async (workDir) => {
    const browser = await launchBrowser();
    try {
      const htmlPath = join(workDir, 'cover.html');
      await writeFile(htmlPath, html);
      const page = await browser.newPage();
      await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load', timeout: 60_000 });
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      const printed = await page.pdf({ preferCSSPageSize: true, printBackground: true, timeout: 60_000 });
      const pdf = await setPageBoxes(printed, geometry.bleedPt, { sizePt: [geometry.widthPt, geometry.heightPt], date: sourceDate(config.date) });
      await writeFileAtomic(outPath, pdf);
    } finally {
      await closeBrowser(browser);
    }
  });
  const inches = (pt: number) => (pt / 72).toFixed(3);
  const detail =
    `${options.pages} pages on ${paper} paper (${shop}): spine ${inches(geometry.spinePt)}in, sheet ${inches(geometry.widthPt)} × ${inches(geometry.heightPt)}in` +
    (geometry.spineText ? '' : '; spine too narrow for text') +
    (options.guides ? '; with guides' : '');
  return { geometry, detail };
}

export { pdfPageCount } from './interior.js';

export interface CoverRequest {
  /** The interior's page count when the PDF was laid out in this build. */
  pages?: number;
  /** Where this build writes the interior PDF, and every input file, to tell whether one there is up to date. */
  interiorPdf: string;
  inputs: string[];
  /** Lays the interior out (in a temporary file) and returns its page count: the last resort. */
  layOutInterior: () => Promise<number>;
  shop?: Shop;
  guides?: boolean;
}

/**
 * The print cover of `book` (rendered for the PDF target). Its spine needs the interior's page count: this
 * build's PDF, else an up-to-date interior PDF in the output folder, else the interior laid out afresh.
 */
export async function emitCoverFor(book: RenderedBook, outPath: string, request: CoverRequest): Promise<string> {
  const pages = request.pages ?? (await freshInteriorPages(request.interiorPdf, request.inputs)) ?? (await request.layOutInterior());
  return emitCoverFiles(book.config, book.root, outPath, { pages, guides: request.guides, shop: request.shop });
}

/** The cover for upload and, with `guides`, its proof `<name>-guides.pdf` beside it; returns the summary line. */
export async function emitCoverFiles(config: BookConfig, root: string, outPath: string, options: EmitCoverOptions): Promise<string> {
  const cover = await emitCover(config, root, outPath, { ...options, guides: false });
  if (!options.guides) return cover.detail;
  const guidesPath = outPath.replace(/\.pdf$/i, '-guides.pdf');
  await emitCover(config, root, guidesPath, { ...options, guides: true });
  return `${cover.detail}; also ${basename(guidesPath)}`;
}
