import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { unreadableReason } from './file-kind.js';
import { validateImage, type ImageVerdict } from './validate-image.js';
import { sniffImageType, type ImageMediaType } from './assets.js';
import { resolveInManuscript, type ManuscriptPath } from './inside.js';

/** Where an image `src` leads and, when it is a file inside the manuscript, what its first bytes say it is. */
export type InspectedImage = ManuscriptPath & { mediaType?: ImageMediaType; verdict?: ImageVerdict };

/** For `check`: resolves an image reference, tells its type from its bytes and validates them (`validateImage`). */
export function inspectImage(root: string, src: string): InspectedImage {
  const where = resolveInManuscript(root, src);
  if (where.status !== 'inside') return where;
  // Never opened when it is a pipe or a device (opening one blocks) or over the size limit.
  const unreadable = unreadableReason(where.path);
  if (unreadable !== undefined) return { ...where, verdict: { severity: 'error', reason: `cannot be read: ${unreadable}` } };
  let data: Buffer | undefined;
  try {
    data = readFileSync(where.path);
  } catch {
    // Unreadable: no type, reported as unsupported.
  }
  if (data !== undefined) {
    const mediaType = sniffImageType(data);
    return { ...where, mediaType, verdict: mediaType ? validateImage(data, mediaType) : undefined };
  }
  const head = Buffer.alloc(1024);
  let length = 0;
  try {
    const fd = openSync(where.path, 'r');
    try {
      length = readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
  } catch {
    // A folder or an unreadable file: no type, reported as unsupported.
  }
  return { ...where, mediaType: sniffImageType(head.subarray(0, length)) };
}
