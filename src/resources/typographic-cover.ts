import type { BookConfig } from '../types.js';
import { creditLines } from '../../templates/util/contributors.js';

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
  const credits = creditLines(config.contributors);
  let y = 900 - titleLines.length * 70;
  const title = titleLines.map((line) => `<text x="800" y="${(y += 150)}" class="title">${xml(line)}</text>`).join('\n  ');
  const subtitle = config.subtitle ? `<text x="800" y="${(y += 140)}" class="subtitle">${xml(config.subtitle)}</text>` : '';
  let creditY = 1900;
  const creditText = credits.map((line, index) => `<text x="800" y="${(creditY += index === 0 ? 0 : 80)}" class="${index === 0 ? 'principal' : 'credit'}">${xml(line)}</text>`).join('\n  ');
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1600 2560" width="1600" height="2560" role="img" aria-label="${xml(`Cover of ${config.title}`)}">
  <style>
    text { font-family: 'EB Garamond', 'Noto Serif SC', serif; text-anchor: middle; fill: #f4efe4; }
    .title { font-size: 132px; }
    .subtitle { font-size: 76px; font-style: italic; fill: #e0c98f; }
    .principal { font-size: 84px; letter-spacing: 6px; }
    .credit { font-size: 56px; font-style: italic; }
  </style>
  <rect width="1600" height="2560" fill="#1f2a36"/>
  <rect x="90" y="90" width="1420" height="2380" fill="none" stroke="#e0c98f" stroke-width="6"/>
  ${title}
  ${subtitle}
  <line x1="650" y1="${y + 110}" x2="950" y2="${y + 110}" stroke="#e0c98f" stroke-width="4"/>
  ${creditText}
</svg>
`;
}

/** Every character the cover sets, to choose the font subsets it needs. */
export function coverText(config: BookConfig): string {
  return [config.title, config.subtitle ?? '', ...creditLines(config.contributors)].join(' ');
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && (line + ' ' + word).length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
