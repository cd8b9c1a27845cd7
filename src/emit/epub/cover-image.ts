import { readFileSync } from 'node:fs';
import type { BookConfig } from '../../types.js';
import { BODY_FAMILY, CJK_MONO_FAMILY, faceCovers, fontFiles } from '../../resources/fonts.js';
import { coverSvg, coverText } from './cover.js';
import { woffToSfnt } from './woff.js';
import { rasterizeSvg } from '../../resources/rasterize.js';
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
  const svg = coverSvg(config);
  return cached(cache, 'cover', () => hashKey('cover 1', engineFingerprint(), svg), () =>
    rasterizeSvg(svg, {
      font: { fontBuffers: coverFonts(coverText(config)), defaultFontFamily: BODY_FAMILY, serifFamily: BODY_FAMILY },
      fitTo: { mode: 'width', value: 1600 },
      shapeRendering: 2,
      textRendering: 2,
    }),
  );
}

/** The regular faces of every bundled script whose subsets the cover's text needs, unpacked from WOFF. */
function coverFonts(text: string): Uint8Array[] {
  const codePoints = [...new Set(Array.from(text, (character) => character.codePointAt(0) ?? 0))];
  return fontFiles()
    .filter((face) => face.weight === 400 && face.family !== CJK_MONO_FAMILY)
    .filter((face) => faceCovers(face, codePoints))
    .map((face) => new Uint8Array(woffToSfnt(readFileSync(face.path.replace(/\.woff2$/, '.woff')))));
}
