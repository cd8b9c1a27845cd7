import { principalNames } from '../../../templates/util/contributors.js';
import type { BookConfig } from '../../types.js';

/** A PDF text string: a literal when it is plain ASCII, else UTF-16BE hex with a byte-order mark. */
export function pdfString(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return `(${value.replace(/[\\()]/g, '\\$&')})`;
  const bytes = Buffer.from(value, 'utf16le').swap16();
  return `<FEFF${bytes.toString('hex').toUpperCase()}>`;
}

const PDF_VALUE = String.raw`\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>|/[^\s/<>()\[\]]+|[-+.\d]+|true|false`;

/**
 * Sets entries of the PDF's document information dictionary (Author, Subject, Keywords…), which Chromium
 * fills with the title only. Done as an incremental update: the original bytes stay as they are (the
 * structure tree of the tagged PDF included) and a new Info object, cross-reference section and trailer
 * are appended. Returns the PDF unchanged when its structure is not the classic one Chromium writes.
 */
export function setPdfInfo(pdf: Uint8Array, entries: Record<string, string | undefined>): Uint8Array {
  const buffer = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const tail = buffer.subarray(Math.max(0, buffer.length - 2048)).toString('latin1');
  const startxref = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  const trailer = /trailer\s*<<([\s\S]*?)>>\s*startxref/.exec(tail);
  if (!startxref || !trailer) return pdf;
  const size = /\/Size\s+(\d+)/.exec(trailer[1]!);
  const root = /\/Root\s+(\d+\s+\d+\s+R)/.exec(trailer[1]!);
  const info = /\/Info\s+(\d+)\s+(\d+)\s+R/.exec(trailer[1]!);
  if (!size || !root) return pdf;

  // Keep what the original Info says (Title, Producer, dates), then add or replace our entries.
  const merged = new Map<string, string>();
  if (info) {
    const objectHeader = new RegExp(`(?:^|[\\r\\n])${info[1]}\\s+${info[2]}\\s+obj\\s*<<`, 'g');
    const text = buffer.toString('latin1');
    let match: RegExpExecArray | null;
    let last: RegExpExecArray | null = null;
    while ((match = objectHeader.exec(text))) last = match;
    if (last) {
      const entry = new RegExp(String.raw`\s*/(\w+)\s*(${PDF_VALUE})`, 'y');
      entry.lastIndex = last.index + last[0].length;
      let found: RegExpExecArray | null;
      while ((found = entry.exec(text))) merged.set(found[1]!, found[2]!);
    }
  }
  for (const [key, value] of Object.entries(entries)) {
    if (value !== undefined && value !== '') merged.set(key, pdfString(value));
  }

  const objectNumber = info ? Number(info[1]) : Number(size[1]);
  const newSize = info ? Number(size[1]) : Number(size[1]) + 1;
  const dictionary = [...merged].map(([key, value]) => `/${key} ${value}`).join('\n');
  const objectOffset = buffer.length + 1;
  const object = `\n${objectNumber} 0 obj\n<<${dictionary}>>\nendobj\n`;
  const xrefOffset = buffer.length + Buffer.byteLength(object, 'latin1');
  const update =
    object +
    `xref\n0 1\n0000000000 65535 f \n${objectNumber} 1\n${String(objectOffset).padStart(10, '0')} 00000 n \n` +
    `trailer\n<</Size ${newSize}\n/Root ${root[1]}\n/Info ${objectNumber} 0 R\n/Prev ${startxref[1]}>>\n` +
    `startxref\n${xrefOffset}\n%%EOF\n`;
  return Buffer.concat([buffer, Buffer.from(update, 'latin1')]);
}

/** The Info entries Folio sets: Chromium writes the Title (from `<title>`) but no Author, Subject or Keywords. */
export function bookInfo(config: BookConfig): Record<string, string | undefined> {
  return {
    Author: principalNames(config.contributors).join(', '),
    Subject: config.description,
    Keywords: config.subjects.join(', '),
    Creator: 'Folio',
  };
}
