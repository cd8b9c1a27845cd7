import type { Element, ElementContent, Root } from 'hast';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { report } from '../report.js';

/**
 * An unclosed inline tag in raw HTML (`<i>` with no `</i>`) is, by the HTML parsing rules rehype-raw follows,
 * reopened in every later block: the rest of the chapter turns italic and even the notes section ends up
 * inside it, where the footnotes template cannot find it. Authors mean the tag to end with its block, so the
 * reopened copies (parse5 gives them the start tag's position) are unwrapped and the tag is reported once.
 */
export function rehypeContainUnclosedHtml() {
  return (tree: Root, file: VFile) => {
    const seen = new Set<string>();
    const reported = new Set<string>();
    visit(tree, 'element', (node: Element, index, parent) => {
      const offset = node.position?.start.offset;
      if (offset === undefined || !parent || index === undefined) return;
      const key = `${node.tagName}@${offset}`;
      if (!seen.has(key)) {
        seen.add(key);
        return;
      }
      if (!reported.has(key)) {
        reported.add(key);
        report(file, 'html-unclosed', `\`<${node.tagName}>\` is never closed: it is closed at the end of its block`, node.position!.start);
      }
      parent.children.splice(index, 1, ...(node.children as ElementContent[]));
      return [SKIP, index];
    });
  };
}
