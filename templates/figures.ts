import type { Element, ElementContent, Root, Text } from 'hast';
import { isElement } from 'hast-util-is-element';
import { toString } from 'hast-util-to-string';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { primaryLanguage } from './util/language.js';

/** How figures are numbered: not at all, per chapter (`Figure 3.2`) or through the book (`Figure 12`). */
export type FigureNumbering = 'none' | 'chapter' | 'book';

export interface FiguresOptions {
  /** `none` (default: captions as written), `chapter` (`Figure 3.2`) or `book` (`Figure 12`). */
  numbering?: FigureNumbering;
  /** The book's language, for the caption label (`Figure`, `Abbildung`, `图`). Default `en`. */
  language?: string;
  /** With `numbering: book`, the count of figures in the chapters before, shared by the caller. Default: one per processor. */
  counter?: { count: number };
}

/** The caption label in the book's language; English for languages not listed. */
const labels: Record<string, string> = {
  en: 'Figure',
  fr: 'Figure',
  de: 'Abbildung',
  es: 'Figura',
  it: 'Figura',
  pt: 'Figura',
  nl: 'Figuur',
  ru: 'Рисунок',
  zh: '图',
  ja: '図',
};

/** `{#fig:name}` after an image, as pandoc-crossref writes it. */
const idMark = /^\s*\{#fig:([\p{L}\p{N}_.-]+)\}\s*$/u;
/** A label the author typed into the caption (`Figure 1-1.`), dropped when Folio numbers the figure itself. */
const typedLabel = /^(?:Figure|Fig\.)\s+[\p{N}.\-–]+[.:]?\s+/u;

/** `fig:name` ids as HTML ids: a colon is not allowed in the XML ids EPUBCheck checks. */
export function figureId(name: string): string {
  return `fig-${name}`;
}

/**
 * An image alone in its paragraph is a figure: `<figure>` with the image (its alt text stays the description)
 * and a `<figcaption>` from the image's title, else its alt text, numbered per chapter or through the book when
 * `numbering` asks for it. `![Caption](a.png){#fig:name}` gives the figure the id `fig-name`; links to `#fig:name`
 * are pointed at it, and an empty link text becomes the figure's label (`[](#fig:name)` → "Figure 3.2").
 * The chapter's number comes from `file.data.chapterNumber` (set by the transform stage); the labels go to
 * `file.data.figures` for emitters.
 */
export default function rehypeFigures(options: FiguresOptions = {}) {
  const numbering = options.numbering ?? 'none';
  const label = labels[primaryLanguage(options.language ?? 'en')] ?? labels.en!;
  const counter = options.counter ?? { count: 0 };
  return (tree: Root, file: VFile) => {
    let inChapter = 0;
    const labelsById = new Map<string, string>();
    const figures: Array<{ id?: string; label?: string }> = [];
    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.tagName !== 'p' || !parent || index === undefined) return;
      const image = node.children.find((child) => isElement(child, 'img'));
      if (!image || !isElement(image)) return;
      const rest = node.children.filter((child) => child !== image);
      const restText = rest.map((child) => (child.type === 'text' ? child.value : isElement(child) ? '\u0000' : '')).join('');
      const mark = idMark.exec(restText);
      if (restText.trim() !== '' && !mark) return;

      const title = typeof image.properties.title === 'string' ? image.properties.title : undefined;
      const alt = typeof image.properties.alt === 'string' ? image.properties.alt : '';
      let caption = (title ?? alt).trim();
      let number: string | undefined;
      if (numbering !== 'none') {
        inChapter++;
        counter.count++;
        number = numbering === 'chapter' && file.data.chapterNumber ? `${file.data.chapterNumber}.${inChapter}` : String(counter.count);
        caption = caption.replace(typedLabel, '');
      }
      const id = mark ? figureId(mark[1]!) : undefined;
      const figureLabel = number ? `${label}\u00A0${number}` : undefined;
      if (id && figureLabel) labelsById.set(id, figureLabel);
      figures.push({ id, label: figureLabel });

      const captionChildren: ElementContent[] = [];
      if (figureLabel) {
        // Chinese and Japanese captions set the label off with a space, Western ones with a full stop.
        captionChildren.push(span('figure-label', /^[图図]/.test(label) ? figureLabel : `${figureLabel}.`, node));
        if (caption) captionChildren.push(text(' ', node));
      }
      if (caption) captionChildren.push(text(caption, node));
      const children: ElementContent[] = [{ ...image, properties: { ...image.properties, title: undefined } }];
      if (captionChildren.length) children.push({ type: 'element', tagName: 'figcaption', properties: {}, children: captionChildren, position: node.position });
      parent.children[index] = {
        type: 'element',
        tagName: 'figure',
        properties: { id, className: ['figure'] },
        children,
        position: node.position,
      };
      return SKIP;
    });

    // Links to `#fig:name` (in this chapter or another) point at the figure's HTML id.
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'a' || typeof node.properties.href !== 'string') return;
      const match = /^(.*)#fig:([\p{L}\p{N}_.-]+)$/u.exec(node.properties.href);
      if (!match) return;
      const id = figureId(match[2]!);
      node.properties.href = `${match[1]}#${id}`;
      const known = labelsById.get(id);
      if (known && toString(node).trim() === '') node.children = [text(known, node)];
    });
    file.data.figures = figures;
  };
}

function text(value: string, from: Element): Text {
  return { type: 'text', value, position: from.position };
}

function span(className: string, value: string, from: Element): Element {
  return { type: 'element', tagName: 'span', properties: { className: [className] }, children: [text(value, from)], position: from.position };
}
