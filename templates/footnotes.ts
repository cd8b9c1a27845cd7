import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import type { Note, Target } from '../src/types.js';

export interface FootnotesOptions {
  /**
   * How notes are rendered. `pdf`: the note body is placed at its reference as `span.footnote`, which the
   * print stylesheet floats to the foot of the page. `epub`: `aside[epub:type=footnote]` after the text,
   * so reading systems show pop-ups. `html`: the same asides, styled for the screen. Default `html`.
   */
  target?: Target;
}

/**
 * Turns GFM footnotes (as remark-rehype emits them) into book notes: one number per label in order of
 * first reference, EPUB 3 `noteref`/`footnote` semantics with DPUB-ARIA roles, ids unique in the book.
 * Sets `file.data.notes`.
 */
export default function rehypeFootnotes(options: FootnotesOptions = {}) {
  const target = options.target ?? 'html';
  return (tree: Root, file: VFile) => {
    const prefix = file.data.chapterId ? `${file.data.chapterId}-` : '';
    const bodies = takeNoteBodies(tree);
    const notes = new Map<string, Note>();
    const references: Array<{ sup: Element; parent: Element | Root; label: string }> = [];

    visit(tree, 'element', (node: Element, _index, parent) => {
      const link = node.tagName === 'sup' ? node.children.find(isNoteLink) : undefined;
      if (!link || !parent) return;
      const label = String(link.properties.href).replace(/^#fn-/, '');
      if (!notes.has(label)) {
        const number = notes.size + 1;
        notes.set(label, { label, number, id: `fn-${prefix}${number}`, refId: `fnref-${prefix}${number}` });
      }
      references.push({ sup: node, parent: parent as Element | Root, label });
      return SKIP;
    });

    const seen = new Set<string>();
    for (const { sup, parent, label } of references) {
      const note = notes.get(label)!;
      const first = !seen.has(label);
      seen.add(label);
      const index = parent.children.indexOf(sup);
      if (target === 'pdf') {
        // Print: the call number stays in the text and the body follows it, floated to the foot of the page by
        // print.css. Numbers are written out rather than left to paged.js counters, which run across the whole book.
        const call = h('sup.note-call', String(note.number));
        call.position = sup.position;
        if (!first) {
          parent.children.splice(index, 1, call);
          continue;
        }
        const body = inlineParagraphs(bodies.get(label) ?? []);
        prependInline(body, [h('span.note-number', `${note.number}.`), { type: 'text', value: ' ' }], 'span');
        const span = h('span.footnote', { id: note.id, role: 'doc-footnote' }, body);
        span.position = sup.position;
        parent.children.splice(index, 1, call, span);
        continue;
      }
      const anchor = h(
        'a.noteref',
        { href: `#${note.id}`, id: first ? note.refId : undefined, role: 'doc-noteref', ...(target === 'epub' ? { 'epub:type': 'noteref' } : {}) },
        String(note.number),
      );
      const replacement = h('sup', [anchor]);
      replacement.position = anchor.position = sup.position;
      parent.children.splice(index, 1, replacement);
    }

    if (target !== 'pdf' && notes.size > 0) {
      const asides = [...notes.values()].map((note) => {
        const body = structuredClone(bodies.get(note.label) ?? []);
        const back = h('a.backlink', { href: `#${note.refId}`, role: 'doc-backlink', 'aria-label': `Back to note ${note.number} reference` }, '↩');
        const number = h('span.note-number', `${note.number}.`);
        prependInline(body, [number, { type: 'text', value: ' ' }]);
        appendInline(body, [{ type: 'text', value: ' ' }, back]);
        return h('aside.footnote', { id: note.id, role: 'doc-footnote', ...(target === 'epub' ? { 'epub:type': 'footnote' } : {}) }, body);
      });
      tree.children.push(h('section.footnotes', { 'aria-label': 'Notes' }, asides));
    }
    file.data.notes = [...notes.values()];
  };
}

function isNoteLink(node: ElementContent): node is Element {
  return node.type === 'element' && node.tagName === 'a' && 'dataFootnoteRef' in node.properties;
}

/** Removes remark-rehype's footnote section and returns each note's content (without its back link) by label. */
function takeNoteBodies(tree: Root): Map<string, ElementContent[]> {
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
    bodies.set(label, node.children.filter((child) => !(child.type === 'text' && child.value.trim() === '')));
    return SKIP;
  });
  return bodies;
}

/** Drops the whitespace remark-rehype leaves where the back link it made stood. */
function trimEnd(children: ElementContent[]) {
  while (children.at(-1)?.type === 'text' && (children.at(-1) as { value: string }).value.trim() === '') children.pop();
  const last = children.at(-1);
  if (last?.type === 'text') last.value = last.value.trimEnd();
}

/** Paragraphs become spans, since a print note sits inside the paragraph that calls it. */
function inlineParagraphs(body: ElementContent[]): ElementContent[] {
  return structuredClone(body).map((node) =>
    node.type === 'element' && node.tagName === 'p'
      ? (trimEnd(node.children), { ...node, tagName: 'span', properties: { className: ['footnote-p'] } })
      : node,
  );
}

function prependInline(body: ElementContent[], nodes: ElementContent[], paragraphTag = 'p') {
  const first = body[0];
  if (first?.type === 'element' && first.tagName === paragraphTag) first.children.unshift(...nodes);
  else body.unshift(...nodes);
}

function appendInline(body: ElementContent[], nodes: ElementContent[]) {
  const last = body.at(-1);
  if (last?.type === 'element' && last.tagName === 'p') {
    trimEnd(last.children);
    last.children.push(...nodes);
  }
  else body.push(...nodes);
}
