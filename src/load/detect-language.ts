import type { VFile } from 'vfile';
import { primaryLanguage } from '../../templates/util/language.js';

/** Script families Folio tells apart, with the language a book written in one is taken to be. */
const families: Array<{ family: string; pattern: RegExp; language: string }> = [
  { family: 'kana', pattern: /[\p{Script=Hiragana}\p{Script=Katakana}]/u, language: 'ja' },
  { family: 'hangul', pattern: /\p{Script=Hangul}/u, language: 'ko' },
  { family: 'han', pattern: /\p{Script=Han}/u, language: 'zh-Hans' },
  { family: 'arabic', pattern: /\p{Script=Arabic}/u, language: 'ar' },
  { family: 'hebrew', pattern: /\p{Script=Hebrew}/u, language: 'he' },
  { family: 'cyrillic', pattern: /\p{Script=Cyrillic}/u, language: 'ru' },
  { family: 'greek', pattern: /\p{Script=Greek}/u, language: 'el' },
  { family: 'latin', pattern: /\p{Script=Latin}/u, language: 'en' },
];

/** The script family a language is written in (`ja` → CJK, `fa` → Arabic); Latin for any language not listed. */
function familyOfLanguage(language: string): string {
  const primary = primaryLanguage(language);
  if (['zh', 'ja', 'ko', 'yue', 'lzh'].includes(primary)) return 'cjk';
  if (['ar', 'fa', 'ur', 'ps', 'sd', 'ug', 'ckb'].includes(primary)) return 'arabic';
  if (['he', 'iw', 'yi'].includes(primary)) return 'hebrew';
  if (['ru', 'uk', 'be', 'bg', 'sr', 'mk', 'kk', 'ky', 'mn', 'tg'].includes(primary)) return 'cyrillic';
  if (primary === 'el') return 'greek';
  return 'latin';
}

/** Letters per script family in text that will be read (code spans and blocks, URLs and HTML tags left out). */
function countScripts(markdown: string): Map<string, { count: number; first: number }> {
  const prose = markdown
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, (block) => ' '.repeat(block.length))
    .replace(/`[^`\n]*`|<[^>\n]*>|\]\([^)\n]*\)|https?:\/\/\S+/g, (span) => ' '.repeat(span.length));
  const counts = new Map<string, { count: number; first: number }>();
  // A text has a few hundred distinct characters: each is classified once, not tested against every script each
  // time; ASCII, most of many books, is classified by its code alone, without making a string per character.
  const familyOf = new Map<number, string | null>();
  for (let index = 0; index < prose.length; ) {
    const code = prose.codePointAt(index)!;
    let family: string | null | undefined;
    if (code < 0x80) family = (code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a ? 'latin' : null;
    else {
      family = familyOf.get(code);
      if (family === undefined) {
        const character = String.fromCodePoint(code);
        family = /\p{L}/u.test(character) ? (families.find(({ pattern }) => pattern.test(character))?.family ?? null) : null;
        familyOf.set(code, family);
      }
    }
    if (family) {
      const entry = counts.get(family);
      if (entry) entry.count++;
      else counts.set(family, { count: 1, first: index });
    }
    index += code > 0xffff ? 2 : 1;
  }
  return counts;
}

/** The language of the script most letters are in; Han with kana beside it is Japanese. Undefined for text with no letters. */
export function dominantLanguage(texts: string[]): string | undefined {
  const totals = new Map<string, number>();
  for (const text of texts) for (const [family, { count }] of countScripts(text)) totals.set(family, (totals.get(family) ?? 0) + count);
  const cjk = (totals.get('han') ?? 0) + (totals.get('kana') ?? 0) + (totals.get('hangul') ?? 0);
  const ranked = [...totals].filter(([family]) => !['han', 'kana', 'hangul'].includes(family));
  if (cjk > 0) ranked.push(['cjk', cjk]);
  ranked.sort((a, b) => b[1] - a[1]);
  const top = ranked[0]?.[0];
  if (top === undefined) return undefined;
  if (top !== 'cjk') return families.find((entry) => entry.family === top)!.language;
  // Kana in a fair share of the CJK text means Japanese; hangul, Korean.
  if ((totals.get('kana') ?? 0) >= cjk * 0.1) return 'ja';
  if ((totals.get('hangul') ?? 0) >= cjk * 0.5) return 'ko';
  return 'zh-Hans';
}

/**
 * Warns on a chapter whose text is mostly in another script than its language (the book's, or its front matter's
 * `lang`): it would get the wrong fonts, direction, quotes and line breaking. Reported where that script starts.
 */
export function checkChapterScript(file: VFile, language: string): void {
  const text = String(file.value ?? '');
  const detected = dominantLanguage([text]);
  if (detected === undefined || familyOfLanguage(detected) === familyOfLanguage(language)) return;
  const counts = countScripts(text);
  const first = Math.min(...[...counts].filter(([family]) => familyOfLanguage(families.find((entry) => entry.family === family)!.language) === familyOfLanguage(detected)).map(([, entry]) => entry.first));
  const before = text.slice(0, first).split('\n');
  file.message(
    `This chapter is mostly in another script than its language \`${language}\`: if it is in \`${detected}\`, say so in its front matter (\`lang: ${detected}\`)`,
    { place: { line: before.length, column: before.at(-1)!.length + 1 }, ruleId: 'language-mismatch', source: 'folio' },
  );
}
