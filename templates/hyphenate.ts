import type { Element, Root, RootContent } from 'hast';
import type { VFile } from 'vfile';
import { ownLanguage, primaryLanguage } from './util/language.js';
import { splitAtUrls, verbatimTags } from './util/text.js';

type HyphenateWord = (word: string) => string;

export interface HyphenateOptions {
  /**
   * Hyphenates one word of the book's language, returning it with soft hyphens (U+00AD) at the break
   * points (the transform stage passes `hyphenateSync` from npm `hyphen`). Required.
   */
  hyphenateWord: HyphenateWord;
  /** The book's language, to tell which `lang` attributes switch to other patterns. Default `en`. */
  language?: string;
  /**
   * Hyphenators of other languages by BCP 47 tag (`fr`, `de-ch`), for elements whose `lang` differs from
   * the book's; the transform stage loads them for the languages the chapter uses. Text in a language
   * without patterns is left whole rather than broken wrongly. Default none.
   */
  hyphenators?: Record<string, HyphenateWord>;
  /** Words shorter than this are never broken. Default 6. */
  minWordLength?: number;
}

const skipped = new Set([...verbatimTags, 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'a', 'abbr', 'nav']);

/**
 * Print only: Chromium does not hyphenate without its online dictionaries, so justified print text gets
 * soft hyphens ahead of time, with the patterns of each element's language. Headings, links, code,
 * abbreviations, speaker names, URLs and short words are left whole, and so are "words" longer than
 * `maxWordLength` letters: no language has them, and the pattern matcher of npm `hyphen` is quadratic in a
 * word's length (a 40,000-letter word took 8 s, a 1 MB one would take hours). EPUB and HTML keep clean text
 * and rely on CSS `hyphens: auto`.
 */
export default function rehypeHyphenate(options: HyphenateOptions) {
  const minWordLength = options.minWordLength ?? 6;
  const maxWordLength = 100;
  const book = (options.language ?? 'en').toLowerCase();
  const word = new RegExp(`\\p{L}{${minWordLength},}`, 'gu');
  const others = new Map(Object.entries(options.hyphenators ?? {}).map(([tag, hyphenate]) => [tag.toLowerCase(), hyphenate]));
  const hyphenatorFor = (tag: string): HyphenateWord | undefined => {
    const lower = tag.toLowerCase();
    if (lower === book || primaryLanguage(lower) === primaryLanguage(book) && !others.has(lower)) return options.hyphenateWord;
    return others.get(lower) ?? others.get(primaryLanguage(lower));
  };

  const walk = (children: RootContent[], hyphenate: HyphenateWord | undefined) => {
    for (const child of children) {
      if (child.type === 'element') {
        const element = child as Element;
        const classes = Array.isArray(element.properties.className) ? element.properties.className : [];
        // Speaker names are set in small caps as a unit; a break inside one reads as a typo.
        if (skipped.has(element.tagName) || classes.includes('speaker')) continue;
        const lang = ownLanguage(element);
        walk(element.children, lang === undefined ? hyphenate : hyphenatorFor(lang));
        continue;
      }
      if (child.type !== 'text' || !hyphenate) continue;
      child.value = splitAtUrls(child.value)
        .map((part, index) => (index % 2 === 1 ? part : part.replace(word, (match) => (match.length > maxWordLength ? match : hyphenate(match)))))
        .join('');
    }
  };
  // A chapter may be written in another language than the book (`file.data.lang`).
  return (tree: Root, file: VFile) => walk(tree.children, file.data.lang ? hyphenatorFor(file.data.lang) : options.hyphenateWord);
}
