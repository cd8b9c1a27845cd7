import type { Element, Root, RootContent } from 'hast';
import type { VFile } from 'vfile';
import { blockTags, ownLanguage, primaryLanguage } from './util/language.js';
import { splitAtUrls, verbatimTags } from './util/text.js';
import { addNoBreakSpaces } from './util/no-break.js';

export interface TypographyOptions {
  /** Book language; quotes follow it, or the nearest `lang` attribute (curly English quotes as the fallback). Default `en`. */
  language?: string;
}

interface Marks {
  open: string;
  close: string;
  openSingle: string;
  closeSingle: string;
}

const english: Marks = { open: '“', close: '”', openSingle: '‘', closeSingle: '’' };
const quotes: Record<string, Marks> = {
  en: english,
  // Chinese sets the same curly quotes as English; Japanese uses corner brackets.
  zh: english,
  ja: { open: '「', close: '」', openSingle: '『', closeSingle: '』' },
  de: { open: '„', close: '“', openSingle: '‚', closeSingle: '‘' },
  // French guillemets hold the quotation with narrow no-break spaces, so they never part from it at a line end.
  fr: { open: '«\u202F', close: '\u202F»', openSingle: '‹\u202F', closeSingle: '\u202F›' },
  // Arabic and Persian open with « in logical order (bidi mirroring draws it pointing outward); Hebrew with „.
  ar: { open: '«', close: '»', openSingle: '‹', closeSingle: '›' },
  fa: { open: '«', close: '»', openSingle: '‹', closeSingle: '›' },
  he: { open: '„', close: '”', openSingle: '‚', closeSingle: '’' },
};

/** Words whose number is a name, not a quantity: a hyphen in it stays a hyphen. */
const labelBefore = /(?:Figure|Fig\.|Table|Listing|Example|Exhibit|Plate|RFC|ISO|ISBN|Section|§)\s*$/;

/** Elisions that open with an apostrophe, never a quote: ’tis, rock ’n’ roll, ’em. */
const leadingElision = /(?:n|tis|twas|em|cause|til|bout|round)(?![\p{L}])/iuy;
/** A decade after an apostrophe: ’90s, ’68. */
const decadeAfter = /\d\d(?:s\b|\b)/y;

/**
 * Curly quotes, apostrophes, dashes, ellipses and no-break spaces, as a typesetter would set them, in the
 * language of each element (`lang`, else the book's). Text already curly is left as it is; code,
 * preformatted text, raw markup attributes and URLs are never touched. Quote direction looks at the
 * character before, across element boundaries, so `"*word*"` still opens and closes correctly.
 */
export default function rehypeTypography(options: TypographyOptions = {}) {
  const bookLanguage = options.language ?? 'en';
  return (tree: Root, file: VFile) => {
    const state: QuoteState = { previous: '', inDouble: false };
    const walk = (children: RootContent[], language: string) => {
      for (const child of children) {
        if (child.type === 'text') {
          // Addresses in running text keep every character: a `--` or `'` in a URL is not punctuation.
          child.value = splitAtUrls(child.value)
            .map((part, index) => (index % 2 === 1 ? part : smarten(part, index === 0 ? state.previous : 'x', language, state)))
            .join('');
          state.previous = child.value.slice(-1) || state.previous;
          continue;
        }
        if (child.type !== 'element') continue;
        const element = child as Element;
        if (verbatimTags.has(element.tagName)) {
          // Code reads as a word to what follows: `"x" → the closing quote after it closes.
          state.previous = 'x';
          continue;
        }
        const block = blockTags.has(element.tagName);
        if (block) Object.assign(state, { previous: '', inDouble: false });
        walk(element.children, ownLanguage(element) ?? language);
        if (block) Object.assign(state, { previous: '', inDouble: false });
      }
    };
    // A chapter may be written in another language than the book (`lang` in its front matter).
    walk(tree.children, file.data.lang ?? bookLanguage);
  };
}

/** What the text before says about the next quote: its last character, and whether a double quote is open. */
interface QuoteState {
  previous: string;
  inDouble: boolean;
}

/**
 * Languages whose quotes cannot be told apart by the character before them: French sets spaces on both
 * sides, Chinese and Japanese none. There a straight double quote alternates between opening and closing.
 */
const alternating = new Set(['fr', 'zh', 'ja']);

function smarten(value: string, before: string, language: string, state: QuoteState): string {
  const primary = primaryLanguage(language);
  const marks = quotes[primary] ?? english;
  const text = value
    .replace(/\.\.\.|\. \. \./g, '…')
    .replace(/(^|[^-])---(?!-)/g, '$1—')
    .replace(/(^|[^-])--(?!-)/g, '$1–')
    // A number range takes an en dash (pages 2–3), but not a date or a phone number (2024-07-01), nor a label's
    // number (Figure 1-1, RFC 2616-3). Only the few characters before the number are looked at: linear time.
    .replace(/(^|[^\d-])(\d{1,4})-(\d{1,4})(?![\d-])/g, (all, before: string, from: string, to: string, at: number, whole: string) =>
      labelBefore.test(whole.slice(Math.max(0, at - 12), at) + before) ? all : `${before}${from}–${to}`,
    );
  // One pass with constant work per character: the result is an array of pieces and the text after a quote is
  // looked at in place, never copied, so a 5 MB paragraph takes as long per character as a short one.
  const result: string[] = [];
  const last = () => {
    const piece = result[result.length - 1];
    return piece === undefined ? '' : piece.slice(-1);
  };
  const trimEnd = () => {
    while (result.length > 0) {
      const piece = result[result.length - 1]!;
      const trimmed = piece.trimEnd();
      if (trimmed === piece) return;
      if (trimmed) result[result.length - 1] = trimmed;
      else result.pop();
    }
  };
  const at = (pattern: RegExp, from: number) => {
    pattern.lastIndex = from;
    return pattern.test(text);
  };
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    const prev = index > 0 ? last() : before;
    const next = text[index + 1] ?? '';
    // After a dash a quote opens (“—and”), unless the dash broke off the quotation (“I was going to—”).
    const dashCloses = /[\u2014\u2013]/.test(prev) && (next === '' || /[\s,.;:!?)\]]/.test(next));
    const opens = !dashCloses && (prev === '' || /[\s([{\u2014\u2013\u00A0\u202F“‘„‚«‹「『-]/.test(prev));
    if (char === '"') {
      const ambiguous = /\s/.test(prev) && (next === '' || /\s/.test(next));
      const open = alternating.has(primary) || ambiguous ? !state.inDouble : opens;
      state.inDouble = open;
      if (open) {
        result.push(marks.open);
        if (primary === 'fr') while (/\s/.test(text[index + 1] ?? '')) index++;
      } else {
        if (primary === 'fr') trimEnd();
        result.push(marks.close);
      }
    } else if (char === "'") {
      if (/[\p{L}\p{N}]/u.test(prev) && /\p{L}/u.test(next)) result.push('’'); // don't, l'homme
      else if (opens && (at(decadeAfter, index + 1) || at(leadingElision, index + 1))) result.push('’'); // ’90s, ’n’
      else if (opens && !/\s/.test(next)) result.push(marks.openSingle);
      else if (primary === 'fr' && !/[\p{L}\p{N}]/u.test(prev)) {
        trimEnd();
        result.push(marks.closeSingle);
      } else result.push(marks.closeSingle);
    } else {
      // Runs without quotes go in as one piece.
      let end = index + 1;
      while (end < text.length && text[end] !== '"' && text[end] !== "'") end++;
      result.push(text.slice(index, end));
      index = end - 1;
    }
  }
  return addNoBreakSpaces(result.join(''), primary);
}
