import type { Element, Root } from 'hast';
import { visit } from './util/visit.js';
import { textOf } from './util/text.js';

export interface DialogueOptions {
  /** Longest speaker name, in characters, so that an ordinary bold lead-in is not taken for one. Default 40. */
  maxNameLength?: number;
  /**
   * Names of the people who ask (book.yaml contributors with the role `interviewer`). Their turns become
   * `p.turn.question`, everyone else's `p.turn.answer`, so the stylesheets can show the rhythm of an
   * interview. A speaker matches when their name starts with one of these (`An Yong (Interviewer)`). Default none.
   */
  interviewers?: string[];
}

/**
 * An interview turn: a paragraph that opens with a bold `Name:` becomes `p.turn` with the name as
 * `b.speaker`, which the stylesheets set in small caps. The colon may sit inside or just after the bold, and
 * the paragraph may stand anywhere (a turn quoted in a block quote is still a turn).
 */
export default function rehypeDialogue(options: DialogueOptions = {}) {
  const maxNameLength = options.maxNameLength ?? 40;
  const interviewers = (options.interviewers ?? []).map((name) => name.toLowerCase());
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
      const speaker = name.replace(/:$/, '').trim().toLowerCase();
      const role = interviewers.length === 0 ? [] : interviewers.some((asker) => speaker.startsWith(asker)) ? ['question'] : ['answer'];
      node.properties = { ...node.properties, className: [...classList(node), 'turn', ...role] };
    });
  };
}

function classList(node: Element): string[] {
  const value = node.properties.className;
  return Array.isArray(value) ? value.map(String) : [];
}
