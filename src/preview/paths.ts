import { realpath, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

/**
 * What the preview serves from the manuscript and styles folders; any other kind of file (Markdown, YAML) is not
 * served. Never script or HTML: a page opened from the manuscript would run in the preview's origin.
 */
export const contentTypes: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
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

/** The preview's own scripts (its client, paged.js), served from fixed URLs only. */
const fixedTypes: Record<string, string> = { '.js': 'text/javascript; charset=utf-8' };

export function contentTypeOf(path: string): string | undefined {
  const extension = extname(path).toLowerCase();
  return contentTypes[extension] ?? fixedTypes[extension];
}

/**
 * Headers for a file from the manuscript or styles folder. A manuscript SVG opened on its own is a document that
 * could run script in the preview's origin (and reach its event stream and pages): the sandbox gives it an opaque
 * origin and no script. Images, fonts and stylesheets loaded by a page ignore a CSP on their own response.
 */
export const folderFileHeaders = { 'content-security-policy': 'sandbox', 'x-content-type-options': 'nosniff' } as const;

/**
 * Whether a request's Host names this server: `127.0.0.1`, `localhost` or `[::1]` with the port it listens on.
 * Any other name is a page elsewhere that made its own name resolve to 127.0.0.1 (DNS rebinding) to read the book.
 */
export function isLocalHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  return ['127.0.0.1', 'localhost', '[::1]'].some((name) => host.toLowerCase() === `${name}:${port}`);
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
  if (!contentTypes[extname(path).toLowerCase()]) return undefined;
  try {
    const [realRoot, realPath] = await Promise.all([realpath(root), realpath(path)]);
    if (!realPath.startsWith(realRoot + sep)) return undefined;
    return (await stat(realPath)).isFile() ? realPath : undefined;
  } catch {
    return undefined;
  }
}
