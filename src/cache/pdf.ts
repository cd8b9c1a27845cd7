import { readFile, stat } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { systemBrowsers } from '../browser/discover.js';
import { buildPrintDocument } from '../emit/pdf/print-document.js';
import type { Emitter, EmitResult } from '../emit/outputs.js';
import { writeFileAtomic } from '../io/write-atomic.js';
import type { RenderedBook } from '../types.js';
import { engineFingerprint } from './engine.js';
import { hashKey, type ContentCache } from './store.js';

/** Print PDFs are large: the last few builds are enough to step back and forth between two versions of a book. */
const KEEP = 4;

/**
 * The print emitter behind a whole-PDF cache: when the print document (HTML, inline CSS, and the fonts, images
 * and paged.js it loads) and everything else that shapes the file is what an earlier build laid out, that build's
 * PDF is written again and its report returned, with no browser launched (puppeteer is not even loaded). The
 * press copy and the proof sheet are made from a fresh build, never from the cache.
 */
export function cachedPrintEmitter(cache: ContentCache, load: () => Promise<Emitter>): Emitter {
  return {
    async emit(book, outPath, options) {
      if (options.press || options.proof) return (await load()).emit(book, outPath, options);
      const key = await printKey(book);
      const hit = decode(await cache.get('pdf', key));
      if (hit) {
        await writeFileAtomic(outPath, hit.pdf);
        return { ...hit.result, outputs: [outPath], detail: `${hit.result.detail}; from the cache` };
      }
      const result = await (await load()).emit(book, outPath, options);
      await cache.put('pdf', key, encode(result, await readFile(outPath)), KEEP);
      return result;
    },
  };
}

/**
 * Everything the PDF's bytes depend on: the print document at the default margins (the binding margin is decided
 * from the page count, itself a function of this document), the files it loads by `file:` URL, the config (the
 * Info entries, the bleed, the date), SOURCE_DATE_EPOCH, the browser binary and Folio's own code.
 */
async function printKey(book: RenderedBook): Promise<string> {
  const document = buildPrintDocument(book);
  const files = [...new Set([...document.matchAll(/file:\/\/[^"'\s)]+/g)].map((match) => match[0]))].sort();
  const contents = await Promise.all(files.map((url) => readFile(fileURLToPath(url)).catch(() => Buffer.from('missing'))));
  return hashKey(
    'pdf 1',
    engineFingerprint(),
    await browserIdentity(),
    process.env.SOURCE_DATE_EPOCH ?? '',
    JSON.stringify(book.config),
    book.root,
    document,
    ...files.flatMap((url, index) => [url, contents[index]!]),
  );
}

/** The browser a build would launch, by path, size and time: an upgraded Chromium lays out anew. */
async function browserIdentity(): Promise<string> {
  const path = process.env.PUPPETEER_EXECUTABLE_PATH || systemBrowsers()[0] || '';
  try {
    const real = realpathSync(path);
    const { size, mtimeMs } = await stat(real);
    return `${real}\0${size}\0${mtimeMs}`;
  } catch {
    return path;
  }
}

/** An entry: the length of the JSON report, the report, then the PDF. */
function encode(result: EmitResult, pdf: Uint8Array): Buffer {
  const json = Buffer.from(JSON.stringify(result));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(json.length);
  return Buffer.concat([length, json, pdf]);
}

function decode(entry: Buffer | undefined): { result: EmitResult; pdf: Buffer } | undefined {
  if (!entry || entry.length < 4) return undefined;
  try {
    const length = entry.readUInt32BE(0);
    const result = JSON.parse(entry.subarray(4, 4 + length).toString()) as EmitResult;
    return { result, pdf: entry.subarray(4 + length) };
  } catch {
    return undefined;
  }
}
