import type { Element, Root, RootContent } from 'hast';
import { ownLanguage } from '../../templates/util/language.js';
import { expectedFamily, faceCovers, fontFiles, fontStack, missingFontPackage, type FontChoice, type FontFile } from '../resources/fonts.js';
import type { Chapter } from '../types.js';

/** Elements set in the monospace stack. */
const codeTags = new Set(['code', 'pre', 'kbd', 'samp']);

/** Characters no face needs a glyph for: spaces, joiners, bidi controls, variation selectors, soft hyphens. */
const invisible = /[\s\u00AD\u034F\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFE00-\uFE0F\uFEFF\u{E0100}-\u{E01EF}]/u;

/**
 * Checks, before any layout, that every character of the book has a glyph in a bundled face of its font stack
 * (`fontStack` in src/emit/fonts.ts, the stacks the CSS uses): a character none covers would fall to a system
 * font, which Chromium may embed as Type 3, or print as an empty box. Reported once per character and chapter,
 * at its first place, with its U+ code and the face its script calls for.
 */
export function checkCoverage(chapters: Chapter[], bookLanguage: string, fonts: FontChoice = {}): void {
  const faces = fontFiles({ fonts });
  const covered = new Map<string, boolean>();
  const covers = (character: string, code: boolean, language: string) => {
    const key = `${code ? 'code' : language}\u0000${character}`;
    let answer = covered.get(key);
    if (answer === undefined) {
      const stack = new Set(fontStack(language, { code }, fonts));
      const codePoint = character.codePointAt(0)!;
      answer = faces.some((face: FontFile) => stack.has(face.family) && faceCovers(face, [codePoint]));
      covered.set(key, answer);
    }
    return answer;
  };
  const missing = new Map<string, string | undefined>();
  const needed = new Map<string, { family: string; packageName: string } | undefined>();
  // The face a character is to be set in, when its package is not installed (an on-demand face).
  const uninstalledFace = (character: string, code: boolean, language: string) => {
    const key = `${code ? 'code' : language}\u0000${character}`;
    if (!needed.has(key)) {
      const family = invisible.test(character) ? undefined : expectedFamily(character, code, language, fonts);
      if (family !== undefined && !missing.has(family)) missing.set(family, missingFontPackage(family));
      const packageName = family === undefined ? undefined : missing.get(family);
      needed.set(key, family !== undefined && packageName !== undefined ? { family, packageName } : undefined);
    }
    return needed.get(key);
  };
  // Once per book: the first character set in a face that is not installed is where the author learns of it.
  const asked = new Set<string>();
  // Characters that need no message, by where they are set (`code` or a language): most of a book, looked at once.
  const fineByContext = new Map<string, Set<number>>();
  const fineIn = (context: string) => {
    let fine = fineByContext.get(context);
    if (!fine) fineByContext.set(context, (fine = new Set()));
    return fine;
  };
  for (const chapter of chapters) {
    // Characters reported in this chapter (or whose package was asked for): once per chapter is enough.
    const handled = new Set<number>();
    const walk = (node: Root | RootContent, language: string, code: boolean) => {
      if (node.type === 'text') {
        const value = node.value;
        const fine = fineIn(code ? 'code' : language);
        // The line and column of a character are counted only as far as a message needs them.
        let line = node.position?.start.line;
        let column = node.position?.start.column;
        let counted = 0;
        const placeAt = (index: number) => {
          if (line === undefined || column === undefined) return undefined;
          while (counted < index) {
            const codePoint = value.codePointAt(counted)!;
            if (codePoint === 0x0a) {
              line++;
              column = 1;
            } else column++;
            counted += codePoint > 0xffff ? 2 : 1;
          }
          return { line, column };
        };
        for (let index = 0; index < value.length; ) {
          const codePoint = value.codePointAt(index)!;
          const width = codePoint > 0xffff ? 2 : 1;
          if (!fine.has(codePoint) && !handled.has(codePoint)) {
            const character = value.slice(index, index + width);
            const uninstalled = uninstalledFace(character, code, language);
            if (uninstalled) {
              const { family, packageName } = uninstalled;
              if (!asked.has(packageName)) {
                asked.add(packageName);
                const hex = codePoint.toString(16).toUpperCase().padStart(4, '0');
                chapter.file.message(
                  `U+${hex} (${character}) is set in ${family}, whose package is not installed: run \`npm install ${packageName}\` (Folio brings only its Latin, Arabic and Hebrew faces; the others are installed when a book needs them)`,
                  { place: placeAt(index), ruleId: 'glyph-missing', source: 'folio' },
                );
              }
              handled.add(codePoint);
            } else if (invisible.test(character) || covers(character, code, language)) {
              fine.add(codePoint);
            } else {
              handled.add(codePoint);
              const hex = codePoint.toString(16).toUpperCase().padStart(4, '0');
              const expected = expectedFamily(character, code, language, fonts);
              const where = expected ? `expected in ${expected}` : 'no bundled face is made for its script';
              chapter.file.message(`No bundled font has the character U+${hex} (${character}): it would print as an empty box or a Type 3 font; ${where}`, {
                place: placeAt(index),
                ruleId: 'glyph-missing',
                source: 'folio',
              });
            }
          }
          index += width;
        }
        return;
      }
      if (node.type !== 'root' && node.type !== 'element') return;
      const element = node.type === 'element' ? (node as Element) : undefined;
      const inner = element ? (ownLanguage(element) ?? language) : language;
      if (element && (element.tagName === 'script' || element.tagName === 'style')) return;
      const inCode = code || (element !== undefined && codeTags.has(element.tagName));
      for (const child of node.children) walk(child, inner, inCode);
    };
    walk(chapter.tree, chapter.lang || bookLanguage, false);
  }
}
