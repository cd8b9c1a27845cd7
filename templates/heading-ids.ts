import type { Element, Root } from 'hast';
import type GithubSlugger from 'github-slugger';
import { slug } from 'github-slugger';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { textOf } from './util/text.js';

export interface HeadingIdsOptions {
  /**
   * Slugger shared by every chapter of one book, so ids stay unique when chapters are joined into one
   * document (the print PDF). Required: the caller owns its state, not this module.
   */
  slugger: GithubSlugger;
}

/**
 * Gives every heading an id. The chapter's first `h1` takes the chapter id (`file.data.chapterId`) so the
 * contents can link to it; other headings get a slug of their text. Sets `file.data.title`.
 */
export default function rehypeHeadingIds(options: HeadingIdsOptions) {
  return (tree: Root, file: VFile) => {
    let sawTitle = false;
    visit(tree, 'element', (node: Element) => {
      if (!/^h[1-6]$/.test(node.tagName)) return;
      const text = textOf(node);
      if (!sawTitle && node.tagName === 'h1' && file.data.chapterId) {
        sawTitle = true;
        file.data.title = text;
        node.properties.id = file.data.chapterId;
        options.slugger.slug(file.data.chapterId);
        return;
      }
      if (node.properties.id) return;
      const base = slug(text) || 'section';
      const id = options.slugger.slug(text || 'section');
      if (id !== base) {
        file.message(`Heading \`${text}\` has the same id \`${base}\` as an earlier one: it becomes \`${id}\``, {
          place: node.position,
          ruleId: 'heading-id-duplicate',
          source: 'folio',
        });
      }
      node.properties.id = id;
    });
  };
}
