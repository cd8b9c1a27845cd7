import type { Element, ElementContent, Root, Text } from 'hast';
import { isElement } from 'hast-util-is-element';
import { toString } from 'hast-util-to-string';
import { SKIP, visit } from './util/visit.js';
import type { VFile } from 'vfile';
import { ChildEdits } from './util/child-edits.js';
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
  ar: 'شكل',
};

/** The script a book's captions are written in, for languages whose script tells them from an English alt text. */
const scripts: Record<string, RegExp> = {
  ar: /\p{Script=Arabic}/u,
  fa: /\p{Script=Arabic}/u,
  he: /\p{Script=Hebrew}/u,
  ru: /\p{Script=Cyrillic}/u,
  uk: /\p{Script=Cyrillic}/u,
  el: /\p{Script=Greek}/u,
  zh: /\p{Script=Han}/u,
  ja: /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u,
  ko: /\p{Script=Hangul}/u,
};

/** `{#fig:name}` after an image, as pandoc-crossref writes it. */
const idMark = /^\s*\{#fig:([\p{L}\p{N}_.-]+)\}\s*$/u;
/**
 * A label typed into a caption (`Figure 1-1.`, `图 1`, `شكل 1`): dropped when Folio numbers the figure itself, set in
 * the book's language otherwise. A paragraph that opens with one, right after an image, is the source's caption.
 */
const typedLabel = /^(Figure|Fig\.|Abbildung|Figura|Figuur|Рисунок|图|圖|図|شكل)\s*([\p{N}][\p{N}.\-–]*?)[.:]?(?:\s+|$)/u;

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
  const language = primaryLanguage(options.language ?? 'en');
  const label = labels[language] ?? labels.en!;
  const counter = options.counter ?? { count: 0 };
  return (tree: Root, file: VFile) => {
    let inChapter = 0;
    const labelsById = new Map<string, string>();
    const figures: Array<{ id?: string; label?: string }> = [];
    // Captions taken from the paragraph after an image go once the walk is done, all together: removing each as
    // found copied the rest of the chapter per figure.
    const edits = new ChildEdits();
    const takenCaptions = new Set<ElementContent | Root['children'][number]>();
    visit(tree, 'element', (node: Element, index, parent) => {
      if (takenCaptions.has(node)) return SKIP;
      if (node.tagName !== 'p' || !parent || index === undefined) return;
      const image = node.children.find((child) => isElement(child, 'img'));
      if (!image || !isElement(image)) return;
      const rest = node.children.filter((child) => child !== image);
      const restText = rest.map((child) => (child.type === 'text' ? child.value : isElement(child) ? '\u0000' : '')).join('');
      const mark = idMark.exec(restText);
      if (restText.trim() !== '' && !mark) return;

      const title = typeof image.properties.title === 'string' ? image.properties.title : undefined;
      const alt = typeof image.properties.alt === 'string' ? image.properties.alt : '';
      const written = sourceCaption(parent.children, index);
      let caption: ElementContent[] = written ? written.content : [text((title ?? alt).trim(), node)];
      // An alt text in English is no caption for a book in another script (an untranslated description); it stays the image's description.
      if (!written && title === undefined && foreignToBook(alt, language)) caption = [];
      let number: string | undefined;
      if (numbering !== 'none') {
        inChapter++;
        counter.count++;
        number = numbering === 'chapter' && file.data.chapterNumber ? `${file.data.chapterNumber}.${inChapter}` : String(counter.count);
        caption = withoutLabel(caption);
      } else {
        caption = withOwnLabel(caption, label, node);
      }
      if (written) {
        takenCaptions.add(parent.children[written.index]!);
        edits.replace(parent, written.index, []);
      }
      const id = mark ? figureId(mark[1]!) : undefined;
      const figureLabel = number ? `${label}\u00A0${number}` : undefined;
      if (id && figureLabel) labelsById.set(id, figureLabel);
      figures.push({ id, label: figureLabel });

      const captionChildren: ElementContent[] = [];
      const hasCaption = toString({ type: 'root', children: caption }).trim() !== '';
      if (figureLabel) {
        captionChildren.push(span('figure-label', labelText(label, figureLabel), node));
        if (hasCaption) captionChildren.push(text(' ', node));
      }
      if (hasCaption) captionChildren.push(...caption);
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
    edits.apply();

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

/** Chinese and Japanese captions set the label off with a space, Western ones with a full stop. */
function labelText(label: string, figureLabel: string): string {
  return /^[图図]/.test(label) ? figureLabel : `${figureLabel}.`;
}

/**
 * The source's own caption: the paragraph right after the image when it opens with a typed label ("Figure 1.",
 * "图 1", "شكل 1"), often in emphasis, as Asciidoctor and pandoc write captions out. Its inline content (links,
 * code, emphasis inside) becomes the figcaption and the paragraph goes, so the caption is not printed twice.
 */
function sourceCaption(siblings: Root['children'], index: number): { index: number; content: ElementContent[] } | undefined {
  let next = index + 1;
  while (next < siblings.length && siblings[next]!.type === 'text' && (siblings[next] as Text).value.trim() === '') next++;
  const paragraph = siblings[next];
  if (!paragraph || !isElement(paragraph, 'p')) return;
  const children = paragraph.children.filter((child) => child.type !== 'text' || child.value.trim() !== '');
  if (children.some((child) => isElement(child, 'img'))) return;
  const only = children.length === 1 ? children[0] : undefined;
  const content = only && isElement(only) && (only.tagName === 'em' || only.tagName === 'strong') ? only.children : paragraph.children;
  if (!typedLabel.test(toString({ type: 'root', children: content }).trimStart())) return;
  return { index: next, content: trimmed(content) };
}

/** Leading and trailing white space of a run of inline nodes removed (the caption starts at its first letter). */
function trimmed(content: ElementContent[]): ElementContent[] {
  const out = content.map((child) => (child.type === 'text' ? { ...child } : child));
  const first = out[0];
  if (first?.type === 'text') first.value = first.value.trimStart();
  const last = out.at(-1);
  if (last?.type === 'text') last.value = last.value.trimEnd();
  return out.filter((child) => child.type !== 'text' || child.value !== '');
}

/** The caption with the label typed at its start removed: Folio numbers the figure itself. */
function withoutLabel(caption: ElementContent[]): ElementContent[] {
  const first = caption[0];
  if (first?.type !== 'text' || !typedLabel.test(first.value)) return caption;
  return [{ ...first, value: first.value.replace(typedLabel, '') }, ...caption.slice(1)].filter((child) => child.type !== 'text' || child.value !== '');
}

/**
 * Unnumbered, the typed label stays, set as a label, in the book's language: a translation that kept the source's
 * "Figure 1." reads "شكل 1." in an Arabic book. A label already in the book's language is left as written.
 */
function withOwnLabel(caption: ElementContent[], label: string, from: Element): ElementContent[] {
  const first = caption[0];
  const match = first?.type === 'text' ? typedLabel.exec(first.value) : null;
  if (!first || first.type !== 'text' || !match || match[1] === label || (label === 'Figure' && match[1] === 'Fig.')) return caption;
  const rest = first.value.slice(match[0].length);
  const labelled = span('figure-label', labelText(label, `${label}\u00A0${match[2]}`), from);
  return [labelled, ...(rest || caption.length > 1 ? [text(' ', from)] : []), ...(rest ? [{ ...first, value: rest }] : []), ...caption.slice(1)];
}

/** A text with Latin letters and none of the script the book's language is written in. */
function foreignToBook(value: string, language: string): boolean {
  const script = scripts[language];
  return Boolean(script) && /\p{Script=Latin}/u.test(value) && !script!.test(value);
}

function text(value: string, from: Element): Text {
  return { type: 'text', value, position: from.position };
}

function span(className: string, value: string, from: Element): Element {
  return { type: 'element', tagName: 'span', properties: { className: [className] }, children: [text(value, from)], position: from.position };
}
