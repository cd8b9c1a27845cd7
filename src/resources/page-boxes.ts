import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pdfDate } from '../io/source-date.js';
import { runTool } from '../process/run-tool.js';
import { withTempDir } from '../process/temp-dir.js';
import { canonicalStructIds, type QpdfObject } from './struct-ids.js';

const qpdfNeed = { purpose: 'Writing the TrimBox and BleedBox', debianPackage: 'qpdf' };


interface QpdfJson {
  qpdf: [Record<string, unknown>, Record<string, QpdfObject>];
}

export interface PageBoxOptions {
  /** The exact sheet size, when Chromium's rounding of the page size must be undone (the cover). */
  sizePt?: [number, number];
  /** The document's CreationDate and ModDate (see io/source-date.ts); without it Chromium's, the clock time, stay. */
  date?: Date;
}

/**
 * Writes `TrimBox` and `BleedBox` on every page, `bleedPt` inside the MediaBox (0: both equal the page),
 * which print shops read to know where the paper is cut. Done with qpdf's JSON update, which rewrites the
 * page dictionaries only and keeps every other object, the structure tree of the tagged PDF included.
 * The last step before the file is written, so it also makes the bytes reproducible: the dates from `date` and
 * an /ID that qpdf derives from the content (`--deterministic-id`) rather than from the clock and a temporary path,
 * and structure element ids named after the structure tree rather than Chromium's node counter (struct-ids.ts).
 */
export async function setPageBoxes(pdf: Uint8Array, bleedPt: number, options: PageBoxOptions = {}): Promise<Uint8Array> {
  return withTempDir('boxes', async (dir) => {
    const input = join(dir, 'in.pdf');
    const update = join(dir, 'update.json');
    const output = join(dir, 'out.pdf');
    await writeFile(input, pdf);
    const { stdout } = await runTool('qpdf', ['--json=2', '--json-key=qpdf', input], qpdfNeed);
    const json = JSON.parse(stdout) as QpdfJson;
    const [header, objects] = json.qpdf;
    const changed: Record<string, QpdfObject> = canonicalStructIds(objects);
    for (const [key, object] of Object.entries(objects)) {
      const value = object.value;
      if (!value || typeof value !== 'object' || Array.isArray(value) || value['/Type'] !== '/Page') continue;
      const media = value['/MediaBox'];
      if (!Array.isArray(media) || media.length !== 4 || !media.every((n) => typeof n === 'number')) {
        throw new Error(`Page ${key} has no MediaBox of its own; cannot place its TrimBox.`);
      }
      // Chromium rounds a page's size to its own units (a 886.22pt cover comes out 886.08pt wide): `sizePt`
      // puts back the exact sheet the shop computes, anchored at the bottom left like the drawing.
      const [x0, y0, x1, y1] = options.sizePt ? [0, 0, options.sizePt[0], options.sizePt[1]] : (media as number[]);
      const round = (n: number) => Math.round(n * 1000) / 1000;
      changed[key] = {
        value: {
          ...value,
          ...(options.sizePt ? { '/MediaBox': [x0!, y0!, x1!, y1!], '/CropBox': [x0!, y0!, x1!, y1!] } : {}),
          '/BleedBox': [x0!, y0!, x1!, y1!],
          '/TrimBox': [round(x0! + bleedPt), round(y0! + bleedPt), round(x1! - bleedPt), round(y1! - bleedPt)],
        },
      };
      // Chromium gives a blank page a zero-byte stream marked FlateDecode, which is not valid Flate data:
      // Ghostscript (and some RIPs) report "error reading a stream". Make it a stream holding one space (qpdf compresses it properly).
      const contents = typeof value['/Contents'] === 'string' ? `obj:${value['/Contents']}` : undefined;
      const stream = contents ? objects[contents]?.stream : undefined;
      if (contents && stream && stream.dict['/Length'] === 0 && stream.dict['/Filter'] !== undefined) {
        changed[contents] = { stream: { dict: {}, data: Buffer.from(' ').toString('base64') } };
      }
    }
    const info = objects.trailer?.value;
    const infoKey = info && typeof info === 'object' && !Array.isArray(info) && typeof info['/Info'] === 'string' ? `obj:${info['/Info']}` : undefined;
    const infoValue = infoKey ? objects[infoKey]?.value : undefined;
    if (options.date && infoKey && infoValue && typeof infoValue === 'object' && !Array.isArray(infoValue)) {
      const date = `u:${pdfDate(options.date)}`;
      changed[infoKey] = { value: { ...infoValue, '/CreationDate': date, '/ModDate': date } };
    }
    // qpdf keeps an /ID it is given (and derives the new one from it): without, the /ID is the content's alone.
    if (info && typeof info === 'object' && !Array.isArray(info) && '/ID' in info) {
      const { '/ID': _id, ...rest } = info;
      changed.trailer = { value: rest };
    }
    await writeFile(update, JSON.stringify({ qpdf: [header, changed] }));
    await runTool('qpdf', ['--deterministic-id', input, `--update-from-json=${update}`, output], qpdfNeed);
    return readFile(output);
  });
}
