import type { Element, Root, RootContent } from 'hast';
import type { VFile } from 'vfile';
import { report } from '../report.js';

/**
 * The deepest nesting of blocks (lists, quotations, divisions, tables) a chapter may have: 32 levels. Deeper
 * nesting is never meant (a list 500 deep is a generated or hostile file), and it overflows the stack of the
 * print layout and of reading systems. Reported before any template or layout runs.
 */
export const nestingLimit = 32;

const containers = new Set(['ul', 'ol', 'dl', 'blockquote', 'div', 'section', 'aside', 'article', 'table', 'details', 'figure', 'li', 'dd']);

/**
 * Reports the first block nested deeper than `nestingLimit`, at its place, with the fix. Walks with its own
 * stack, not by recursion, so the check itself cannot overflow on the trees it is there to refuse.
 */
export function rehypeCheckNesting() {
  return (tree: Root, file: VFile) => {
    const stack: Array<{ node: RootContent; depth: number }> = tree.children.map((node) => ({ node, depth: 0 }));
    while (stack.length > 0) {
      const { node, depth } = stack.pop()!;
      if (node.type !== 'element') continue;
      const element = node as Element;
      // A list item counts with its list: `ul > li` is one level of a list.
      const own = containers.has(element.tagName) && element.tagName !== 'li' && element.tagName !== 'dd' ? depth + 1 : depth;
      if (own > nestingLimit) {
        report(
          file,
          'nesting-too-deep',
          `\`<${element.tagName}>\` is nested ${own} levels deep, over the limit of ${nestingLimit}: flatten the lists or quotations (or close an unclosed \`<${element.tagName}>\` earlier)`,
          element.position,
        );
        return;
      }
      for (const child of element.children) stack.push({ node: child, depth: own });
    }
  };
}
