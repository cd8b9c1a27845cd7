import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import { textOf } from './util/text.js';

export interface DialogueOptions {
  /** Longest speaker name, in characters, so that an ordinary bold lead-in is not taken for one. Default 40. */
  maxNameLength?: number;
}

/**
 * An interview turn: a paragraph that opens with a bold `Name:` becomes `p.turn` with the name as
 * `b.speaker`, which the stylesheets set in small caps. The colon may sit inside or just after the bold.
 */
export default function rehypeDialogue(options: DialogueOptions = {}) {
  const maxNameLength = options.maxNameLength ?? 40;
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'p') return;
      const first = node.children[0];
      if (first?.type !== 'element' || first.tagName !== 'strong') return;
      const name = textOf(first).trim();
      const after = node.children[1];
      const colonInside = name.endsWith(':');
      const colonAfter = after?.type === 'text' && after.value.startsWith(':');
      if (!colonInside && !colonAfter) return;
      if (name.replace(/:$/, '').length > maxNameLength) return;
      if (colonAfter && after?.type === 'text') {
        after.value = after.value.slice(1);
        first.children.push({ type: 'text', value: ':' });
      }
      first.tagName = 'b';
      first.properties = { ...first.properties, className: ['speaker'] };
      node.properties = { ...node.properties, className: [...classList(node), 'turn'] };
    });
  };
}

function classList(node: Element): string[] {
  const value = node.properties.className;
  return Array.isArray(value) ? value.map(String) : [];
}
