import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { outlineFlavor, parseFontPackage } from '../src/resources/font-package.js';
import { expectedFamily, fontFiles, fontStack, fontStackCss, JAPANESE_FAMILY } from '../src/resources/fonts.js';

describe('the faces of a book', () => {
  it('sets Japanese in the Japanese face and Chinese in the Chinese one, for the same code point', () => {
    expect(fontStack('ja')[0]).toBe(JAPANESE_FAMILY);
    expect(fontStack('zh-Hans')[0]).toBe('Noto Serif SC');
    expect(expectedFamily('直', false, 'ja')).toBe(JAPANESE_FAMILY);
    expect(expectedFamily('直', false, 'zh')).toBe('Noto Serif SC');
    expect(expectedFamily('ー', false, 'ja')).toBe(JAPANESE_FAMILY);
  });

  it('loads the Japanese subsets only for text with kana, and the emphasis-mark subsets with any CJK text', () => {
    expect(fontFiles({ text: '中文' }).some((face) => face.family === JAPANESE_FAMILY)).toBe(false);
    expect(fontFiles({ text: 'かな' }).some((face) => face.family === JAPANESE_FAMILY)).toBe(true);
    // U+FE45, the sesame dot of Japanese emphasis, is in no text: its subset comes with the CJK text.
    const sesame = fontFiles({ text: 'かな' }).filter((face) => face.family === JAPANESE_FAMILY && /fe4/i.test(face.unicodeRange ?? ''));
    expect(sesame.length).toBeGreaterThan(0);
  });

  it('reads a font package named in book.yaml and puts its face first in the stacks of its role', () => {
    const hebrewAsBody = parseFontPackage('@fontsource/frank-ruhl-libre');
    expect(hebrewAsBody).toMatchObject({ family: 'Frank Ruhl Libre', cssFiles: ['400.css', '700.css'] });
    expect(fontStack('en', {}, { body: hebrewAsBody })[0]).toBe('Frank Ruhl Libre');
    expect(fontStackCss({ mono: hebrewAsBody })).toMatch(/:root pre[^{]*\{ font-family: "Frank Ruhl Libre"/);
    expect(fontFiles({ text: 'Hello', fonts: { body: hebrewAsBody } }).some((face) => face.family === 'Frank Ruhl Libre')).toBe(true);
  });

  it('refuses a package that is not installed, with the command, and a name that is not a package', () => {
    expect(() => parseFontPackage('@fontsource/not-a-face')).toThrow('run `npm install @fontsource/not-a-face`');
    expect(() => parseFontPackage('Courier New')).toThrow('expects the name of an installed font package');
  });

  it('tells TrueType outlines from CFF ones, which Chromium would embed as Type 3', () => {
    const woff2 = readFileSync(fontFiles({ text: 'Hello' })[0]!.path);
    expect(outlineFlavor(woff2)).toBe('truetype');
    expect(outlineFlavor(Buffer.from('wOF2OTTO\0\0\0\0', 'latin1'))).toBe('cff');
    expect(outlineFlavor(Buffer.from('OTTO\0\0\0\0', 'latin1'))).toBe('cff');
  });
});
