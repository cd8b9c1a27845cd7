import type { Element, Root, Text } from 'hast';
import { SKIP, visit } from 'unist-util-visit';
import { verbatimTags } from './util/text.js';

export interface TypographyOptions {
  /** Book language; quotes follow it (curly English quotes for `en` and as the fallback). Default `en`. */
  language?: string;
}

const quotes: Record<string, { open: string; close: string; openSingle: string; closeSingle: string }> = {
  en: { open: '“', close: '”', openSingle: '‘', closeSingle: '’' },
  de: { open: '„', close: '“', openSingle: '‚', closeSingle: '‘' },
  fr: { open: '«\u202F', close: '\u202F»', openSingle: '‹\u202F', closeSingle: '\u202F›' },
};

/**
 * Curly quotes, dashes and ellipses, as a typesetter would set them. Text already curly is left as it is,
 * and code, preformatted text and raw markup are never touched. Quote direction looks at the character
 * before, across element boundaries, so `"*word*"` still opens and closes correctly.
 */
export default function rehypeTypography(options: TypographyOptions = {}) {
  const language = (options.language ?? 'en').toLowerCase().split('-')[0]!;
  const marks = quotes[language] ?? quotes.en!;
  return (tree: Root) => {
    let previous = '';
    visit(tree, (node) => {
      if (node.type === 'element' && verbatimTags.has((node as Element).tagName)) {
        previous = 'x';
        return SKIP;
      }
      if (node.type === 'element' && ['p', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'td', 'th', 'blockquote', 'br'].includes(node.tagName)) {
        previous = '';
      }
      if (node.type !== 'text') return;
      const text = node as Text;
      text.value = smarten(text.value, previous, marks);
      previous = text.value.slice(-1) || previous;
    });
  };
}

function smarten(value: string, before: string, marks: (typeof quotes)['en']): string {
  let out = value
    .replace(/\.\.\./g, '…')
    .replace(/(^|[^-])---(?!-)/g, '$1—')
    .replace(/(^|[^-])--(?!-)/g, '$1–');
  let result = '';
  for (let index = 0; index < out.length; index++) {
    const char = out[index]!;
    const prev = index > 0 ? result.slice(-1) : before;
    const next = out[index + 1] ?? '';
    const opens = prev === '' || /[\s([{\u2014\u2013\u00A0“‘-]/.test(prev);
    if (char === '"') result += opens ? marks.open : marks.close;
    else if (char === "'") {
      // Inside a word (don't, l'homme) it is an apostrophe in every language; at a word start it opens.
      if (/[\p{L}\p{N}]/u.test(prev) && /\p{L}/u.test(next)) result += '’';
      else result += opens && !/\s/.test(next) ? marks.openSingle : marks.closeSingle;
    } else result += char;
  }
  out = result;
  return out;
}
