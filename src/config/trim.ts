/** Trim sizes: the presets print-on-demand shops offer, and `W x H` with units. */

const TRIM_PRESETS: Record<string, [string, string]> = {
  '6x9in': ['6in', '9in'],
  '5x8in': ['5in', '8in'],
  '5.5x8.5in': ['5.5in', '8.5in'],
  a5: ['148mm', '210mm'],
  royal: ['156mm', '234mm'],
};

export const POINTS_PER_UNIT: Record<string, number> = { in: 72, mm: 72 / 25.4, cm: 72 / 2.54, pt: 1 };

export interface Trim {
  /** CSS lengths, e.g. `6in`, `148mm`. */
  width: string;
  height: string;
  /** The same in PostScript points. */
  widthPt: number;
  heightPt: number;
}

/**
 * Reads a trim size: a preset (`6x9in`, `5x8in`, `5.5x8.5in`, `a5`, `royal`) or `W x H` with units
 * (`6in x 9in`, `170mm x 240mm`, `6x9in`).
 */
export function parseTrim(trim: string): Trim {
  const text = trim.trim().toLowerCase();
  const preset = TRIM_PRESETS[text.replace(/\s+/g, '')];
  const match = preset
    ? null
    : /^(\d+(?:\.\d+)?)\s*(in|mm|cm|pt)?\s*[x×]\s*(\d+(?:\.\d+)?)\s*(in|mm|cm|pt)$/.exec(text);
  let width: [number, string];
  let height: [number, string];
  if (preset) {
    const split = (length: string): [number, string] => {
      const m = /^([\d.]+)([a-z]+)$/.exec(length)!;
      return [Number(m[1]), m[2]];
    };
    width = split(preset[0]);
    height = split(preset[1]);
  } else if (match) {
    width = [Number(match[1]), match[2] ?? match[4]];
    height = [Number(match[3]), match[4]];
  } else {
    throw new Error(
      `Unknown print trim size '${trim}': use a preset (${Object.keys(TRIM_PRESETS).join(', ')}) ` +
        `or a width and height with units, like '6in x 9in' or '170mm x 240mm'.`,
    );
  }
  const widthPt = width[0] * POINTS_PER_UNIT[width[1]];
  const heightPt = height[0] * POINTS_PER_UNIT[height[1]];
  if (!(widthPt >= 144 && heightPt >= 144 && widthPt <= 2000 && heightPt <= 2000)) {
    throw new Error(`Print trim size '${trim}' is out of range: each side must be between 2in and about 27in.`);
  }
  return { width: `${width[0]}${width[1]}`, height: `${height[0]}${height[1]}`, widthPt, heightPt };
}
