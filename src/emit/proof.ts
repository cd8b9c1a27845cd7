import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { writeFileAtomic } from './write-atomic.js';

const run = promisify(execFile);

export interface ProofOptions {
  /** Width of one page thumbnail in pixels. Default 110. */
  pageWidthPx?: number;
  /** Spreads per row. Default 6. */
  spreadsPerRow?: number;
}

async function tool(command: string, args: string[], hint: string): Promise<void> {
  try {
    await run(command, args, { maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`--proof needs \`${command}\`: ${hint}.`);
    throw new Error(`${command} failed making the proof sheet: ${(error as { stderr?: string }).stderr?.trim() || String(error)}`);
  }
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
 * page rhythm, blank versos and chapter openings at a glance. Rasterized with poppler's pdftoppm and laid
 * out with ImageMagick (`convert` joins each spread, `montage` the sheet).
 */
export async function emitProof(pdfPath: string, outPath: string, trimWidthIn: number, options: ProofOptions = {}): Promise<void> {
  const pageWidth = options.pageWidthPx ?? 110;
  const perRow = options.spreadsPerRow ?? 6;
  const dir = await mkdtemp(join(tmpdir(), 'folio-proof-'));
  try {
    await tool('pdftoppm', ['-png', '-r', String(Math.max(8, Math.round(pageWidth / trimWidthIn))), pdfPath, join(dir, 'p')], 'apt-get install poppler-utils');
    const files = (await readdir(dir)).filter((name) => /^p-\d+\.png$/.test(name)).sort((a, b) => parseInt(a.slice(2)) - parseInt(b.slice(2)));
    if (files.length === 0) throw new Error('pdftoppm rendered no pages for the proof sheet.');
    const page = (n: number | undefined) => (n === undefined ? undefined : join(dir, files[n - 1]!));

    // One convert call builds every spread: the empty side of a spread is the first page's size in gray.
    const args: string[] = ['-background', '#c8c8c8'];
    for (const [left, right] of spreads(files.length)) {
      const sides = [page(left), page(right)];
      args.push('(');
      for (const side of sides) {
        if (side) args.push(side);
        else args.push('(', page(1)!, '-fill', '#c8c8c8', '-colorize', '100', ')');
      }
      args.push('+append', '-bordercolor', '#888888', '-border', '1', ')');
    }
    const spreadsFile = join(dir, 'spreads.miff');
    args.push(spreadsFile);
    await tool('convert', args, 'apt-get install imagemagick');
    await tool(
      'montage',
      [spreadsFile, '-tile', `${perRow}x`, '-geometry', '+14+14', '-background', '#c8c8c8', join(dir, 'sheet.png')],
      'apt-get install imagemagick',
    );
    await writeFileAtomic(outPath, await readFile(join(dir, 'sheet.png')));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
