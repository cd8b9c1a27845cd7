import type { Element, ElementContent, Properties, Root, Text } from 'hast';
import { blockTags, directionOf, ownLanguage, primaryLanguage } from './util/language.js';
import { textOf, verbatimTags } from './util/text.js';

export interface MixedScriptsOptions {
  /** The book's language: text in another script than its own is marked. Default `en`. */
  language?: string;
  /** Language given to Han text that has no kana or hangul beside it. Default `zh`. */
  hanLanguage?: string;
}

const cjkLetter = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}\\u30FC\\u3005';
const cjkPunctuation = '\\u3000-\\u303F\\uFF01-\\uFF0F\\uFF1A-\\uFF20\\uFF3B-\\uFF40\\uFF5B-\\uFF65·';
const rtlLetter = '\\p{Script=Arabic}\\p{Script=Hebrew}';
/**
 * What stays with the letter before it: combining marks (Arabic tanween and harakat, Hebrew points), tatweel,
 * ZWJ and ZWNJ, variation selectors. A span that ended before one of them would break the joining and leave
 * the mark floating, so a run always takes them.
 */
const clusterTail = '\\p{M}\\u0640\\u200C\\u200D\\uFE00-\\uFE0F';
/** A run of one script family; spaces and digits inside it belong to it, but not at its ends. */
const runs = new RegExp(
  `[${cjkLetter}](?:[${cjkLetter}${cjkPunctuation}${clusterTail}]|[\\s\\d]+(?=[${cjkLetter}]))*[${cjkPunctuation}]*` +
    `|[${rtlLetter}](?:[${rtlLetter}${clusterTail}\\u060C\\u061B\\u061F\\u06D4\\u05BE\\u05C3]|[\\s\\d]+(?=[${rtlLetter}]))*`,
  'gu',
);
/**
 * A left-to-right phrase inside right-to-left text: from a Latin letter (or the bracket or quote opening it) to
 * the last Latin letter, digit or closing bracket, so the sentence's own final `!` or `.` stays outside.
 */
const ltrRun = new RegExp(`[(\\[“‘"']?\\p{Script=Latin}(?:[^${rtlLetter}\\n]*[\\p{Script=Latin}\\p{N}${clusterTail})\\]”’"'])?`, 'gu');
const cjkSegmentBreak = new RegExp(`([${cjkLetter}${cjkPunctuation}])[ \\t]*\\n[ \\t]*(?=[${cjkLetter}${cjkPunctuation}])`, 'gu');
/**
 * Right-to-left letters on both sides, within one text node: only then is the phrase isolated on its own. Tried
 * at the phrase's ends (sticky, the one before as a lookbehind), so no text is copied or scanned from its start
 * for each phrase.
 */
const rtlBefore = new RegExp(`(?<=[${rtlLetter}][${clusterTail}]*[^\\p{L}]*)`, 'uy');
const rtlAfter = new RegExp(`[^\\p{L}]*[${rtlLetter}]`, 'uy');
function rtlOnBothSides(text: string, start: number, end: number): boolean {
  rtlBefore.lastIndex = start;
  if (!rtlBefore.test(text)) return false;
  rtlAfter.lastIndex = end;
  return rtlAfter.test(text);
}

/** Languages that write a script natively: text in that script needs no mark inside them. */
const nativeTo: Array<[RegExp, string[]]> = [
  [/\p{Script=Hangul}/u, ['ko']],
  [/[\p{Script=Hiragana}\p{Script=Katakana}]/u, ['ja']],
  [/\p{Script=Han}/u, ['zh', 'ja', 'ko', 'yue', 'wuu', 'lzh']],
  [/\p{Script=Arabic}/u, ['ar', 'fa', 'ur', 'ps', 'sd', 'ug', 'ku']],
  [/\p{Script=Hebrew}/u, ['he', 'yi', 'iw']],
];

/** Blocks that may take the language of their text as a whole, instead of a span inside. */
const ownBlocks = new Set(['p', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'td', 'th', 'dt', 'dd', 'figcaption']);

/**
 * Marks runs of Han, kana, hangul, Arabic and Hebrew inside text of another language with
 * `<span lang>` (and `dir="rtl"` for right-to-left scripts), so fonts, line breaking and screen readers
 * do the right thing. A block written wholly in one such script gets the `lang` itself. Text inside an
 * inline element that already has a `lang` is the author's choice and is left alone; a block with a
 * `lang` sets the language its runs are compared with.
 */
export default function rehypeMixedScripts(options: MixedScriptsOptions = {}) {
  const bookLanguage = options.language ?? 'en';
  const hanLanguage = options.hanLanguage ?? 'zh';
  const languageOf = (run: string): { lang: string; rtl: boolean } => {
    if (/\p{Script=Arabic}/u.test(run)) return { lang: 'ar', rtl: true };
    if (/\p{Script=Hebrew}/u.test(run)) return { lang: 'he', rtl: true };
    if (/\p{Script=Hangul}/u.test(run)) return { lang: 'ko', rtl: false };
    if (/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(run)) return { lang: 'ja', rtl: false };
    return { lang: hanLanguage, rtl: false };
  };
  const isNative = (run: string, context: string) =>
    nativeTo.some(([script, languages]) => script.test(run) && languages.includes(primaryLanguage(context)));

  const walk = (parent: Root | Element, language: string) => {
    if (directionOf(language) === 'rtl') isolateAcrossChildren(parent);
    // The children rebuilt in one pass, each text with its runs cut out: splicing each into place copied the rest.
    const rebuilt: Array<Root['children'][number]> = [];
    for (const child of parent.children) {
      rebuilt.push(child);
      if (child.type === 'element') {
        if (verbatimTags.has(child.tagName)) {
          // Code reads left to right even in an Arabic book; `dir` isolates it (EPUB CSS may not say `direction`).
          if (['pre', 'code', 'kbd', 'samp'].includes(child.tagName) && directionOf(language) === 'rtl' && child.properties.dir === undefined) {
            child.properties = { ...child.properties, dir: 'ltr' };
          }
          continue;
        }
        const own = ownLanguage(child);
        if (own !== undefined && !blockTags.has(child.tagName)) continue;
        if (own === undefined && ownBlocks.has(child.tagName)) {
          const whole = wholeBlockRun(child);
          if (whole && !isNative(whole, language)) {
            const { lang, rtl } = languageOf(whole);
            child.properties = { ...child.properties, lang, ...(rtl ? { dir: 'rtl' } : {}) };
          }
        }
        walk(child, ownLanguage(child) ?? language);
        continue;
      }
      if (child.type !== 'text') continue;
      // A line break in the source between two CJK characters is no space (CSS Text's segment break rule, which
      // Chromium does not apply): 「です。\nまず」 reads 「です。まず」, not with a gap.
      child.value = child.value.replace(cjkSegmentBreak, '$1');
      const rtlContext = directionOf(language) === 'rtl';
      const pieces = splitRuns(child, rtlContext ? ltrRun : runs, (run, start) => {
        // Latin in a right-to-left line is isolated, so its words and the sentence around it keep their order.
        if (rtlContext && /\p{Script=Latin}/u.test(run)) return rtlOnBothSides(child.value, start, start + run.length) ? { dir: 'ltr' } : undefined;
        if (isNative(run, language)) return undefined;
        const { lang, rtl } = languageOf(run);
        return { lang, ...(rtl ? { dir: 'rtl' } : {}) };
      });
      if (pieces.length === 1) continue;
      rebuilt.pop();
      for (const piece of pieces) rebuilt.push(piece);
    }
    if (rebuilt.length !== parent.children.length) parent.children = rebuilt as typeof parent.children;
  };
  return (tree: Root) => walk(tree, bookLanguage);
}

/**
 * Isolates, as one `<span dir="ltr">`, each Latin phrase in right-to-left text that runs across several children
 * of `parent` (`Git <em>rebase</em> command`): isolated piece by piece, or not at all, its words and the
 * punctuation between them would be ordered by the Arabic around them. An element holding exactly one such
 * phrase takes `dir="ltr"` itself; a phrase that starts or ends inside a child element is left to its own text.
 */
function isolateAcrossChildren(parent: Root | Element): void {
  const children = parent.children;
  const texts = children.map((child) => (child.type === 'text' ? child.value : child.type === 'element' ? textOf(child) : ''));
  const whole = texts.join('');
  const offsets: number[] = [];
  texts.reduce((offset, text) => (offsets.push(offset), offset + text.length), 0);
  const childAt = childHolding(texts, offsets);
  const phrases: Array<{ start: number; end: number; first: number; last: number }> = [];
  for (const match of whole.matchAll(ltrRun)) {
    const start = match.index!;
    const end = start + match[0].length;
    const first = childAt(start);
    const last = childAt(end - 1);
    if (!rtlOnBothSides(whole, start, end)) continue;
    const only = children[first]!;
    if (first === last) {
      // A whole element of Latin (`<em>Pro Git</em>`) takes the `dir` itself; a phrase inside one text is split there.
      if (only.type === 'element' && start === offsets[first] && end === start + texts[first]!.length && only.properties.dir === undefined) {
        only.properties = { ...only.properties, dir: 'ltr' };
      }
      continue;
    }
    if (children[first]!.type !== 'text' && start !== offsets[first]) continue;
    if (children[last]!.type !== 'text' && end !== offsets[last]! + texts[last]!.length) continue;
    phrases.push({ start, end, first, last });
  }
  if (phrases.length === 0) return;
  // The children rebuilt in one pass. A text may hold the end of one phrase and the start of the next: what is
  // left of it after the first (`rest`, from `restOffset` in `whole`) is where the next one is cut from.
  const rebuilt: ElementContent[] = [];
  let next = 0;
  let rest: { index: number; node: Text; offset: number } | undefined;
  const current = (index: number) => (rest?.index === index ? rest : { node: children[index] as ElementContent, offset: offsets[index]! });
  for (const { start, end, first, last } of phrases) {
    for (let index = next; index < first; index++) rebuilt.push(current(index).node);
    const inside: ElementContent[] = [];
    for (let index = first; index <= last; index++) inside.push(current(index).node);
    let after: Text | undefined;
    const tail = inside.at(-1)!;
    if (tail.type === 'text' && end < offsets[last]! + tail.value.length) {
      const cut = end - offsets[last]!;
      after = { ...tail, value: tail.value.slice(cut) };
      inside[inside.length - 1] = { ...tail, value: tail.value.slice(0, cut) };
    }
    const { node: head, offset: headOffset } = current(first);
    if (head.type === 'text' && start > headOffset) {
      const cut = start - headOffset;
      rebuilt.push({ ...head, value: head.value.slice(0, cut) });
      inside[0] = { ...head, value: head.value.slice(cut) };
    }
    rebuilt.push({ type: 'element', tagName: 'span', properties: { dir: 'ltr' }, children: inside, position: head.position });
    rest = after && { index: last, node: after, offset: end };
    next = after ? last : last + 1;
  }
  for (let index = next; index < children.length; index++) rebuilt.push(current(index).node);
  parent.children = rebuilt as typeof parent.children;
}

/**
 * The index of the child whose text holds a position of the parent's text (`offsets`: where each child's text
 * starts), found by bisection among the children that have text: asked per phrase, a scan was quadratic.
 */
function childHolding(texts: string[], offsets: number[]): (position: number) => number {
  const withText = texts.flatMap((text, index) => (text.length > 0 ? [index] : []));
  return (position) => {
    let low = 0;
    let high = withText.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (offsets[withText[middle]!]! <= position) low = middle + 1;
      else high = middle;
    }
    return low === 0 ? -1 : withText[low - 1]!;
  };
}

/** The block's text when all its letters are one run of one script family (a Chinese paragraph in an English book). */
function wholeBlockRun(block: Element): string | undefined {
  const text = textOf(block).trim();
  const found = [...text.matchAll(runs)].map((match) => match[0]);
  if (found.length !== 1) return undefined;
  const rest = text.replace(found[0]!, '');
  return /\p{L}/u.test(rest) ? undefined : found[0];
}

/** The node cut into text and `<span>`s around the runs `pattern` finds that `mark` (given where each starts) gives attributes to. */
function splitRuns(node: Text, pattern: RegExp, mark: (run: string, start: number) => Properties | undefined): ElementContent[] {
  const pieces: ElementContent[] = [];
  let last = 0;
  for (const match of node.value.matchAll(pattern)) {
    const how = mark(match[0], match.index!);
    if (!how) continue;
    if (match.index! > last) pieces.push({ type: 'text', value: node.value.slice(last, match.index) });
    pieces.push({
      type: 'element',
      tagName: 'span',
      properties: how,
      children: [{ type: 'text', value: match[0] }],
      position: node.position,
    });
    last = match.index! + match[0].length;
  }
  if (pieces.length === 0) return [node];
  if (last < node.value.length) pieces.push({ type: 'text', value: node.value.slice(last) });
  return pieces;
}
