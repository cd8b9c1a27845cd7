import type { ImageMediaType } from './assets.js';

/** Wider or taller than this many pixels is no book illustration: a decoder would allocate gigabytes for it. */
export const imageDimensionLimit = 20_000;

export type ImageVerdict = { severity: 'error' | 'warning'; reason: string } | undefined;

/**
 * What is wrong with an image's bytes, if anything: a PNG or JPEG that is truncated or corrupt or claims absurd
 * dimensions (an error: reading systems reject it, EPUBCheck PKG-021), or an SVG with active or remote content
 * (scripts, event handlers, links to other files or the network), which is refused with a warning.
 */
export function validateImage(data: Buffer, mediaType: ImageMediaType): ImageVerdict {
  if (mediaType === 'image/png') return validatePng(data);
  if (mediaType === 'image/jpeg') return validateJpeg(data);
  if (mediaType === 'image/svg+xml') return validateSvg(data.toString('utf8'));
  return undefined;
}

function dimensions(width: number, height: number): ImageVerdict {
  if (width === 0 || height === 0) return { severity: 'error', reason: `claims ${width}×${height} pixels: it is corrupt` };
  if (width > imageDimensionLimit || height > imageDimensionLimit) {
    return { severity: 'error', reason: `claims ${width}×${height} pixels, over the limit of ${imageDimensionLimit} on a side` };
  }
  return undefined;
}

/** Walks the chunks: IHDR first, every chunk inside the file, IEND last. CRCs are not checked: lengths catch truncation. */
function validatePng(data: Buffer): ImageVerdict {
  if (data.length < 33 || data.toString('latin1', 12, 16) !== 'IHDR') return { severity: 'error', reason: 'is a corrupt PNG: no header' };
  const size = dimensions(data.readUInt32BE(16), data.readUInt32BE(20));
  if (size) return size;
  let offset = 8;
  let sawData = false;
  while (offset + 8 <= data.length) {
    const length = data.readUInt32BE(offset);
    const type = data.toString('latin1', offset + 4, offset + 8);
    const end = offset + 12 + length;
    if (end > data.length) return { severity: 'error', reason: `is a truncated PNG: its \`${type}\` chunk runs past the end of the file` };
    if (type === 'IDAT') sawData = true;
    if (type === 'IEND') return sawData ? undefined : { severity: 'error', reason: 'is a corrupt PNG: it has no image data' };
    offset = end;
  }
  return { severity: 'error', reason: 'is a truncated PNG: it has no end chunk' };
}

/** Finds a frame header (SOFn) for the dimensions and the end-of-image marker. */
function validateJpeg(data: Buffer): ImageVerdict {
  let offset = 2;
  while (offset + 4 <= data.length && data[offset] === 0xff) {
    const marker = data[offset + 1]!;
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      offset += 2;
      continue;
    }
    const length = data.readUInt16BE(offset + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (offset + 9 > data.length) break;
      const size = dimensions(data.readUInt16BE(offset + 7), data.readUInt16BE(offset + 5));
      if (size) return size;
      const tail = data.subarray(Math.max(0, data.length - 64));
      return tail.includes(Buffer.from([0xff, 0xd9])) ? undefined : { severity: 'error', reason: 'is a truncated JPEG: it has no end marker' };
    }
    offset += 2 + length;
  }
  return { severity: 'error', reason: 'is a corrupt or truncated JPEG: no frame header found' };
}

const svgDangers: Array<[RegExp, string]> = [
  [/<script[\s>]/i, 'a `<script>`'],
  [/<foreignObject[\s>]/i, 'a `<foreignObject>`'],
  [/\son[a-z]+\s*=/i, 'an event handler (`on…=`)'],
  [/(?:href|src)\s*=\s*["']\s*(?!#|data:)[^"']/i, 'a link to another file or the network'],
  [/url\(\s*["']?\s*(?!#|data:)/i, 'a `url(…)` to another file or the network'],
  [/<!ENTITY/i, 'an entity declaration'],
  [/@import/i, 'an `@import`'],
];

/** An SVG is a document: it may run scripts and load files. One with any of that is refused, not cleaned in place. */
function validateSvg(text: string): ImageVerdict {
  const found = svgDangers.filter(([pattern]) => pattern.test(text)).map(([, what]) => what);
  if (found.length === 0) return undefined;
  return { severity: 'warning', reason: `is an SVG with ${found.join(', ')}: left out, since a book's images may not run code or load other files` };
}
