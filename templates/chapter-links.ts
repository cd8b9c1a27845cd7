import { dirname, posix, relative } from 'node:path';
import type { Element, Root } from 'hast';
import { visit } from './util/visit.js';
import type { VFile } from 'vfile';
import { safeDecode } from './util/decode.js';

export interface ChapterLinksOptions {
  /** Where a chapter, or `fragment` in it, lives in the output the links are for: `id.html#a` in the HTML pages, `#a` in the one print document. */
  hrefFor: (chapterId: string, fragment?: string) => string;
  /** Chapter id by the chapter's file, relative to `root` with `/` separators: `{ "02-background.md": "background" }`. */
  chapters: Record<string, string>;
  /** The manuscript folder, to read the chapter's own path against. Default: the chapter's folder. */
  root?: string;
}

declare module 'hast' {
  interface ElementData {
    /** A rewritten link as the author wrote it, so the link check can still tell which chapter and anchor it meant. */
    sourceHref?: string;
  }
}

/**
 * Rewrites links to another chapter's Markdown file (`02-background.md#details`) to where that chapter ends up
 * in the output. Links to files that are not chapters are left for the link check to report.
 */
export default function rehypeChapterLinks(options: ChapterLinksOptions) {
  return (tree: Root, file: VFile) => {
    const here = posix.dirname(toPosix(file.path ? relative(options.root ?? dirname(file.path), file.path) : ''));
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'a' || typeof node.properties.href !== 'string') return;
      const href = node.properties.href;
      if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) return;
      const at = href.indexOf('#');
      const path = at === -1 ? href : href.slice(0, at);
      const fragment = at === -1 ? undefined : href.slice(at + 1);
      if (!/\.md$/i.test(path)) return;
      const id = options.chapters[posix.normalize(posix.join(here, safeDecode(path)))];
      if (!id) return;
      node.data = { ...node.data, sourceHref: href };
      node.properties.href = options.hrefFor(id, fragment);
    });
  };
}

function toPosix(path: string): string {
  return path.split('\\').join('/');
}
