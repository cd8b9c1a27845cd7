import { describe, expect, it } from 'vitest';
import { renderCoverPng } from '../src/emit/epub/cover-image.js';
import { faceCovers, fontFiles } from '../src/resources/fonts.js';
import { coverSvg, type MeasureText } from '../src/resources/typographic-cover.js';
import type { BookConfig } from '../src/types.js';

const config = (title: string, language: string, subtitle?: string) =>
  ({ title, subtitle, language, contributors: [{ name: 'Scott Chacon', role: 'author' }] }) as unknown as BookConfig;

/** Every `<text>` of the drawn cover: its x, its anchor, its face and what it sets. */
function texts(svg: string) {
  return [...svg.matchAll(/<text x="([\d.]+)"[^>]*?(?:text-anchor: (\w+))?"?>(?:<tspan font-family="([^"]*)"[^>]*>)?([^<]*)/g)].map(([, x, anchor, family, text]) => ({
    x: Number(x),
    anchor,
    family: family?.replace(/&#39;|'/g, '').split(',')[0]?.trim(),
    text: text!.replace(/\u200F/g, ''),
  }));
}

const byLength: MeasureText = (text, _family, size) => text.length * size * 0.5;

describe('the typographic cover', () => {
  it('sets a line mixing Arabic and Latin as runs, each in a face that has every glyph of it, right to left', () => {
    const svg = coverSvg(config('Git — دليل', 'ar'), byLength);
    const lineFace = /text \{ font-family: '([^']+)'/.exec(svg)![1];
    const lines = texts(svg).filter((line) => line.text.trim());
    const title = lines.slice(0, 3);
    expect(title.map((line) => line.text)).toEqual(['Git', '—', 'دليل']);
    // Placed from the right edge in reading order: Git at the right, then the dash, then the Arabic.
    expect(title[0]!.x).toBeGreaterThan(title[1]!.x);
    expect(title[1]!.x).toBeGreaterThan(title[2]!.x);
    const faces = fontFiles();
    for (const line of title) {
      const family = line.family ?? lineFace;
      for (const character of line.text.replace(/\s/g, '')) {
        const codePoint = character.codePointAt(0)!;
        expect(faces.some((face) => face.family === family && faceCovers(face, [codePoint])), `${character} in ${family}`).toBe(true);
      }
    }
  });

  it('cuts Arabic written against a Latin name from it, with no space between the two runs', () => {
    const book = { ...config('Pro Git', 'ar'), contributors: [{ name: 'Scott Chacon', role: 'author' }, { name: 'Ben Straub', role: 'author' }] } as BookConfig;
    const principal = texts(coverSvg(book, byLength)).filter((line) => line.x > 0 && /Scott|Ben|و/.test(line.text));
    expect(principal.map((line) => line.text)).toEqual(['Scott Chacon', 'و', 'Ben Straub']);
    // Right to left, each run ending where the one before it (in reading order) starts, less a space only where the text has one.
    const widths = principal.map((line) => byLength(line.text, '', 84, false, 6));
    expect(principal[0]!.x - widths[0]! - principal[1]!.x).toBeCloseTo(84 * 0.25 + 6, 5);
    expect(principal[1]!.x - widths[1]! - principal[2]!.x).toBeCloseTo(0, 5);
  });

  it('keeps a line of Latin and Han whole, with the space the title has, resvg and Chromium falling back to the Chinese face', () => {
    const svg = coverSvg(config('Pro Git 中文版', 'zh-Hans'), byLength);
    expect(texts(svg)[0]!.text).toBe('Pro Git 中文版');
    expect(svg).toMatch(/text \{ font-family: 'Noto Serif SC', 'EB Garamond'/);
  });

  it('draws a cover whose title mixes Arabic and Latin', async () => {
    const png = await renderCoverPng(config('Git — دليل المبتدئين', 'ar', 'كتاب Pro Git'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  }, 60_000);
});
