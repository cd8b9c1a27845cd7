import type { Root, RootContent } from 'hast';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface HyphenModule {
  hyphenateSync: (text: string, options?: { hyphenChar?: string; minWordLength?: number }) => string;
}

/**
 * The hyphenation function for a language from npm `hyphen` (`en` uses US patterns), or undefined when
 * the package has no patterns for it: the text is then left unhyphenated rather than broken wrongly.
 * `hyphen` is CommonJS with one folder per language, so it is loaded with require.
 */
export async function loadHyphenator(language: string): Promise<((word: string) => string) | undefined> {
  const tag = language.toLowerCase();
  const candidates = tag === 'en' ? ['en-us'] : [tag, tag.split('-')[0]!];
  for (const candidate of candidates) {
    if (!/^[a-z]+(-[a-z0-9]+)*$/.test(candidate)) continue;
    try {
      const patterns = require(`hyphen/${candidate}`) as HyphenModule;
      return (word) => patterns.hyphenateSync(word, { hyphenChar: '\u00AD', minWordLength: 6 });
    } catch {
      // Try the next candidate: the package has no patterns under this name.
    }
  }
  return undefined;
}

/**
 * Hyphenators for every language a book sets with `lang` (on chapters or elements) other than its own,
 * keyed by tag; languages without patterns are left out, so their text stays unhyphenated.
 */
export async function loadHyphenators(
  languages: Iterable<string>,
  bookLanguage: string,
  load: (language: string) => Promise<((word: string) => string) | undefined> = loadHyphenator,
): Promise<Record<string, (word: string) => string>> {
  const hyphenators: Record<string, (word: string) => string> = {};
  for (const language of new Set([...languages].map((tag) => tag.toLowerCase()))) {
    if (language === bookLanguage.toLowerCase()) continue;
    const hyphenate = await load(language);
    if (hyphenate) hyphenators[language] = hyphenate;
  }
  return hyphenators;
}

/** Every `lang` value in the trees, for `loadHyphenators`. */
export function languagesIn(trees: Iterable<Root>): Set<string> {
  const found = new Set<string>();
  const walk = (node: Root | RootContent) => {
    if (node.type === 'element' && typeof node.properties.lang === 'string') found.add(node.properties.lang);
    if ('children' in node) for (const child of node.children) walk(child);
  };
  for (const tree of trees) walk(tree);
  return found;
}
