/** Where a byte sequence stops being UTF-8, and how to point an author at it. */
export interface Utf8Error {
  /** Byte offset of the first byte of the bad sequence, from 0. */
  offset: number;
  line: number;
  column: number;
  /** The offending byte, for the message (`0xE9`). */
  byte: number;
}

/**
 * Finds the first byte that is not part of a well-formed UTF-8 sequence (overlongs, surrogates and code points
 * past U+10FFFF included), as the WHATWG decoder would reject it. Undefined when `bytes` is valid UTF-8.
 */
export function findInvalidUtf8(bytes: Uint8Array): Utf8Error | undefined {
  let index = 0;
  while (index < bytes.length) {
    const first = bytes[index]!;
    if (first < 0x80) {
      index++;
      continue;
    }
    const length = first >= 0xc2 && first <= 0xdf ? 2 : first >= 0xe0 && first <= 0xef ? 3 : first >= 0xf0 && first <= 0xf4 ? 4 : 0;
    if (length === 0 || index + length > bytes.length) return placeOf(bytes, index);
    // The second byte's range is narrower after E0, ED, F0 and F4 (no overlongs, surrogates or > U+10FFFF).
    const second = bytes[index + 1]!;
    const low = first === 0xe0 ? 0xa0 : first === 0xf0 ? 0x90 : 0x80;
    const high = first === 0xed ? 0x9f : first === 0xf4 ? 0x8f : 0xbf;
    if (second < low || second > high) return placeOf(bytes, index);
    for (let next = 2; next < length; next++) {
      const byte = bytes[index + next]!;
      if (byte < 0x80 || byte > 0xbf) return placeOf(bytes, index);
    }
    index += length;
  }
  return undefined;
}

/** Line and column (in characters, as editors count them) of a byte offset; the text before it is valid UTF-8. */
function placeOf(bytes: Uint8Array, offset: number): Utf8Error {
  const before = Buffer.from(bytes.buffer, bytes.byteOffset, offset).toString('utf8');
  const lineStart = before.lastIndexOf('\n') + 1;
  const line = before.slice(0, lineStart).split('\n').length;
  return { offset, line, column: [...before.slice(lineStart)].length + 1, byte: bytes[offset]! };
}
