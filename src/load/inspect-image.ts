import { openSync, readSync, closeSync } from 'node:fs';
import { sniffImageType, type ImageMediaType } from './assets.js';
import { resolveInManuscript, type ManuscriptPath } from './inside.js';

/** Where an image `src` leads and, when it is a file inside the manuscript, what its first bytes say it is. */
export type InspectedImage = ManuscriptPath & { mediaType?: ImageMediaType };

/** For `check`: resolves an image reference and reads only its head (enough to tell the type), not the whole file. */
export function inspectImage(root: string, src: string): InspectedImage {
  const where = resolveInManuscript(root, src);
  if (where.status !== 'inside') return where;
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
