import type { Element } from 'hast';

/** The primary subtag of a BCP 47 tag, lower-cased: `zh-Hans` → `zh`. */
export function primaryLanguage(tag: string): string {
  return tag.toLowerCase().split('-')[0] ?? tag;
}

/** The language an element sets with its `lang` attribute, if it sets one (`xml:lang` counts too). */
export function ownLanguage(node: Element): string | undefined {
  const value = node.properties.lang ?? node.properties.xmlLang;
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Block elements: quotes and no-break rules start afresh in each, and each may carry its own `lang`. */
export const blockTags = new Set([
  'p', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'td', 'th', 'blockquote', 'div', 'section', 'aside', 'figcaption',
  'dt', 'dd', 'br', 'hr', 'ul', 'ol', 'table', 'tr', 'figure', 'article',
]);

/** Languages written right to left (their primary subtags); a script subtag (`-Arab`, `-Latn`) overrides. */
const rightToLeft = new Set(['ar', 'he', 'iw', 'fa', 'ur', 'yi', 'ps', 'sd', 'ug', 'ckb', 'dv', 'syr', 'arc']);

/** The writing direction of a language tag: `rtl` for Arabic, Hebrew, Persian, Urdu…; `ltr` otherwise. */
export function directionOf(tag: string): 'ltr' | 'rtl' {
  const script = tag.split('-').find((part) => part.length === 4 && /^[a-z]+$/i.test(part))?.toLowerCase();
  if (script) return ['arab', 'hebr', 'syrc', 'thaa', 'nkoo', 'adlm', 'rohg'].includes(script) ? 'rtl' : 'ltr';
  return rightToLeft.has(primaryLanguage(tag)) ? 'rtl' : 'ltr';
}

/** Chinese, Japanese and Korean: no hyphenation, justification between characters, kinsoku line breaking. */
export function isCjk(tag: string): boolean {
  return ['zh', 'ja', 'ko', 'yue', 'wuu', 'lzh', 'cmn'].includes(primaryLanguage(tag));
}
