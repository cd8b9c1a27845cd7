import type { BookConfig } from '../types.js';
import { creditLines } from '../../templates/util/contributors.js';
import { bookText, fill } from '../../templates/util/generated-text.js';
import { directionOf } from '../../templates/util/language.js';
import { ARABIC_FAMILY, BODY_FAMILY, expectedFamily, HEBREW_FAMILY } from './fonts.js';

/** Escapes text for XML content and attribute values. */
export function xml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * The typographic cover, drawn as SVG from the title and credits when book.yaml names no cover image. The EPUB
 * carries it rasterised to PNG (`emit/epub/cover-image.ts`), as stores ask; the print cover (`emit/cover/`) sets the
 * same SVG as its front panel, so the two covers match.
 */
export function coverSvg(config: BookConfig): string {
  const titleLines = wrap(config.title, 16);
  const text = bookText(config);
  const credits = creditLines(config.contributors, text);
  // A right-to-left title is set flush right, where its lines start; others are centred. The anchors are
  // physical (`end` is the right edge) as resvg reads them: `direction: ltr` keeps them so when the print cover
  // sets this SVG inside a right-to-left page, where Chromium would otherwise take `end` as the left edge.
  const x = directionOf(config.language) === 'rtl' ? 1420 : 800;
  const rtl = directionOf(config.language) === 'rtl';
  let y = 900 - titleLines.length * 70;
  const title = titleLines.map((line) => `<text x="${x}" y="${(y += 150)}" class="title">${runs(line)}</text>`).join('\n  ');
  const subtitle = config.subtitle ? `<text x="${x}" y="${(y += 140)}" class="subtitle">${runs(config.subtitle)}</text>` : '';
  let creditY = 1900;
  const creditText = credits.map((line, index) => `<text x="${x}" y="${(creditY += index === 0 ? 0 : 80)}" class="${index === 0 ? 'principal' : 'credit'}">${runs(line)}</text>`).join('\n  ');
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1600 2560" width="1600" height="2560" role="img" aria-label="${xml(fill(text.coverOf, { title: config.title }))}">
  <style>
    text { font-family: '${BODY_FAMILY}', serif; direction: ltr; text-anchor: ${rtl ? 'end' : 'middle'}; fill: #f4efe4; }
    .title { font-size: 132px; }
    .subtitle { font-size: 76px; font-style: italic; fill: #e0c98f; }
    .principal { font-size: 84px; letter-spacing: 6px; }
    .credit { font-size: 56px; font-style: italic; }
  </style>
  <rect width="1600" height="2560" fill="#1f2a36"/>
  <rect x="90" y="90" width="1420" height="2380" fill="none" stroke="#e0c98f" stroke-width="6"/>
  ${title}
  ${subtitle}
  <line x1="${rtl ? 1120 : 650}" y1="${y + 110}" x2="${rtl ? 1420 : 950}" y2="${y + 110}" stroke="#e0c98f" stroke-width="4"/>
  ${creditText}
</svg>
`;
}

/** Every character the cover sets, to choose the font subsets it needs. */
export function coverText(config: BookConfig): string {
  return [config.title, config.subtitle ?? '', ...creditLines(config.contributors, bookText(config))].join(' ');
}

/** Lines of at most `width` Latin letters; a CJK character counts as two and may end a line by itself (no spaces there). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  const cjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303F\uFF00-\uFFEF]/u;
  const measure = (value: string) => Array.from(value).reduce((sum, character) => sum + (cjk.test(character) ? 2 : 1), 0);
  // CJK is cut between characters, but never before closing punctuation (kinsoku).
  const words = text.split(/\s+/).flatMap((word) => (cjk.test(word) ? (word.match(/.[、。，．！？）」』】〉》”’：；]*/gu) ?? [word]) : [word]));
  for (const word of words) {
    const glue = line && !(cjk.test(line.slice(-1)) || cjk.test(word[0] ?? '')) ? ' ' : '';
    if (line && measure(line + glue + word) > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line}${glue}${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * A line in the face of its first letter's script, as one `<tspan>`: resvg 2.6 (WebAssembly) neither falls back
 * from one face to another within a line nor draws a line whose runs need two faces (it leaves it blank), so a
 * line takes one face. Arabic, Hebrew and CJK have no italic: they stay upright.
 */
function runs(line: string): string {
  const letter = /[\p{L}\p{N}]/u.exec(line)?.[0] ?? '';
  const family = /\p{Script=Arabic}/u.test(letter) ? ARABIC_FAMILY : /\p{Script=Hebrew}/u.test(letter) ? HEBREW_FAMILY : (expectedFamily(letter) ?? BODY_FAMILY);
  return family === BODY_FAMILY ? xml(line) : `<tspan font-family="'${family}'" font-style="normal">${xml(line)}</tspan>`;
}
