import type { Element, Root } from 'hast';
import { visit } from '../../templates/util/visit.js';
import rehypeRaw from 'rehype-raw';
import type { VFile } from 'vfile';

/**
 * rehype-raw, run only on a chapter that has raw HTML in it. It puts the whole tree through an HTML parser
 * (parse5) to turn `raw` nodes into elements, which was a tenth of a cold EPUB build of a 300-page book of
 * plain Markdown, where there is nothing to turn.
 */
export function rehypeRawWhereNeeded() {
  const transform = rehypeRaw();
  return (tree: Root, file: VFile): Root => {
    if (hasRaw(tree)) return transform(tree, file);
    visit(tree, 'element', unflagDataAttributes);
    return tree;
  };
}

/**
 * What the HTML parser would have changed in a tree without raw nodes: a `data-*` flag that remark-rehype sets
 * as `true` (`data-footnote-ref`) comes back from parse5 as the empty string, as the browser reads it, and the
 * templates and the outputs were made with that.
 */
function unflagDataAttributes(node: Element): void {
  for (const [name, value] of Object.entries(node.properties)) if (value === true && /^data[A-Z]/.test(name)) node.properties[name] = '';
}

function hasRaw(node: { type: string; children?: unknown[] }): boolean {
  if (node.type === 'raw') return true;
  return (node.children as Array<{ type: string; children?: unknown[] }> | undefined)?.some(hasRaw) ?? false;
}
