import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { EmbedFonts } from '../../types.js';
import { BODY_FAMILY, CJK_FAMILY, faceCovers, fontFaceRule, fontFiles } from '../../resources/fonts.js';

/** A font file carried in the EPUB, with the `@font-face` rule that uses it. */
export interface EpubFont {
  /** Relative to OEBPS: `fonts/<name>.woff2`. */
  href: string;
  data: Buffer;
  rule: string;
}

/**
 * The fonts `epub.embedFonts` asks for, limited to the unicode-range subsets the book's text touches: `body`
 * carries EB Garamond (four styles), `all` also Noto Serif SC, `none` nothing (the reading system's fonts).
 * Not obfuscated: both faces are under the SIL Open Font License, and obfuscation only hides them from tools.
 */
export function embeddedFonts(embed: EmbedFonts, text: string): EpubFont[] {
  if (embed === 'none') return [];
  const families = new Set(embed === 'all' ? [BODY_FAMILY, CJK_FAMILY] : [BODY_FAMILY]);
  const codePoints = [...new Set(Array.from(text, (character) => character.codePointAt(0) ?? 0))];
  // The Chinese face also covers Latin, which the body face sets: only its CJK subsets are needed.
  const cjkCodePoints = codePoints.filter((codePoint) => codePoint >= 0x2e80);
  return fontFiles()
    .filter((face) => families.has(face.family) && faceCovers(face, face.family === CJK_FAMILY ? cjkCodePoints : codePoints))
    .map((face) => {
      const href = `fonts/${basename(face.path)}`;
      return { href, data: readFileSync(face.path), rule: fontFaceRule(face, href) };
    })
    .sort((a, b) => a.href.localeCompare(b.href));
}
