import type JSZip from 'jszip';
import { sourceDate } from '../../io/source-date.js';

/**
 * `dcterms:modified` and zip entry times: `SOURCE_DATE_EPOCH` when set (reproducible-builds convention),
 * else the book's date, else a fixed epoch, never the clock, so two builds give the same bytes.
 */
export function modifiedDate(date: string | undefined): string {
  return sourceDate(date).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The EPUB's bytes: `mimetype` first and stored (epub-gen-memory adds it so), every other entry deflated, every
 * entry dated `modified` (JSZip writes DOS times from the UTC fields, so the time zone does not matter).
 */
export async function finishZip(zip: JSZip, modified: string): Promise<Buffer> {
  const entryDate = new Date(modified);
  for (const file of Object.values(zip.files)) file.date = entryDate;
  return zip.generateAsync({
    type: 'nodebuffer',
    mimeType: 'application/epub+zip',
    compression: 'DEFLATE',
    compressionOptions: { level: 9 },
    platform: 'UNIX',
  });
}
