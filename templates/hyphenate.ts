import type { Element, Root } from 'hast';
import { SKIP, visit } from 'unist-util-visit';
import { verbatimTags } from './util/text.js';

export interface HyphenateOptions {
  /**
   * Hyphenates one word, returning it with soft hyphens (U+00AD) at the break points, for the book's
   * language (the transform stage passes `hyphenateSync` from npm `hyphen`). Required.
   */
  hyphenateWord: (word: string) => string;
  /** Words shorter than this are never broken. Default 6. */
  minWordLength?: number;
}

const skipped = new Set([...verbatimTags, 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'a', 'abbr', 'nav']);

/**
 * Print only: Chromium does not hyphenate without its online dictionaries, so justified print text gets
 * soft hyphens ahead of time. Headings, links, code, speaker names and short words are left whole; so is text in
 * another language than the book's (its patterns would be wrong).
 */
export default function rehypeHyphenate(options: HyphenateOptions) {
  const minWordLength = options.minWordLength ?? 6;
  const word = new RegExp(`\\p{L}{${minWordLength},}`, 'gu');
  return (tree: Root) => {
    visit(tree, (node) => {
      if (node.type === 'element') {
        const element = node as Element;
        const classes = Array.isArray(element.properties.className) ? element.properties.className : [];
        // Speaker names are set in small caps as a unit; a break inside one reads as a typo.
        if (skipped.has(element.tagName) || element.properties.lang !== undefined || classes.includes('speaker')) return SKIP;
        return;
      }
      if (node.type !== 'text') return;
      node.value = node.value
        .split(/(\S*(?:https?:\/\/|www\.)\S*)/)
        .map((part, index) => (index % 2 === 1 ? part : part.replace(word, (match) => options.hyphenateWord(match))))
        .join('');
    });
  };
}
