import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { EmbedFonts } from '../../types.js';
import { allFamilies, codePointsOf, faceCovers, familiesOf, fontFaceRule, fontFiles, fontStack, type FontChoice, type FontFile } from '../../resources/fonts.js';

/** A font file carried in the EPUB, with the `@font-face` rule that uses it. */
export interface EpubFont {
  /** Relative to OEBPS: `fonts/<name>.woff2`. */
  href: string;
  data: Buffer;
  rule: string;
}

/**
 * The fonts `epub.embedFonts` asks for, limited to the unicode-range subsets the book's text touches: `body`
 * carries EB Garamond (four styles) and the face of the book's language (Noto Naskh Arabic for an Arabic book),
 * `all` every bundled face the text needs, `none` nothing (the reading system's fonts).
 * Not obfuscated: every face is under the SIL Open Font License, and obfuscation only hides them from tools.
 */
export function embeddedFonts(embed: EmbedFonts, text: string, language = 'en', fonts: FontChoice = {}): EpubFont[] {
  if (embed === 'none') return [];
  const body = familiesOf(fonts).body;
  const families = new Set(embed === 'all' ? allFamilies(fonts) : [body, fontStack(language, {}, fonts)[0]!]);
  const codePoints = codePointsOf(text);
  // The other faces also cover Latin, which the body face sets: only their subsets beyond Latin are needed.
  const beyondLatin = codePoints.filter((codePoint) => codePoint >= 0x0370);
  return fontFiles({ fonts })
    .filter((face) => families.has(face.family) && faceCovers(face, face.family === body ? codePoints : beyondLatin))
    .map((face) => {
      const href = `fonts/${basename(face.path)}`;
      return { href, data: readFileSync(face.path), rule: fontFaceRule(face, href) };
    })
    .sort((a, b) => a.href.localeCompare(b.href));
}
