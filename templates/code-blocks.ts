import type { Element, ElementContent, Root, RootContent } from 'hast';
import { isElement } from 'hast-util-is-element';
import { toString } from 'hast-util-to-string';
import { common, createLowlight } from 'lowlight';
import { SKIP, visit } from './util/visit.js';
import type { VFile } from 'vfile';

export interface CodeBlocksOptions {
  /**
   * How many characters of code fit on one printed line; a listing line with a longer run of characters that has
   * no break opportunity (no space, `/`, `.`, `-`, …) is reported, since print must break it at an arbitrary
   * letter. The transform stage works it out from the trim; default 64 (a 6 × 9 in page at 8.5 pt).
   */
  columns?: number;
  /** Highlight code whose fence names a language (`ts`, `python`, `sh`…). Default `true`. */
  highlight?: boolean;
}

type Lowlight = ReturnType<typeof createLowlight>;

/** Where a long code line may wrap without hiding meaning: after spaces and the punctuation a reader expects. */
const breakable = /[\s/.,;:=&?\-_|()[\]{}<>]/;

/**
 * Code listings (`pre > code`), the same markup in every target:
 * - highlighted at build time by lowlight (highlight.js grammars, ~37 common languages) when the fence names a
 *   language it knows: `span.hljs-keyword` and friends, coloured by base.css; no script in the outputs;
 * - one `span.line` per source line, so a line too long for the measure wraps with a hanging indent and a
 *   continuation marker (base.css) instead of reading as a new line, and its leading spaces survive a page break;
 * - a run longer than `columns` with no break opportunity is a `code-line-unbreakable` warning at its line.
 */
export default function rehypeCodeBlocks(options: CodeBlocksOptions = {}) {
  const columns = options.columns ?? 64;
  const highlight = options.highlight ?? true;
  // Built per plugin instance (no module state); registering the common grammars takes ~0.2 s once per build.
  let lowlight: Lowlight | undefined;
  return (tree: Root, file: VFile) => {
    visit(tree, 'element', (pre: Element) => {
      if (pre.tagName !== 'pre') return;
      const code = pre.children.find((child) => isElement(child, 'code'));
      if (!code || !isElement(code)) return;
      const source = toString(code).replace(/\n$/, '');
      const language = languageOf(code);
      let highlighted: RootContent[] = [{ type: 'text', value: source }];
      if (highlight && language) {
        lowlight ??= createLowlight(common);
        if (lowlight.registered(language)) {
          highlighted = lowlight.highlight(language, source).children;
          pre.properties.className = [...classList(pre), 'highlighted'];
        }
      }
      code.children = toLines(highlighted, code);
      const firstLine = (code.position?.start.line ?? pre.position?.start.line ?? 0) + 1;
      source.split('\n').forEach((line, index) => {
        const run = longestUnbreakable(line);
        if (run.length <= columns) return;
        file.message(
          `Code line has ${run.length} characters without a break opportunity, more than the ${columns} that fit on a printed line: it is broken at the margin`,
          { place: { line: firstLine + index, column: line.indexOf(run) + 1 }, ruleId: 'code-line-unbreakable', source: 'folio' },
        );
      });
      return SKIP;
    });
  };
}

function classList(element: Element): string[] {
  const value = element.properties.className;
  return Array.isArray(value) ? value.map(String) : [];
}

/** `language-ts` → `ts`; `language-plaintext`, `text` and `console` output are left plain. */
function languageOf(code: Element): string | undefined {
  const token = classList(code).find((name) => name.startsWith('language-'));
  const language = token?.slice('language-'.length).toLowerCase();
  return language && !['text', 'plaintext', 'txt', 'output'].includes(language) ? language : undefined;
}

export function longestUnbreakable(line: string): string {
  let longest = '';
  for (const run of line.split(breakable)) if (run.length > longest.length) longest = run;
  return longest;
}

/** A highlighted token: its text and the classes of every span it sits in. */
interface Segment {
  value: string;
  classes: string[];
}

function segmentsOf(nodes: RootContent[], classes: string[], out: Segment[]): Segment[] {
  for (const node of nodes) {
    if (node.type === 'text') out.push({ value: node.value, classes });
    else if (node.type === 'element') segmentsOf(node.children, [...classes, ...classList(node)], out);
  }
  return out;
}

/**
 * Splits highlighted code into one `span.line` per source line. A token that spans lines (a block comment, a
 * multi-line string) is cut at each newline and keeps its classes on both sides. The newline stays at the end of
 * each line's span, so copied text and `textContent` keep their line breaks.
 */
function toLines(nodes: RootContent[], from: Element): ElementContent[] {
  const lines: ElementContent[][] = [[]];
  for (const segment of segmentsOf(nodes, [], [])) {
    segment.value.split('\n').forEach((part, index) => {
      if (index > 0) lines.push([]);
      if (!part) return;
      const text = { type: 'text' as const, value: part, position: from.position };
      lines.at(-1)!.push(
        segment.classes.length ? { type: 'element', tagName: 'span', properties: { className: segment.classes }, children: [text], position: from.position } : text,
      );
    });
  }
  return lines.map((children, index) => ({
    type: 'element',
    tagName: 'span',
    properties: { className: ['line'] },
    children: index < lines.length - 1 ? [...children, { type: 'text', value: '\n' }] : children,
    position: from.position,
  }));
}
