import { realpath, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

/** What the preview serves from the manuscript and styles folders; any other kind of file (Markdown, YAML) is not served. */
export const contentTypes: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
};

export function contentTypeOf(path: string): string | undefined {
  return contentTypes[extname(path).toLowerCase()];
}

/**
 * The URL path as segments, or undefined when it could step outside its folder. Works on the raw request path,
 * before any URL normalisation, so `/../x`, `/%2e%2e/x`, `/a/..%2fx`, backslashes, NUL and empty segments all fail.
 */
export function safeSegments(rawPath: string): string[] | undefined {
  if (!rawPath.startsWith('/')) return undefined;
  const segments: string[] = [];
  for (const raw of rawPath.slice(1).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    if (segment === '' || segment === '.' || segment === '..' || /[\\/\0]/.test(segment)) return undefined;
    segments.push(segment);
  }
  return segments;
}

/**
 * The file `segments` name inside `root`, if it is a regular file of a served type whose real path (symlinks
 * followed) is still inside `root`'s real path; otherwise undefined.
 */
export async function fileInside(root: string, segments: string[]): Promise<string | undefined> {
  if (segments.length === 0) return undefined;
  const path = resolve(root, ...segments);
  if (!contentTypeOf(path)) return undefined;
  try {
    const [realRoot, realPath] = await Promise.all([realpath(root), realpath(path)]);
    if (!realPath.startsWith(realRoot + sep)) return undefined;
    return (await stat(realPath)).isFile() ? realPath : undefined;
  } catch {
    return undefined;
  }
}
