import { pathToFileURL } from 'node:url';
import type { BookConfig } from '../../types.js';
import { creditLines } from '../../../templates/util/contributors.js';
import { fontFaceCss, fontStackCss } from '../../resources/fonts.js';
import { coverSvg, coverText } from '../../resources/typographic-cover.js';
import { xml } from '../../resources/xml-escape.js';
import { isRightToLeft, SHOP_RULES, type Box, type CoverGeometry, type Shop } from './spine.js';

export interface CoverDocumentOptions {
  geometry: CoverGeometry;
  shop: Shop;
  /** Absolute path of the front-cover image; absent: the EPUB's typographic cover, from the same template. */
  frontImage?: string;
  /** Back-cover copy: paragraphs separated by blank lines. */
  back?: string;
  /** Draw the trim, spine folds, safe area and barcode box: the `--cover-guides` proof, never the file sent to print. */
  guides?: boolean;
}

const INK = '#f4efe4';
const GOLD = '#e0c98f';
const GROUND = '#1f2a36';

/** The full-wrap cover as one HTML page the size of the sheet, for Chromium to print. */
export function coverDocument(config: BookConfig, options: CoverDocumentOptions): string {
  const { geometry: g } = options;
  const safe = SHOP_RULES[options.shop].safeIn * 72;
  const rtl = isRightToLeft(config.language);
  const text = [coverText(config), options.back ?? ''].join(' ');
  const author = creditLines(config.contributors)[0] ?? '';
  // The front panel runs into the bleed on its three outer sides, so the artwork reaches the cut.
  const frontBleed: Box = {
    x: g.front === g.left ? 0 : g.front.x,
    y: 0,
    width: g.front.width + g.bleedPt,
    height: g.heightPt,
  };
  const front = options.frontImage
    ? `<img class="art" src="${xml(pathToFileURL(options.frontImage).href)}" alt="">`
    : coverSvg(config)
        .replace(/^<\?xml[^>]*>\s*/, '')
        .replace(/ width="1600" height="2560"/, ' width="100%" height="100%" preserveAspectRatio="xMidYMid slice"');
  const paragraphs = (options.back ?? '')
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) => `<p>${xml(paragraph.replace(/\s+/g, ' '))}</p>`)
    .join('\n');
  // Spine text faces the front cover: top to bottom on a left-bound book; turned half round (bottom to top) on a
  // right-bound one, whose front lies to the left of the spine.
  const spineText = g.spineText
    ? `<div class="spine-text${rtl ? ' right-bound' : ''}" dir="ltr" style="${at(g.spine)}"><span class="spine-title">${xml(config.title)}</span>${author ? `<span class="spine-author">${xml(author)}</span>` : ''}</div>`
    : '';
  const spineFont = Math.min(14, g.spinePt * 0.45);
  return `<!DOCTYPE html>
<html lang="${xml(config.language)}" dir="${rtl ? 'rtl' : 'ltr'}">
<head>
<meta charset="utf-8">
<title>${xml(config.title)}: cover</title>
<style>
${fontFaceCss({ text, fonts: config.fonts })}
${fontStackCss(config.fonts)}
@page { size: ${g.widthPt}pt ${g.heightPt}pt; margin: 0; }
html, body { margin: 0; padding: 0; }
body { position: relative; width: ${g.widthPt}pt; height: ${g.heightPt}pt; overflow: hidden; background: ${GROUND};
  color: ${INK}; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.panel { position: absolute; box-sizing: border-box; overflow: hidden; }
.art { width: 100%; height: 100%; object-fit: cover; display: block; }
.back { padding: ${safe + 36}pt ${safe + 30}pt ${g.barcode.height + 0.25 * 72 + 18}pt; font-size: 12pt; line-height: 1.45; }
.back p { margin: 0 0 0.8em; text-align: justify; hyphens: auto; }
.back .back-title { font-size: 20pt; color: ${GOLD}; font-style: italic; margin-bottom: 1em; text-align: center; }
.spine-text { position: absolute; display: flex; align-items: center; justify-content: space-between; box-sizing: border-box;
  writing-mode: vertical-rl; padding: ${safe + 18}pt 0; font-size: ${spineFont}pt; line-height: 1; white-space: nowrap; }
.spine-text.right-bound { transform: rotate(180deg); }
.spine-title { letter-spacing: 0.04em; }
.spine-author { color: ${GOLD}; font-style: italic; }
.guide { position: absolute; box-sizing: border-box; pointer-events: none; }
.guide.trim { border: 0.75pt solid #ff00ff; }
.guide.fold { border-left: 0.75pt solid #00c0ff; border-right: 0.75pt solid #00c0ff; }
.guide.safe { border: 0.75pt dashed #00ff80; }
.guide.barcode { border: 0.75pt solid #ffea00; background: rgba(255, 234, 0, 0.35); color: #000; font: 9pt sans-serif; display: flex; align-items: center; justify-content: center; }
</style>
</head>
<body>
<div class="panel front" style="${at(frontBleed)}">${front}</div>
<div class="panel back" style="${at(g.back)}" dir="${rtl ? 'rtl' : 'ltr'}">
<p class="back-title">${xml(config.title)}</p>
${paragraphs}
</div>
${spineText}
${options.guides ? guides(g, safe) : ''}
</body>
</html>
`;
}

function guides(g: CoverGeometry, safe: number): string {
  const inset = (box: Box, by: number): Box => ({ x: box.x + by, y: box.y + by, width: box.width - 2 * by, height: box.height - 2 * by });
  const trim: Box = { x: g.bleedPt, y: g.bleedPt, width: g.widthPt - 2 * g.bleedPt, height: g.heightPt - 2 * g.bleedPt };
  return [
    `<div class="guide trim" style="${at(trim)}"></div>`,
    `<div class="guide fold" style="${at({ ...g.spine, y: 0, height: g.heightPt })}"></div>`,
    `<div class="guide safe" style="${at(inset(g.left, safe))}"></div>`,
    `<div class="guide safe" style="${at(inset(g.right, safe))}"></div>`,
    g.spinePt > 2 * safe ? `<div class="guide safe" style="${at(inset(g.spine, safe))}"></div>` : '',
    `<div class="guide barcode" style="${at(g.barcode)}">barcode</div>`,
  ].join('\n');
}

function at(box: Box): string {
  return `left:${box.x}pt;top:${box.y}pt;width:${box.width}pt;height:${box.height}pt;`;
}
