import type { Element, ElementContent, Root } from 'hast';
import { SKIP, visit } from './visit.js';
import { hasClass } from './class-name.js';

/** Tags that would close an open `<p>` when the HTML is parsed again, so a note set inside a paragraph may not hold them. */
const blockTags = new Set([
  'p', 'ul', 'ol', 'li', 'blockquote', 'pre', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'div', 'figure',
  'figcaption', 'dl', 'dt', 'dd', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'section', 'aside', 'details', 'summary',
]);

/** Removes remark-rehype's footnote section and returns each note's content (without its back link) by label. */
export function takeNoteBodies(tree: Root): Map<string, ElementContent[]> {
  const bodies = new Map<string, ElementContent[]>();
  const index = tree.children.findIndex((node) => node.type === 'element' && 'dataFootnotes' in node.properties);
  if (index === -1) return bodies;
  const section = tree.children[index] as Element;
  tree.children.splice(index, 1);
  visit(section, 'element', (node: Element) => {
    if (node.tagName !== 'li' || !String(node.properties.id ?? '').startsWith('fn-')) return;
    const label = String(node.properties.id).replace(/^fn-/, '');
    visit(node, 'element', (child: Element, childIndex, parent) => {
      if ('dataFootnoteBackref' in child.properties && parent && childIndex !== undefined) {
        parent.children.splice(childIndex, 1);
        return childIndex;
      }
    });
    const body = node.children.filter((child) => !(child.type === 'text' && child.value.trim() === ''));
    const last = body.at(-1);
    if (last?.type === 'element') trimEnd(last.children);
    bodies.set(label, body);
    return SKIP;
  });
  return bodies;
}

/** Drops the whitespace remark-rehype leaves where the back link it made stood. */
export function trimEnd(children: ElementContent[]) {
  while (children.at(-1)?.type === 'text' && (children.at(-1) as { value: string }).value.trim() === '') children.pop();
  const last = children.at(-1);
  if (last?.type === 'text') last.value = last.value.trimEnd();
}

/**
 * A copy of a note's content that may sit inside a paragraph: every block (paragraph, list, item, quote,
 * code block, table) becomes a `span.footnote-<tag>` that the stylesheets display as a block again.
 */
export function inlineNoteBody(body: ElementContent[]): ElementContent[] {
  const copy = structuredClone(body);
  const inline = (node: ElementContent): ElementContent => {
    if (node.type !== 'element') return node;
    node.children = node.children
      .filter((child) => !(child.type === 'text' && child.value.trim() === '' && blockTags.has(node.tagName)))
      .map(inline);
    if (!blockTags.has(node.tagName)) return node;
    if (node.tagName === 'p') trimEnd(node.children);
    return { ...node, tagName: 'span', properties: { className: [`footnote-${node.tagName}`] } };
  };
  return copy.map(inline);
}

/** Puts `nodes` at the start of the note's first paragraph (`paragraphTag`), or before everything when it opens otherwise. */
export function prependInline(body: ElementContent[], nodes: ElementContent[], paragraphTag: string) {
  const first = body[0];
  const isParagraph = first?.type === 'element' && (first.tagName === paragraphTag || hasClass(first, `footnote-${paragraphTag}`));
  if (isParagraph) (first as Element).children.unshift(...nodes);
  else body.unshift(...nodes);
}

/** Puts `nodes` at the end of the note's last paragraph, or after everything when it ends otherwise. */
export function appendInline(body: ElementContent[], nodes: ElementContent[]) {
  const last = body.at(-1);
  if (last?.type === 'element' && last.tagName === 'p') {
    trimEnd(last.children);
    last.children.push(...nodes);
  } else body.push(...nodes);
}
