import { createHash } from 'node:crypto';
import type { Element, Root } from 'hast';
import { visit } from '../../templates/util/visit.js';
import type { VFile } from 'vfile';
import { placeOf } from '../report.js';
import { ImageLoadError, readImage, type LoadedImage } from '../load/assets.js';

/** An image file of the EPUB, named by its content so two builds (and two identical images) give one name. */
export interface BookImage {
  /** Relative to OEBPS: `images/<sha256 prefix>.<ext>`. */
  href: string;
  mediaType: string;
  data: Buffer;
  /** More than one frame (GIF, APNG, WebP): a possible flashing hazard, declared as unknown. */
  animated: boolean;
}

/** What the accessibility metadata needs to know about the book's images. */
export interface ImageFacts {
  /** Images a sighted reader sees, with or without alt text (decorative ones, `alt=""`, excluded). */
  informative: number;
  /** Informative images without alt text. */
  missingAlt: number;
  animated: boolean;
}

export interface CollectedImages {
  images: BookImage[];
  facts: ImageFacts;
  /** `file:line:col: reason` for every image that cannot be carried into the book. */
  problems: string[];
}

/**
 * Reads every image the chapters show and points each `img` at its content-hashed file name. Changes the trees
 * in place (they are the EPUB's own copies).
 */
export function collectImages(root: string, chapters: Array<{ file: VFile; tree: Root }>): CollectedImages {
  const byHref = new Map<string, BookImage>();
  const facts: ImageFacts = { informative: 0, missingAlt: 0, animated: false };
  const problems: string[] = [];
  for (const { file, tree } of chapters) {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'img') return;
      const src = String(node.properties.src ?? '').trim();
      let loaded: LoadedImage;
      try {
        loaded = readImage(root, src);
      } catch (error) {
        if (!(error instanceof ImageLoadError)) throw error;
        const start = node.position?.start;
        problems.push(`${placeOf(file)}${start ? `:${start.line}:${start.column}` : ''}: ${error.message}`);
        return;
      }
      const href = `images/${createHash('sha256').update(loaded.data).digest('hex').slice(0, 16)}.${loaded.extension}`;
      if (!byHref.has(href)) byHref.set(href, { href, mediaType: loaded.mediaType, data: loaded.data, animated: isAnimated(loaded) });
      node.properties.src = href;
      const alt = node.properties.alt;
      if (alt === '') return;
      facts.informative += 1;
      if (alt === undefined || alt === null || String(alt).trim() === '') facts.missingAlt += 1;
      if (byHref.get(href)!.animated) facts.animated = true;
    });
  }
  const images = [...byHref.values()].sort((a, b) => a.href.localeCompare(b.href));
  return { images, facts, problems };
}

/** Whether the image has more than one frame; reading systems play these, so they could flash. */
export function isAnimated(image: LoadedImage): boolean {
  const { data } = image;
  switch (image.mediaType) {
    // A Graphic Control Extension precedes each frame; two or more mean an animation.
    case 'image/gif':
      return countOccurrences(data, Buffer.from([0x21, 0xf9, 0x04])) > 1;
    case 'image/png':
      return data.includes(Buffer.from('acTL', 'latin1'));
    case 'image/webp':
      return data.includes(Buffer.from('ANIM', 'latin1'));
    case 'image/svg+xml':
      return /<(animate|animateTransform|animateMotion|set)[\s>/]/.test(data.toString('utf8'));
    default:
      return false;
  }
}

function countOccurrences(data: Buffer, needle: Buffer): number {
  let count = 0;
  for (let index = data.indexOf(needle); index !== -1; index = data.indexOf(needle, index + 1)) count += 1;
  return count;
}
