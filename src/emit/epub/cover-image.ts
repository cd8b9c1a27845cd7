import { readFileSync } from 'node:fs';
import type { BookConfig } from '../../types.js';
import { CJK_MONO_FAMILY, codePointsOf, faceCovers, familiesOf, fontFiles, fontStack, type FontChoice } from '../../resources/fonts.js';
import type { MeasureText } from '../../resources/typographic-cover.js';
import { xml } from '../../resources/xml-escape.js';
import { coverSvg, coverText } from './cover.js';
import { woffToSfnt } from './woff.js';
import { inkWidth, rasterizeSvgInBackground, wasmReady, type BackgroundDrawing } from '../../resources/rasterize.js';
import { cached, hashKey, type ContentCache } from '../../cache/store.js';
import { engineFingerprint } from '../../cache/engine.js';


/**
 * The generated cover as a 1600×2560 PNG, drawn from the SVG template with the book's own fonts.
 *
 * Rendered with resvg compiled to WebAssembly, not with Chromium: WebAssembly computes the same pixels on every
 * machine and no system font takes part, so the PNG (and the EPUB) is byte-identical across machines, and the
 * EPUB builds where no browser is installed. Drawing it takes seconds (more with Chinese faces): with a cache, the
 * PNG is kept under the SVG it was drawn from and Folio's code, which fixes the fonts and resvg.
 */
export async function renderCoverPng(config: BookConfig, cache?: ContentCache): Promise<Buffer> {
  return drawCoverInBackground(config, cache)();
}

/**
 * Starts drawing the cover in a worker thread and returns how to wait for it: the build starts it as soon as
 * book.yaml is read, so the drawing runs beside the parsing of the chapters on a second core.
 */
export function drawCoverInBackground(config: BookConfig, cache?: ContentCache): () => Promise<Buffer> {
  let drawing: BackgroundDrawing | undefined;
  let held = false;
  const png = (async () => {
    const text = coverText(config);
    // Unpacking the faces takes a while: only for a drawing, or for measuring, never for a cover found in the cache.
    let font: { fontBuffers: Uint8Array[]; defaultFontFamily: string; serifFamily: string } | undefined;
    const fonts = () => (font ??= { fontBuffers: coverFonts(text, config.language, config.fonts), defaultFontFamily: familiesOf(config.fonts).body, serifFamily: familiesOf(config.fonts).body });
    // Only a line that mixes Arabic with another script is measured (see typographic-cover.ts), here, in this thread.
    if (ARABIC.test(text)) await wasmReady();
    const measure: MeasureText = (line, family, size, italic, letterSpacing) => {
      const style = `font-family: '${family}'; font-size: ${size}px; font-style: ${italic ? 'italic' : 'normal'}; letter-spacing: ${letterSpacing}px`;
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="4000" height="400"><text x="10" y="300" style="${style}">${xml(line)}</text></svg>`;
      return inkWidth(svg, { font: fonts() });
    };
    const svg = coverSvg(config, measure);
    return cached(cache, 'cover', () => hashKey('cover 1', engineFingerprint(), svg), () => {
      drawing = rasterizeSvgInBackground(svg, { font: fonts(), fitTo: { mode: 'width', value: 1600 }, shapeRendering: 2, textRendering: 2 });
      if (held) drawing.hold();
      return drawing.png;
    });
  })();
  png.catch(() => {});
  return () => {
    held = true;
    drawing?.hold();
    return png;
  };
}

const ARABIC = /\p{Script=Arabic}/u;

/**
 * The regular faces of every bundled script whose subsets the cover's text needs, unpacked from WOFF, in the
 * order of the language's stack: resvg takes a glyph a face lacks from the first loaded face that has it, so a
 * Japanese cover's kanji come from the Japanese face, not the Chinese one loaded before it.
 */
function coverFonts(text: string, language: string, fonts?: FontChoice): Uint8Array[] {
  const codePoints = codePointsOf(text);
  const stack = fontStack(language, {}, fonts);
  const rank = (family: string) => (stack.includes(family) ? stack.indexOf(family) : stack.length);
  return fontFiles({ fonts })
    .filter((face) => face.weight === 400 && face.family !== CJK_MONO_FAMILY)
    .filter((face) => faceCovers(face, codePoints))
    .sort((a, b) => rank(a.family) - rank(b.family))
    .map((face) => new Uint8Array(woffToSfnt(readFileSync(face.path.replace(/\.woff2$/, '.woff')))));
}
