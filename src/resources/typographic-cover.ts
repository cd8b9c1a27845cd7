import type { BookConfig } from '../types.js';
import { creditLines } from '../../templates/util/contributors.js';
import { bookText, fill } from '../../templates/util/generated-text.js';
import { directionOf } from '../../templates/util/language.js';
import { expectedFamily, familiesOf, fontStack, type FontChoice } from './fonts.js';
import { xml } from './xml-escape.js';


/**
 * The typographic cover, drawn as SVG from the title and credits when book.yaml names no cover image. The EPUB
 * carries it rasterised to PNG (`emit/epub/cover-image.ts`), as stores ask; the print cover (`emit/cover/`) sets the
 * same SVG as its front panel, so the two covers match.
 */
/**
 * The advance of `text` set in `family` at `size` px, for lines resvg cannot set as one `<text>` (Arabic beside
 * another script): the EPUB's cover PNG passes one that asks resvg itself; without it (Chromium draws the print
 * cover, and falls back from face to face within a line) every line is one `<text>`.
 */
export type MeasureText = (text: string, family: string, size: number, italic: boolean, letterSpacing: number) => number;

/** Size and style of each class of line, as the stylesheet below sets them. */
const lineStyles = {
  title: { size: 132, italic: false },
  subtitle: { size: 76, italic: true },
  principal: { size: 84, italic: false, letterSpacing: 6 },
  credit: { size: 56, italic: true },
} as const;

export function coverSvg(config: BookConfig, measure?: MeasureText): string {
  const titleLines = wrap(config.title, 16);
  const text = bookText(config);
  const credits = creditLines(config.contributors, text);
  // A right-to-left title is set flush right, where its lines start; others are centred. The anchors are
  // physical (`end` is the right edge) as resvg reads them: `direction: ltr` keeps them so when the print cover
  // sets this SVG inside a right-to-left page, where Chromium would otherwise take `end` as the left edge.
  const x = directionOf(config.language) === 'rtl' ? 1420 : 800;
  const rtl = directionOf(config.language) === 'rtl';
  const line = (value: string, lineY: number, className: keyof typeof lineStyles) =>
    coverLine(value, { x, y: lineY, className, rtl, language: config.language, fonts: config.fonts, measure });
  let y = 900 - titleLines.length * 70;
  const title = titleLines.map((value) => line(value, (y += 150), 'title')).join('\n  ');
  const subtitle = config.subtitle ? line(config.subtitle, (y += 140), 'subtitle') : '';
  let creditY = 1900;
  const creditText = credits.map((value, index) => line(value, (creditY += index === 0 ? 0 : 80), index === 0 ? 'principal' : 'credit')).join('\n  ');
  const stack = fontStack(config.language, {}, config.fonts).map((family) => `'${family}'`).join(', ');
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1600 2560" width="1600" height="2560" role="img" aria-label="${xml(fill(text.coverOf, { title: config.title }))}">
  <style>
    text { font-family: ${stack}, serif; direction: ltr; text-anchor: ${rtl ? 'end' : 'middle'}; fill: #f4efe4; }
    .title { font-size: 132px; }
    .subtitle { font-size: 76px; font-style: italic; fill: #e0c98f; }
    .principal { font-size: 84px; letter-spacing: ${lineStyles.principal.letterSpacing}px; }
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
  const cjkClass = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}\\u3000-\\u30FF\\uFF00-\\uFFEF';
  const cjk = new RegExp(`[${cjkClass}]`, 'u');
  // One CJK character with the Latin written against it (`Git中`) and the closing punctuation after it, or the
  // Latin that ends the word.
  const cjkPiece = new RegExp(`[^${cjkClass}]*[${cjkClass}][、。，．！？）」』】〉》”’：；]*|[^${cjkClass}]+$`, 'gu');
  const measure = (value: string) => Array.from(value).reduce((sum, character) => sum + (cjk.test(character) ? 2 : 1), 0);
  // CJK is cut between characters, but never before closing punctuation (kinsoku); a space the title has
  // (`Pro Git 中文版`) is kept, one it has not is never added.
  const words = text
    .split(/\s+/)
    .filter(Boolean)
    .flatMap((word) => (cjk.test(word) ? (word.match(cjkPiece) ?? [word]) : [word]).map((piece, index) => ({ piece, spaced: index === 0 })));
  for (const { piece: word, spaced } of words) {
    const glue = line && spaced ? ' ' : '';
    if (line && measure(line + glue + word) > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line}${glue}${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

interface LineOptions {
  x: number;
  y: number;
  className: keyof typeof lineStyles;
  rtl: boolean;
  language: string;
  fonts?: FontChoice;
  measure?: MeasureText;
}

const arabicLetter = /\p{Script=Arabic}/u;
const otherLetter = /[\p{L}\p{N}]/u;

/**
 * One line of the cover. resvg 2.6 (WebAssembly) falls back from face to face within a `<text>` only where
 * every face shapes the line into as many glyphs (usvg's `shape_text` gives up otherwise): so Han, kana and
 * Hebrew beside Latin fall back, but Arabic, whose ligatures change the count, comes out as empty boxes, and a
 * `<tspan>` of another face in an Arabic line blanks the whole line. A line mixing Arabic with another script is
 * therefore set as one `<text>` per run, each in its face, placed from the measured runs. Arabic, Hebrew and CJK
 * have no italic: they stay upright.
 */
function coverLine(value: string, options: LineOptions): string {
  const { x, y, className } = options;
  const runs = arabicLetter.test(value) ? scriptRuns(value) : [];
  if (options.measure && runs.length > 1) {
    const style = lineStyles[className];
    const letterSpacing = 'letterSpacing' in style ? style.letterSpacing : 0;
    const space = style.size * 0.25 + letterSpacing;
    const placed = runs.map((run) => {
      const family = run.kind === 'arabic' ? familiesOf(options.fonts).arabic : run.kind === 'neutral' ? familiesOf(options.fonts).body : runFamily(run.text, options);
      const width = options.measure!(run.text, family, style.size, style.italic && run.kind !== 'arabic', letterSpacing);
      return { ...run, family, width };
    });
    const total = placed.reduce((sum, item, index) => sum + item.width + (index > 0 && item.spaced ? space : 0), 0);
    // Runs follow the line's direction: from the right edge in a right-to-left book, from the left otherwise.
    let edge = options.rtl ? x : x - total / 2;
    return placed
      .map(({ text, family, width, spaced }, index) => {
        if (index > 0 && spaced) edge += options.rtl ? -space : space;
        const at = edge;
        edge += options.rtl ? -width : width;
        return `<text x="${round(at)}" y="${y}" class="${className}" style="text-anchor: ${options.rtl ? 'end' : 'start'}">${face(text, family, options)}</text>`;
      })
      .join('');
  }
  return `<text x="${x}" y="${y}" class="${className}">${face(value, runFamily(value, options), options)}</text>`;
}

interface ScriptRun {
  text: string;
  /** Arabic words; other words (Latin, Han, Hebrew: resvg falls back among their faces); words of no letter (a dash). */
  kind: 'arabic' | 'other' | 'neutral';
  /** Whether a space parts it from the run before (none between `و` and the name it is written against). */
  spaced: boolean;
}

/**
 * The line cut into runs of Arabic, of other letters, and of words of no letter, which go in the book face: the
 * Arabic face has no em dash in its Arabic subset, and resvg cannot fall back to another face for it there.
 * Arabic written against Latin (`وBen`) is cut between the two.
 */
function scriptRuns(value: string): ScriptRun[] {
  const runs: ScriptRun[] = [];
  let spaced = false;
  for (const [chunk] of value.matchAll(/\s+|[\p{Script=Arabic}\p{M}\u0640\u200C\u200D]+|[^\s\p{Script=Arabic}]+/gu)) {
    if (/^\s/u.test(chunk)) {
      spaced = true;
      continue;
    }
    const kind = arabicLetter.test(chunk) ? 'arabic' : otherLetter.test(chunk) ? 'other' : 'neutral';
    const last = runs.at(-1);
    if (last && last.kind === kind) last.text += `${spaced ? ' ' : ''}${chunk}`;
    else runs.push({ text: chunk, kind, spaced: spaced && runs.length > 0 });
    spaced = false;
  }
  return runs;
}

/** The face of a run's first letter's script. */
function runFamily(run: string, options: LineOptions): string {
  const letter = otherLetter.exec(run)?.[0] ?? '';
  return expectedFamily(letter, false, options.language, options.fonts) ?? familiesOf(options.fonts).body;
}

/** A run in its face, with the book's stack behind it for Chromium (the print cover) and resvg's fallback. */
function face(run: string, family: string, options: LineOptions): string {
  const stack = fontStack(options.language, {}, options.fonts);
  if (family === stack[0]) return xml(run);
  const list = [...new Set([family, ...stack])].map((name) => `'${name}'`).join(', ');
  // Arabic, Hebrew and CJK have no italic: they stay upright; Latin keeps the line's style.
  const upright = family === familiesOf(options.fonts).body ? '' : ' font-style="normal"';
  return `<tspan font-family="${xml(list)}"${upright}>${xml(run)}</tspan>`;
}

function round(value: number): string {
  return String(Math.round(value * 10) / 10);
}
