import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { rasterizeSvg } from '../../resources/rasterize.js';
import { runTool } from '../../process/run-tool.js';
import { writeFileAtomic } from '../../io/write-atomic.js';
import { withTempDir } from '../../process/temp-dir.js';


export interface ProofOptions {
  /** Width of one page thumbnail in pixels. Default 110. */
  pageWidthPx?: number;
  /** Spreads per row. Default 6. */
  spreadsPerRow?: number;
}


/**
 * Which pages face each other in the bound book: page 1 is a recto with nothing on its left, then 2–3,
 * 4–5 …; a last even page stands alone on the left. `undefined` marks the empty side.
 */
export function spreads(pageCount: number): Array<[number | undefined, number | undefined]> {
  const result: Array<[number | undefined, number | undefined]> = [];
  if (pageCount < 1) return result;
  result.push([undefined, 1]);
  for (let left = 2; left <= pageCount; left += 2) result.push([left, left + 1 <= pageCount ? left + 1 : undefined]);
  return result;
}

/**
 * A contact sheet of the whole book as spreads, left and right pages side by side, so an author sees
 * page rhythm, blank versos and chapter openings at a glance. Pages are rasterized by poppler's pdftoppm
 * and laid out as one SVG that resvg draws: no ImageMagick needed, and the same sheet on every machine.
 */
export async function emitProof(pdfPath: string, outPath: string, trimWidthIn: number, options: ProofOptions = {}): Promise<void> {
  const pageWidth = options.pageWidthPx ?? 110;
  const perRow = options.spreadsPerRow ?? 6;
  await withTempDir('proof', async (dir) => {
    const resolution = String(Math.max(8, Math.round(pageWidth / trimWidthIn)));
    await runTool('pdftoppm', ['-png', '-r', resolution, pdfPath, join(dir, 'p')], { purpose: '--proof', debianPackage: 'poppler-utils' });
    const files = (await readdir(dir)).filter((name) => /^p-\d+\.png$/.test(name)).sort((a, b) => parseInt(a.slice(2)) - parseInt(b.slice(2)));
    if (files.length === 0) throw new Error('pdftoppm rendered no pages for the proof sheet.');
    const pages = await Promise.all(files.map((name) => readFile(join(dir, name))));
    await writeFileAtomic(outPath, await rasterizeSvg(proofSvg(pages, perRow)));
  });
}

const GAP = 14;
const PAPER_GRAY = '#c8c8c8';

/** The sheet as SVG: rows of spreads on gray, each spread framed, an empty side left gray. */
function proofSvg(pages: Buffer[], perRow: number): string {
  const { width, height } = pngSize(pages[0]!);
  const all = spreads(pages.length);
  const rows = Math.ceil(all.length / perRow);
  const sheetWidth = GAP + Math.min(perRow, all.length) * (2 * width + 2 + GAP);
  const sheetHeight = GAP + rows * (height + 2 + GAP);
  const parts = all.map(([left, right], index) => {
    const x = GAP + (index % perRow) * (2 * width + 2 + GAP);
    const y = GAP + Math.floor(index / perRow) * (height + 2 + GAP);
    const side = (page: number | undefined, offset: number) =>
      page === undefined ? '' : `<image x="${x + 1 + offset}" y="${y + 1}" width="${width}" height="${height}" href="data:image/png;base64,${pages[page - 1]!.toString('base64')}"/>`;
    return `<rect x="${x + 0.5}" y="${y + 0.5}" width="${2 * width + 1}" height="${height + 1}" fill="${PAPER_GRAY}" stroke="#888888"/>${side(left, 0)}${side(right, width)}`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${sheetWidth}" height="${sheetHeight}"><rect width="100%" height="100%" fill="${PAPER_GRAY}"/>${parts.join('')}</svg>`;
}

/** Width and height from a PNG's IHDR chunk, which always comes first. */
function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}
