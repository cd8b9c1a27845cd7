import { existsSync, lstatSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** Where a manuscript-relative reference (an image `src`, a chapter name) leads. */
export type ManuscriptPath =
  | { status: 'inside'; path: string }
  | { status: 'missing'; path: string }
  /** `..` or an absolute path leaves the folder, or a symlink on the way points out of it. */
  | { status: 'outside'; path: string; reason: string };

/**
 * Resolves `reference` (URL-encoded, as Markdown leaves it, unless `urlEncoded` is false) against the manuscript folder and refuses what
 * leaves it, through `..`, an absolute path or a symlink pointing out: a manuscript must not read the machine.
 */
export function resolveInManuscript(root: string, reference: string, { urlEncoded = true } = {}): ManuscriptPath {
  let decoded = urlEncoded ? reference.replace(/[?#].*$/, '') : reference;
  try {
    if (urlEncoded) decoded = decodeURI(decoded);
  } catch {
    // A stray `%` is part of the name.
  }
  const path = resolve(root, decoded);
  if (isAbsolute(decoded) || !isWithin(root, path)) {
    return { status: 'outside', path, reason: `\`${reference}\` leads outside the manuscript folder` };
  }
  if (!existsSync(path)) {
    // A dangling symlink is still a symlink: say it is missing, since nothing would be read through it.
    return { status: 'missing', path };
  }
  const real = realpathSync(path);
  const realRoot = realpathSync(root);
  if (!isWithin(realRoot, real)) {
    const link = lstatSync(path).isSymbolicLink() ? 'is a symlink to' : 'goes through a symlink to';
    return { status: 'outside', path, reason: `\`${reference}\` ${link} \`${real}\`, outside the manuscript folder` };
  }
  return { status: 'inside', path };
}

/** Whether `path` is `folder` or lies under it (both absolute, compared as written: resolve symlinks first). */
export function isWithin(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}
