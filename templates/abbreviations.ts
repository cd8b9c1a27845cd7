import type { Element, ElementContent, Root, Text } from 'hast';
import { SKIP, visit } from './util/visit.js';
import { verbatimTags } from './util/text.js';

export interface AbbreviationsOptions {
  /** Words never marked even though they match the rule (brand names set in capitals, say). Default none. */
  ignore?: string[];
  /**
   * Product names whose capitals stay as written: a word inside one is never marked, so "Mac OS X" does not
   * become "Mac os X". Default `productNames`.
   */
  names?: string[];
}

/** Names of products and standards written with capitals that are part of the name, not abbreviations to set small. */
export const productNames = ['Mac OS X', 'OS X', 'macOS', 'iOS', 'MS-DOS', 'PC-DOS', 'IBM PC', 'AT&T', 'TeX', 'LaTeX', 'MySQL', 'PostgreSQL', 'GNU/Linux', 'X Window System', 'Windows NT', 'OS/2'];

/** Where abbreviations are left as typed: code, links (their text is often a name or address), headings and names. */
const skipped = new Set([...verbatimTags, 'a', 'abbr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'title', 'nav']);

/**
 * A word is an abbreviation when it starts with a capital, has at least two capitals, and never two
 * lower-case letters in a row: AGI, API, CCTV, IPO, B2B, R&D, MoE, PhD, and dotted initialisms like U.S.
 * DeepSeek, ByteDance or ChatGPT have lower-case runs and stay words; V2 and R1 have one capital and stay
 * model names; 1st and 3/4 start with a digit and stay as typed. A plural `s` (GPUs, SMEs) stays outside
 * the `<abbr>`, so it is not set in small caps. Lone roman numerals (II, IV, XIV) are numbers, and a unit
 * after a number (3 GB) is a unit: neither is marked. Brand names in capitals (NVIDIA) are marked like
 * any initialism; list them in `ignore` to keep them full size.
 */
const candidate = /(?<![\p{L}\p{N}&.])(\p{Lu}(?:[\p{L}\p{N}]|&(?=\p{Lu}))+?)(s?)(?![\p{L}\p{N}&])|(?<![\p{L}\p{N}.])((?:\p{Lu}\.){2,})(?!\p{L})/gu;

export function isAbbreviation(word: string): boolean {
  if ((word.match(/\p{Lu}/gu) ?? []).length < 2) return false;
  if (/\p{Ll}{2}/u.test(word)) return false;
  return !/^[IVX]+$/.test(word);
}

/**
 * Wraps all-capital abbreviations in `<abbr>` so stylesheets set them in small capitals and screen readers
 * can spell them; a run of three or more capital words is shouting, not abbreviations, and is left alone.
 */
export default function rehypeAbbreviations(options: AbbreviationsOptions = {}) {
  const ignore = new Set(options.ignore ?? []);
  const names = options.names ?? productNames;
  return (tree: Root) => {
    visit(tree, (node) => {
      if (node.type === 'element') {
        const element = node as Element;
        const classes = Array.isArray(element.properties.className) ? element.properties.className : [];
        if (skipped.has(element.tagName) || classes.includes('speaker')) return SKIP;
      }
      if (node.type !== 'element' && node.type !== 'root') return;
      // The parent's children are rebuilt in one pass: a splice per text node would move all the later siblings
      // each time, quadratic in a huge paragraph. The `<abbr>` made here are skipped when the walk reaches them.
      const parent = node as Element;
      if (!parent.children.some((child) => child.type === 'text')) return;
      parent.children = parent.children.flatMap((child) => (child.type === 'text' ? split(child, ignore, names) : [child]));
    });
  };
}

function split(node: Text, ignore: Set<string>, names: string[]): ElementContent[] {
  const value = node.value;
  // Spans of the text inside a product name: nothing there is marked.
  const inNames: Array<[number, number]> = [];
  for (const name of names) for (let at = value.indexOf(name); at !== -1; at = value.indexOf(name, at + 1)) inNames.push([at, at + name.length]);
  if (/(?:\p{Lu}{2,}[\s,;:!?.'’-]+){2,}\p{Lu}{2,}/u.test(value)) return [node];
  const pieces: ElementContent[] = [];
  let last = 0;
  for (const match of value.matchAll(candidate)) {
    const word = match[1] ? (match[2] && /\p{Lu}$/u.test(match[1]) ? match[1] : match[1] + match[2]) : match[3]!;
    if (!word || ignore.has(word) || (match[1] && !isAbbreviation(word))) continue;
    const start = match.index!;
    if (inNames.some(([from, to]) => start >= from && start < to)) continue;
    // A unit after a number (3 GB, 2 GHz) is read as a unit, not spelled out, and keeps its case.
    if (/\d[\s\u00A0]?$/.test(value.slice(Math.max(0, start - 2), start))) continue;
    if (start > last) pieces.push({ type: 'text', value: value.slice(last, start) });
    pieces.push({ type: 'element', tagName: 'abbr', properties: {}, children: [{ type: 'text', value: word }], position: node.position });
    last = start + word.length;
  }
  if (pieces.length === 0) return [node];
  if (last < value.length) pieces.push({ type: 'text', value: value.slice(last) });
  return pieces;
}
