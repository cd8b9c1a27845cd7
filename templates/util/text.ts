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

const url = /https?:\/\/|www\./;

/**
 * The text cut into words that hold an address (odd indices) and the text between them (even indices), as
 * `text.split(/(\S*(?:https?:\/\/|www\.)\S*)/)` would cut it, but in linear time: that pattern backtracks over
 * every start of a long word, so a 100 KB word took a minute.
 */
export function splitAtUrls(text: string): string[] {
  const parts: string[] = [];
  let last = 0;
  for (const word of text.matchAll(/\S+/g)) {
    if (!url.test(word[0])) continue;
    parts.push(text.slice(last, word.index), word[0]);
    last = word.index + word[0].length;
  }
  parts.push(text.slice(last));
  return parts;
}
