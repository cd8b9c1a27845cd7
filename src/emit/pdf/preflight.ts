import { runTool } from '../../process/run-tool.js';
import type { Trim } from '../../config/trim.js';
import type { OutputMessage } from '../../report.js';


/** What a print shop checks first, read back from the written PDF with poppler. */
export interface PreflightReport {
  pages: number;
  /** Size of the TrimBox of page 1, in points. */
  trimPt: { width: number; height: number };
  fonts: { total: number; notEmbedded: string[]; type3: string[]; notTrueType: string[] };
  /** Images whose resolution at their printed size is under `minImagePpi`. */
  lowResolutionImages: Array<{ page: number; ppi: number }>;
  /** Problems a shop rejects the file for: the build fails. */
  errors: string[];
  /** Problems that print, but badly. */
  warnings: OutputMessage[];
}

export interface PreflightExpectations {
  trim: Trim;
  /** Bleed in points on each side of the trim (0 without bleed). */
  bleedPt: number;
  /** Page count paged.js reported; the PDF must have as many. */
  pages?: number;
  /** Default 300, what offset and print-on-demand shops ask of photographs. */
  minImagePpi?: number;
}

const TOLERANCE_PT = 0.5;

async function tool(command: string, args: string[]): Promise<string> {
  return (await runTool(command, args, { purpose: 'Preflight', debianPackage: 'poppler-utils' })).stdout;
}

function box(info: string, page: number, name: string): number[] | undefined {
  const match = new RegExp(`^Page\\s+${page} ${name}:\\s+([-\\d.]+)\\s+([-\\d.]+)\\s+([-\\d.]+)\\s+([-\\d.]+)`, 'm').exec(info);
  return match ? match.slice(1, 5).map(Number) : undefined;
}

/**
 * Reads page count, page boxes, fonts and image resolution from the PDF at `pdfPath` and judges them
 * against what a print-on-demand shop accepts: every font embedded, no Type 3 font, TrueType (or CFF)
 * outlines, trim size exact to 0.5 pt on every page; images under 300 ppi are a warning.
 */
export async function preflight(pdfPath: string, expected: PreflightExpectations): Promise<PreflightReport> {
  const errors: string[] = [];
  const warnings: OutputMessage[] = [];
  // The three reads at once, and the page count from the boxes' call (pdfinfo stops at the last page): a third
  // less of preflight's time than one after the other.
  const [boxes, fontList, imageList] = await Promise.all([
    tool('pdfinfo', ['-box', '-f', '1', '-l', '1000000', pdfPath]),
    tool('pdffonts', [pdfPath]),
    tool('pdfimages', ['-list', pdfPath]),
  ]);
  const pages = Number(/^Pages:\s+(\d+)/m.exec(boxes)?.[1] ?? 0);
  if (expected.pages !== undefined && pages !== expected.pages) errors.push(`the PDF has ${pages} pages, layout made ${expected.pages}`);

  const want = { width: expected.trim.widthPt, height: expected.trim.heightPt };
  let trimPt = { width: 0, height: 0 };
  const wrongPages: number[] = [];
  for (let page = 1; page <= pages; page++) {
    const trim = box(boxes, page, 'TrimBox');
    const media = box(boxes, page, 'MediaBox');
    if (!trim || !media) {
      wrongPages.push(page);
      continue;
    }
    const size = { width: trim[2]! - trim[0]!, height: trim[3]! - trim[1]! };
    if (page === 1) trimPt = size;
    const mediaSize = { width: media[2]! - media[0]!, height: media[3]! - media[1]! };
    const off = (a: number, b: number) => Math.abs(a - b) > TOLERANCE_PT;
    if (
      off(size.width, want.width) ||
      off(size.height, want.height) ||
      off(mediaSize.width, want.width + 2 * expected.bleedPt) ||
      off(mediaSize.height, want.height + 2 * expected.bleedPt)
    ) {
      wrongPages.push(page);
    }
  }
  if (wrongPages.length > 0) {
    errors.push(
      `trim size is not ${expected.trim.width} × ${expected.trim.height} (${want.width.toFixed(1)} × ${want.height.toFixed(1)} pt` +
        `${expected.bleedPt ? ` plus ${expected.bleedPt.toFixed(1)} pt bleed` : ''}) on page${wrongPages.length > 1 ? 's' : ''} ` +
        `${wrongPages.slice(0, 8).join(', ')}${wrongPages.length > 8 ? ', …' : ''}`,
    );
  }

  const fontRows = fontList.split('\n').slice(2).filter(Boolean);
  const fonts = { total: fontRows.length, notEmbedded: [] as string[], type3: [] as string[], notTrueType: [] as string[] };
  for (const row of fontRows) {
    const name = row.split(/\s+/)[0]!;
    const rest = row.slice(name.length).trim().split(/\s+/);
    const type = rest.slice(0, -6).join(' ');
    if (rest.at(-5) !== 'yes') fonts.notEmbedded.push(name);
    if (/Type 3/.test(type)) fonts.type3.push(name);
    else if (!/TrueType|Type 1C|CFF/.test(type)) fonts.notTrueType.push(`${name} (${type})`);
  }
  if (fonts.total === 0 && pages > 0) warnings.push({ rule: 'pdf-fonts', reason: 'the PDF uses no fonts: is the text there?' });
  if (fonts.notEmbedded.length) errors.push(`fonts not embedded: ${fonts.notEmbedded.join(', ')}`);
  if (fonts.type3.length) errors.push(await describeType3(pdfPath, pages, fonts.type3));
  if (fonts.notTrueType.length) warnings.push({ rule: 'pdf-fonts', reason: `fonts without TrueType or CFF outlines: ${fonts.notTrueType.join(', ')}` });

  const minPpi = expected.minImagePpi ?? 300;
  const lowResolutionImages: Array<{ page: number; ppi: number }> = [];
  for (const row of imageList.split('\n').slice(2)) {
    const columns = row.trim().split(/\s+/);
    if (columns.length < 14) continue;
    // page num type width height color comp bpc enc interp object ID x-ppi y-ppi size ratio
    if (columns[2] === 'smask' || columns[2] === 'mask') continue;
    const ppi = Math.min(Number(columns[12]), Number(columns[13]));
    if (Number.isFinite(ppi) && ppi < minPpi) lowResolutionImages.push({ page: Number(columns[0]), ppi });
  }
  // Not one warning per page: the layout reports each low-resolution image once, at its manuscript line (image-low-resolution).

  return { pages, trimPt, fonts, lowResolutionImages, errors, warnings };
}

/**
 * Says where the Type 3 fonts are: Chromium names them `[none]`, so the pages that use them, and the names it
 * did give, are what lead to the text (usually a character no bundled face has, set in a system font).
 */
async function describeType3(pdfPath: string, pages: number, names: string[]): Promise<string> {
  const onPages: number[] = [];
  for (let page = 1; page <= pages && onPages.length < 12; page++) {
    if (/Type 3/.test(await tool('pdffonts', ['-f', String(page), '-l', String(page), pdfPath]))) onPages.push(page);
  }
  const named = [...new Set(names)].map((name) => (name === '[none]' ? 'unnamed' : name));
  return (
    `${names.length} Type 3 font${names.length === 1 ? '' : 's'} (${named.join(', ')}) on page${onPages.length === 1 ? '' : 's'} ` +
    `${onPages.join(', ')}${onPages.length === 12 ? ', …' : ''}: text there fell back to a font with no TrueType outlines, ` +
    'most likely a system font for a character no bundled face has'
  );
}

/** One line for the build output, e.g. `24 pages, trim 432 × 648 pt, 12 fonts embedded, no Type 3`. */
export function summarizePreflight(report: PreflightReport): string {
  const round = (n: number) => Number(n.toFixed(1));
  return [
    `${report.pages} pages`,
    `trim ${round(report.trimPt.width)} × ${round(report.trimPt.height)} pt`,
    `${report.fonts.total - report.fonts.notEmbedded.length}/${report.fonts.total} fonts embedded`,
    report.fonts.type3.length ? `${report.fonts.type3.length} Type 3` : 'no Type 3',
    report.lowResolutionImages.length ? `${report.lowResolutionImages.length} images under 300 ppi` : 'images ≥ 300 ppi',
  ].join(', ');
}
