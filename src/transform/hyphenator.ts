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
