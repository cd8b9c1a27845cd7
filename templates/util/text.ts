import type { Nodes } from 'hast';

/** The text content of a node, as a reader sees it: footnote calls are not part of a heading's title. */
export function textOf(node: Nodes): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element' && 'dataFootnoteRef' in node.properties) return '';
  if ('children' in node) return node.children.map((child) => textOf(child)).join('');
  return '';
}

/** Elements whose text is code, markup or addresses: typographic rules never touch them. */
export const verbatimTags = new Set(['code', 'pre', 'kbd', 'samp', 'script', 'style', 'math', 'svg', 'var']);
