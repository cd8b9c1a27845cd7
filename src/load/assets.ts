import { readFileSync, statSync } from 'node:fs';
import type { Point } from 'unist';
import type { VFile } from 'vfile';
import { resolveInManuscript } from './inside.js';
import { report, type RuleId } from '../report.js';

/** An image's bytes with the type its content shows (not its extension, which authors get wrong). */
export interface LoadedImage {
  data: Buffer;
  mediaType: ImageMediaType;
  /** File extension for the type: `png`, `jpg`, `gif`, `svg`, `webp`. */
  extension: string;
}

export type ImageMediaType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/svg+xml' | 'image/webp';

const extensions: Record<ImageMediaType, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/svg+xml': 'svg',
  'image/webp': 'webp',
};

/** Thrown when an image cannot be carried into the book; the message names the `src` and why. */
export class ImageLoadError extends Error {}

/**
 * Reads an image a chapter refers to: a path relative to the manuscript folder (never outside it) or an inline
 * `data:` URL. Remote URLs are refused: EPUB reading systems may not fetch images, and a book must not change
 * when a server does.
 */
export function readImage(root: string, src: string): LoadedImage {
  const data = src.startsWith('data:') ? decodeDataUrl(src) : readManuscriptFile(root, src);
  const mediaType = sniffImageType(data);
  if (!mediaType) throw new ImageLoadError(`Image \`${shorten(src)}\` is not a PNG, JPEG, GIF, SVG or WebP file`);
  return { data, mediaType, extension: extensions[mediaType] };
}

/**
 * Checks book.yaml's `cover` at load time, so a wrong path is reported at its line in book.yaml. Only JPEG and
 * PNG: the covers stores and reading systems accept.
 */
export function checkCover(root: string, cover: string, configFile: VFile, place: Point | undefined): boolean {
  const problem = (reason: string, ruleId: RuleId) => {
    report(configFile, ruleId, reason, place);
    return false;
  };
  const where = resolveInManuscript(root, cover, { urlEncoded: false });
  if (where.status === 'outside') return problem(`Refused cover: ${where.reason}`, 'path-outside');
  if (where.status === 'missing') return problem(`Cover image \`${cover}\` does not exist`, 'image-missing');
  if (!statSync(where.path).isFile()) return problem(`Cover image \`${cover}\` is a folder, not an image file`, 'image-type');
  const type = sniffImageType(readFileSync(where.path));
  if (type !== 'image/jpeg' && type !== 'image/png') return problem(`Cover image \`${cover}\` must be a JPEG or PNG file`, 'image-type');
  return true;
}

/** The cover named in book.yaml, already checked by `checkCover`. */
export function readCover(root: string, cover: string): LoadedImage {
  const where = resolveInManuscript(root, cover, { urlEncoded: false });
  if (where.status !== 'inside') throw new ImageLoadError(`Cover image \`${cover}\` cannot be read`);
  const data = readFileSync(where.path);
  const mediaType = sniffImageType(data);
  if (!mediaType) throw new ImageLoadError(`Cover image \`${cover}\` is not an image`);
  return { data, mediaType, extension: extensions[mediaType] };
}

function readManuscriptFile(root: string, src: string): Buffer {
  if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('//')) {
    throw new ImageLoadError(`Image \`${shorten(src)}\` is on the web: put the file in the manuscript folder`);
  }
  const where = resolveInManuscript(root, src);
  if (where.status === 'outside') throw new ImageLoadError(`Refused image: ${where.reason}`);
  if (where.status === 'missing') throw new ImageLoadError(`Image \`${src}\` does not exist`);
  return readFileSync(where.path);
}

export function decodeDataUrl(src: string): Buffer {
  const match = /^data:([^,]*?)(;base64)?,(.*)$/s.exec(src);
  if (!match) throw new ImageLoadError(`Image \`${shorten(src)}\` is a malformed data: URL`);
  return match[2] ? Buffer.from(match[3]!, 'base64') : Buffer.from(decodeURIComponent(match[3]!), 'utf8');
}

/** The image type from the first bytes of the file. */
export function sniffImageType(data: Buffer): ImageMediaType | undefined {
  if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (/^GIF8[79]a/.test(data.subarray(0, 6).toString('latin1'))) return 'image/gif';
  if (data.subarray(0, 4).toString('latin1') === 'RIFF' && data.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  const head = data.subarray(0, 1024).toString('utf8').replace(/^\uFEFF/, '');
  if (/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(head)) return 'image/svg+xml';
  return undefined;
}

function shorten(src: string): string {
  return src.length > 60 ? `${src.slice(0, 57)}…` : src;
}
