import { stat } from 'node:fs/promises';
import { runTool } from '../../process/run-tool.js';

const pdfinfoNeed = { purpose: 'Reading the interior page count for the cover', debianPackage: 'poppler-utils' };

/** Pages of a PDF, as pdfinfo reads them. */
export async function pdfPageCount(path: string): Promise<number> {
  const { stdout } = await runTool('pdfinfo', [path], pdfinfoNeed);
  const match = /^Pages:\s+(\d+)/m.exec(stdout);
  if (!match) throw new Error(`pdfinfo found no page count in ${path}.`);
  return Number(match[1]);
}

/**
 * The interior PDF already in the output folder, when it is newer than every input (manuscript files,
 * book.yaml, images): `--format cover` alone then takes its page count instead of laying the book out again.
 * Returns undefined when it is missing or older than an input.
 */
export async function freshInteriorPages(pdfPath: string, inputs: string[]): Promise<number | undefined> {
  const pdf = await stat(pdfPath).catch(() => undefined);
  if (!pdf) return undefined;
  for (const input of inputs) {
    const info = await stat(input).catch(() => undefined);
    if (!info || info.mtimeMs > pdf.mtimeMs) return undefined;
  }
  return pdfPageCount(pdfPath);
}
