import { lstatSync, readlinkSync, statSync, type Stats } from 'node:fs';

/**
 * The largest chapter Folio reads: 50 MB. A real chapter is well under 1 MB; a bigger file is a mistake (a
 * database dump, a sparse file) that would only exhaust memory before failing. Images have the same limit.
 */
export const fileSizeLimit = 50 * 1024 * 1024;

/** What `unreadableReason` says when nothing is there, not even a dangling symlink. */
export const doesNotExist = 'it does not exist';

/**
 * Why `path` cannot be read as a manuscript file, or undefined when it is a regular file within the size limit.
 * Only `stat` is called: opening a named pipe or a device to find out would block `check` forever.
 */
export function unreadableReason(path: string, limit = fileSizeLimit): string | undefined {
  let link: Stats;
  try {
    link = lstatSync(path);
  } catch {
    return doesNotExist;
  }
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch {
    return link.isSymbolicLink() ? `it is a symlink to \`${readlinkSync(path)}\`, which does not exist` : 'it cannot be read';
  }
  if (stats.isDirectory()) return 'it is a folder, not a file';
  if (stats.isFIFO()) return 'it is a named pipe (FIFO), not a file';
  if (stats.isSocket()) return 'it is a socket, not a file';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'it is a device, not a file';
  if (!stats.isFile()) return 'it is not a regular file';
  if (stats.size > limit) return `it is ${formatSize(stats.size)}, over the ${formatSize(limit)} limit for one file`;
  return undefined;
}

function formatSize(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GB` : `${Math.round(bytes / 1024 ** 2)} MB`;
}
