import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import { SKIP, visit } from './util/visit.js';
import type { VFile } from 'vfile';
import type { Note, Target } from '../src/types.js';
import { ChildEdits } from './util/child-edits.js';
import { fill, generatedText, type GeneratedText } from './util/generated-text.js';
import { appendInline, inlineNoteBody, prependInline, takeNoteBodies } from './util/note-bodies.js';

/** Notes numbered so far in the book; owned by the caller and shared by its chapters for `numbering: 'book'`. */
export interface NoteCounter {
  count: number;
}

export interface FootnotesOptions {
  /**
   * How notes are rendered. `pdf`: the note body is placed at its reference as `span.footnote`, which the
   * print stylesheet floats to the foot of the page. `epub`: `aside[epub:type=footnote]` after the text,
   * so reading systems show pop-ups. `html`: the same asides at the chapter end, and at each reference a
   * button opening the note as a popover (`span.note-popup[popover]`) so the reader stays where they are.
   * Default `html`.
   */
  target?: Target;
  /** `chapter`: every chapter starts again at 1. `book`: numbers run on across chapters through `counter`. Default `chapter`. */
  numbering?: 'chapter' | 'book';
  /** Required with `numbering: 'book'`: one object for the whole book, so the next chapter continues the count. */
  counter?: NoteCounter;
  /** `numbers` (1, 2, 3) or `symbols` (*, †, ‡, §, ‖, ¶, then doubled: **, ††…). Default `numbers`. */
  style?: 'numbers' | 'symbols';
  /** Accessible names, in the book's language (`{marker}` is the note's number). Default: English. */
  labels?: Pick<GeneratedText, 'notes' | 'note' | 'backToNote'>;
}

const symbols = ['*', '†', '‡', '§', '‖', '¶'];

/**
 * Turns GFM footnotes (as remark-rehype emits them) into book notes: one number per label in order of
 * first reference (a note referenced twice keeps its number), EPUB 3 `noteref`/`footnote` semantics with
 * DPUB-ARIA roles, ids unique in the book. A reference may sit anywhere text can: a table cell, a list,
 * a block quote, a heading. Sets `file.data.notes`.
 */
export default function rehypeFootnotes(options: FootnotesOptions = {}) {
  const target = options.target ?? 'html';
  const numbering = options.numbering ?? 'chapter';
  const style = options.style ?? 'numbers';
  const labels = options.labels ?? generatedText('en');
  if (numbering === 'book' && !options.counter) throw new Error('rehypeFootnotes: `numbering: "book"` needs a `counter` shared by the chapters');
  const markerOf = (number: number) =>
    style === 'symbols' ? symbols[(number - 1) % symbols.length]!.repeat(Math.floor((number - 1) / symbols.length) + 1) : String(number);

  return (tree: Root, file: VFile) => {
    const counter = numbering === 'book' ? options.counter! : { count: 0 };
    const prefix = file.data.chapterId ? `${file.data.chapterId}-` : '';
    const bodies = takeNoteBodies(tree);
    const notes = new Map<string, Note>();
    const references: Array<{ sup: Element; parent: Element | Root; index: number; label: string }> = [];

    visit(tree, 'element', (node: Element, index, parent) => {
      const link = node.tagName === 'sup' ? node.children.find(isNoteLink) : undefined;
      if (!link || !parent || index === undefined) return;
      const label = String(link.properties.href).replace(/^#fn-/, '');
      if (!notes.has(label)) {
        counter.count += 1;
        const number = counter.count;
        notes.set(label, { label, number, marker: markerOf(number), id: `fn-${prefix}${number}`, refId: `fnref-${prefix}${number}` });
      }
      references.push({ sup: node, parent: parent as Element | Root, index, label });
      return SKIP;
    });

    const seen = new Map<string, number>();
    const edits = new ChildEdits();
    for (const { sup, parent, index, label } of references) {
      const note = notes.get(label)!;
      const occurrence = (seen.get(label) ?? 0) + 1;
      seen.set(label, occurrence);
      const nodes =
        target === 'pdf'
          ? printReference(note, occurrence === 1 ? bodies.get(label) ?? [] : undefined)
          : target === 'epub'
            ? [linkReference(note, occurrence === 1)]
            : screenReference(note, occurrence, bodies.get(label) ?? [], labels.note);
      for (const node of nodes) copyPosition(node, sup);
      edits.replace(parent, index, nodes);
    }
    edits.apply();

    if (target !== 'pdf' && notes.size > 0) {
      const asides = [...notes.values()].map((note) => {
        const body = structuredClone(bodies.get(note.label) ?? []);
        const back = h('a.backlink', { href: `#${note.refId}`, role: 'doc-backlink', 'aria-label': fill(labels.backToNote, { marker: note.marker }) }, '↩');
        prependInline(body, [noteNumber(note), { type: 'text', value: ' ' }], 'p');
        appendInline(body, [{ type: 'text', value: ' ' }, back]);
        return h('aside.footnote', { id: note.id, role: 'doc-footnote', ...(target === 'epub' ? { 'epub:type': 'footnote' } : {}) }, body);
      });
      tree.children.push(h('section.footnotes', { 'aria-label': labels.notes }, asides));
    }
    file.data.notes = [...notes.values()];
  };
}

/**
 * Print: the call stays in the text and the body follows it, floated to the foot of the page by print.css.
 * Numbers are written out rather than left to paged.js counters, which run across the whole book. Later
 * references to the same note only repeat the call.
 */
function printReference(note: Note, body: ElementContent[] | undefined): Element[] {
  const call = h('sup.note-call', note.marker);
  if (!body) return [call];
  const content = inlineNoteBody(body);
  prependInline(content, [noteNumber(note), { type: 'text', value: ' ' }], 'p');
  return [call, h('span.footnote', { id: note.id, role: 'doc-footnote' }, content)];
}

/** EPUB: a link to the aside, which reading systems open as a pop-up because of `epub:type`. */
function linkReference(note: Note, first: boolean): Element {
  const anchor = h('a.noteref', { href: `#${note.id}`, id: first ? note.refId : undefined, role: 'doc-noteref', 'epub:type': 'noteref' }, note.marker);
  return h('sup', [anchor]);
}

/**
 * Screen: a button that opens the note as a popover right there (no script, no jump), with the asides at
 * the chapter end as the fallback where popovers are not supported.
 */
function screenReference(note: Note, occurrence: number, body: ElementContent[], label: string): Element[] {
  const popupId = `${note.id}-popup-${occurrence}`;
  const button = h(
    'button.noteref',
    { type: 'button', id: occurrence === 1 ? note.refId : undefined, popovertarget: popupId, 'aria-label': fill(label, { marker: note.marker }) },
    note.marker,
  );
  const content = inlineNoteBody(body);
  prependInline(content, [noteNumber(note), { type: 'text', value: ' ' }], 'p');
  return [h('sup.noteref', [button]), h('span.note-popup', { id: popupId, popover: 'auto', role: 'note' }, content)];
}

function noteNumber(note: Note): Element {
  return h('span.note-number', /^\d+$/.test(note.marker) ? `${note.marker}.` : note.marker);
}

function copyPosition(node: Element, from: Element) {
  node.position = from.position;
  for (const child of node.children) if (child.type === 'element' && !child.position) child.position = from.position;
}

function isNoteLink(node: ElementContent): node is Element {
  return node.type === 'element' && node.tagName === 'a' && 'dataFootnoteRef' in node.properties;
}
