import type { Element, Parents, Root } from 'hast';
import { SKIP, visit, type VisitorResult } from '../../templates/util/visit.js';
import { decodeDataUrl, sniffImageType } from '../load/assets.js';
import { validateImage, type ImageVerdict } from '../load/validate-image.js';
import type { VFile } from 'vfile';
import type { InspectedImage } from '../load/inspect-image.js';
import { report as fileReport, type RuleId } from '../report.js';
import { ChildEdits } from '../../templates/util/child-edits.js';

export interface CheckImagesOptions {
  /**
   * Where a relative `src` leads and what its bytes say it is, from the load stage (the only code that touches
   * the disk). Without it (templates' fixtures, the property test) the type is judged by the extension.
   */
  resolveImage?: (src: string) => InspectedImage;
}

/** EPUB 3 core media types for images, by extension; print renders these too. */
const supportedTypes = new Map([
  ['png', 'PNG'],
  ['jpg', 'JPEG'],
  ['jpeg', 'JPEG'],
  ['gif', 'GIF'],
  ['svg', 'SVG'],
  ['webp', 'WebP'],
]);

/**
 * Checks every image of a chapter: it must have alt text, a type reading systems show, and a file inside the
 * manuscript folder. Images whose `src` was refused (outside the folder here, or an unsafe scheme the sanitizer
 * removed) are dropped, so no target tries to load them.
 */
export function checkImages(tree: Root, file: VFile, options: CheckImagesOptions = {}): void {
  const report = (node: Element, reason: string, ruleId: RuleId) => fileReport(file, ruleId, reason, node.position);
  const edits = new ChildEdits();
  /** A corrupt image is an error; an unsafe SVG is a warning and the image goes, so no output carries it. */
  const judge = (node: Element, src: string, verdict: ImageVerdict, parent: Parents, index: number): VisitorResult => {
    if (!verdict) return undefined;
    report(node, `Image \`${src}\` ${verdict.reason}`, verdict.severity === 'error' ? 'image-corrupt' : 'image-unsafe');
    if (verdict.severity === 'error') return undefined;
    edits.replace(parent, index, []);
    return SKIP;
  };
  visit(tree, 'element', (node: Element, index, parent) => {
    if (node.tagName !== 'img' || !parent || index === undefined) return;
    const src = typeof node.properties.src === 'string' ? node.properties.src.trim() : '';
    if (!src) {
      // The sanitizer took the src away (and the reporter said why): an image without one is invalid XHTML.
      edits.replace(parent, index, []);
      return SKIP;
    }
    const alt = node.properties.alt;
    if (alt === undefined || alt === null || (String(alt).trim() === '' && !isMarkedDecorative(node, file))) {
      report(node, `Image \`${src}\` has no alt text: describe it for readers who cannot see it`, 'image-alt-missing');
    }
    if (/^data:/i.test(src)) {
      let data: Buffer | undefined;
      try {
        data = decodeDataUrl(src);
      } catch {
        data = undefined;
      }
      const mediaType = data && sniffImageType(data);
      if (!data || !mediaType) {
        report(node, `Image \`${src.slice(0, 40)}…\` is not a PNG, JPEG, GIF, SVG or WebP data: URL`, 'image-type');
        return;
      }
      return judge(node, `${src.slice(0, 30)}…`, validateImage(data, mediaType), parent, index);
    }
    if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('//')) {
      // Every target treats it alike: the EPUB may not reference remote images and the PDF never fetches.
      report(node, `Left out image \`${src}\`: only images in the manuscript folder go into the book`, 'image-remote');
      edits.replace(parent, index, []);
      return SKIP;
    }

    const where = options.resolveImage?.(src);
    if (where?.status === 'outside') {
      report(node, `Refused image: ${where.reason}`, 'path-outside');
      edits.replace(parent, index, []);
      return SKIP;
    }
    if (where?.status === 'missing') {
      report(node, `Image \`${src}\` does not exist`, 'image-missing');
      return;
    }
    const extension = /\.([a-z0-9]+)$/i.exec(src.replace(/[?#].*$/, ''))?.[1]?.toLowerCase();
    if (where?.status === 'inside' && where.mediaType === undefined) {
      const kinds = [...new Set(supportedTypes.values())].join(', ');
      report(node, `Image \`${src}\` is not a ${kinds.replace(/, (?=[^,]*$)/, ' or ')} file`, 'image-type');
    } else if (where?.verdict) {
      return judge(node, src, where.verdict, parent, index);
    } else if (!where && (!extension || !supportedTypes.has(extension))) {
      const kinds = [...new Set(supportedTypes.values())].join(', ');
      const what = extension ? `a .${extension} file` : 'a file without an extension';
      report(node, `Image \`${src}\` is ${what}: use one of ${kinds}`, 'image-type');
    }
  });
  edits.apply();
}

/** `<img alt="">` written as raw HTML marks a decorative image; Markdown's `![](x.png)` is alt text left out. */
function isMarkedDecorative(node: Element, file: VFile): boolean {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (start === undefined || end === undefined) return false;
  return /^<img\b[^>]*\salt\s*=/i.test(String(file.value).slice(start, end));
}
