import { deflateRawSync } from 'node:zlib';
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
 * The EPUB's bytes from the entries epub-gen-memory assembled: `mimetype` first and stored, every other entry
 * deflated at level 9, every entry dated `modified` in UTC (so the time zone does not matter).
 *
 * Written here rather than by JSZip's `generateAsync`: JSZip deflates with pako, in JavaScript, which was a sixth
 * of a cold EPUB build of a 300-page book; node's zlib does the same work natively in a tenth of the time. The
 * zip libraries that use node's zlib (yazl) write the DOS times in the machine's time zone, which would give
 * two machines two different files.
 */
export async function finishZip(zip: JSZip, modified: string): Promise<Buffer> {
  const entries = Object.values(zip.files).filter((file) => !file.dir);
  const mimetype = entries.findIndex((file) => file.name === 'mimetype');
  if (mimetype > 0) entries.unshift(...entries.splice(mimetype, 1));
  const contents = await Promise.all(entries.map((file) => file.async('nodebuffer')));
  return writeZip(entries.map((file, index) => ({ name: file.name, data: contents[index]!, store: file.name === 'mimetype' })), new Date(modified));
}

interface ZipEntry {
  name: string;
  data: Buffer;
  /** Stored rather than deflated (the EPUB's `mimetype`). */
  store?: boolean;
}

/** A zip archive (no zip64: an EPUB stays far below 4 GB), with the one date given on every entry. */
export function writeZip(entries: ZipEntry[], date: Date): Buffer {
  const time = (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1);
  const day = ((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate();
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const body = entry.store ? entry.data : deflateRawSync(entry.data, { level: 9 });
    const crc = crc32(entry.data);
    // Bit 11: the name is UTF-8. Method 0 stored, 8 deflated. Version 2.0 needed.
    const fields = (header: Buffer, at: number) => {
      header.writeUInt16LE(20, at);
      header.writeUInt16LE(0x0800, at + 2);
      header.writeUInt16LE(entry.store ? 0 : 8, at + 4);
      header.writeUInt16LE(time, at + 6);
      header.writeUInt16LE(day, at + 8);
      header.writeUInt32LE(crc, at + 10);
      header.writeUInt32LE(body.length, at + 14);
      header.writeUInt32LE(entry.data.length, at + 18);
      header.writeUInt16LE(name.length, at + 22);
    };
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    fields(head, 4);
    local.push(head, name, body);

    const record = Buffer.alloc(46);
    record.writeUInt32LE(0x02014b50, 0);
    // Made by: Unix, zip 2.0; regular file, rw-r--r--.
    record.writeUInt16LE(0x0314, 4);
    fields(record, 6);
    record.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    record.writeUInt32LE(offset, 42);
    central.push(record, name);
    offset += head.length + name.length + body.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...local, directory, end]);
}

const CRC_TABLE = Int32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});

function crc32(data: Uint8Array): number {
  let crc = -1;
  for (let i = 0; i < data.length; i++) crc = CRC_TABLE[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}
