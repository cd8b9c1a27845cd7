import type { Element, Root, RootContent } from 'hast';
import type { VFile } from 'vfile';
import { blockTags, ownLanguage, primaryLanguage } from './util/language.js';
import { verbatimTags } from './util/text.js';
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

const urlPattern = /(\S*(?:https?:\/\/|www\.)\S*)/;

/** Elisions that open with an apostrophe, never a quote: ’tis, rock ’n’ roll, ’em. */
const leadingElision = /^(?:n|tis|twas|em|cause|til|bout|round)(?![\p{L}])/iu;

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
          child.value = child.value
            .split(urlPattern)
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
    // A number range takes an en dash (pages 2–3), but not a date or a phone number (2024-07-01).
    .replace(/(^|[^\d-])(\d{1,4})-(\d{1,4})(?![\d-])/g, '$1$2–$3');
  let result = '';
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    const prev = index > 0 ? result.slice(-1) : before;
    const rest = text.slice(index + 1);
    // After a dash a quote opens (“—and”), unless the dash broke off the quotation (“I was going to—”).
    const dashCloses = /[\u2014\u2013]/.test(prev) && (rest === '' || /^[\s,.;:!?)\]]/.test(rest));
    const opens = !dashCloses && (prev === '' || /[\s([{\u2014\u2013\u00A0\u202F“‘„‚«‹「『-]/.test(prev));
    if (char === '"') {
      const ambiguous = /\s/.test(prev) && (rest === '' || /^\s/.test(rest));
      const open = alternating.has(primary) || ambiguous ? !state.inDouble : opens;
      state.inDouble = open;
      if (open) {
        result += marks.open;
        if (primary === 'fr') index += /^\s*/.exec(rest)?.[0].length ?? 0;
      } else result = (primary === 'fr' ? result.trimEnd() : result) + marks.close;
    } else if (char === "'") {
      if (/[\p{L}\p{N}]/u.test(prev) && /\p{L}/u.test(rest[0] ?? '')) result += '’'; // don't, l'homme
      else if (opens && (/^\d\d(?:s\b|\b)/.test(rest) || leadingElision.test(rest))) result += '’'; // ’90s, ’n’
      else if (opens && !/^\s/.test(rest)) result += marks.openSingle;
      else if (primary === 'fr' && !/[\p{L}\p{N}]/u.test(prev)) result = result.trimEnd() + marks.closeSingle;
      else result += marks.closeSingle;
    } else result += char;
  }
  return addNoBreakSpaces(result, primary);
}
