import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cssString } from './css-string.js';

/** The book face: body text, headings, running heads and folios. */
export const BODY_FAMILY = 'EB Garamond';
/** The fallback for Chinese text, set wherever `lang|=zh` and for any Han glyph EB Garamond lacks. */
export const CJK_FAMILY = 'Noto Serif SC';

/** One font file: a weight and style of a family, limited to a unicode-range subset. */
export interface FontFile {
  family: string;
  weight: number;
  style: 'normal' | 'italic';
  /** Absolute path of the woff2 file (TrueType outlines: Chromium embeds these as CID TrueType, never Type 3). */
  path: string;
  /** The CSS unicode-range of the subset, e.g. `U+0000-00FF,U+0131`; undefined when the file covers everything. */
  unicodeRange?: string;
}

export interface FontOptions {
  /**
   * The text the book sets. When given, subsets of the Chinese face that no character of it falls in are left out:
   * Noto Serif SC comes as ~100 subsets per weight, and a book usually needs a handful.
   */
  text?: string;
}

interface FontSource {
  packageName: string;
  family: string;
  /** The per-weight CSS files of the package, each listing that weight's subsets. */
  cssFiles: string[];
}

const SOURCES: FontSource[] = [
  {
    packageName: '@fontsource/eb-garamond',
    family: BODY_FAMILY,
    cssFiles: ['400.css', '400-italic.css', '700.css', '700-italic.css'],
  },
  {
    packageName: '@fontsource/noto-serif-sc',
    family: CJK_FAMILY,
    cssFiles: ['400.css', '700.css'],
  },
];

const require = createRequire(import.meta.url);

let cached: FontFile[] | undefined;

function packageDir(packageName: string): string {
  try {
    return dirname(require.resolve(`${packageName}/package.json`));
  } catch (error) {
    throw new Error(`The font package ${packageName} is not installed (run npm install).`, { cause: error });
  }
}

function declaration(block: string, property: string): string | undefined {
  const match = new RegExp(`(?:^|[;{\\s])${property}\\s*:\\s*([^;]+);`, 'i').exec(block);
  return match?.[1]?.trim();
}

/** Reads the @font-face rules of one fontsource CSS file, keeping the woff2 source of each. */
export function parseFontsourceCss(css: string, baseDir: string): FontFile[] {
  const faces: FontFile[] = [];
  for (const match of css.matchAll(/@font-face\s*{([^}]*)}/g)) {
    const block = match[1];
    const family = declaration(block, 'font-family')?.replace(/^['"]|['"]$/g, '');
    const weight = Number(declaration(block, 'font-weight') ?? '400');
    const style = declaration(block, 'font-style') === 'italic' ? 'italic' : 'normal';
    const src = declaration(block, 'src') ?? '';
    const woff2 = /url\(\s*['"]?([^'")]+\.woff2)['"]?\s*\)/.exec(src)?.[1];
    if (!family || !woff2 || !Number.isFinite(weight)) continue;
    faces.push({
      family,
      weight,
      style,
      path: resolve(baseDir, woff2),
      unicodeRange: declaration(block, 'unicode-range')?.replace(/\s+/g, ''),
    });
  }
  return faces;
}

function allFontFiles(): FontFile[] {
  if (cached) return cached;
  const files: FontFile[] = [];
  for (const source of SOURCES) {
    const dir = packageDir(source.packageName);
    for (const cssFile of source.cssFiles) {
      const cssPath = resolve(dir, cssFile);
      let css: string;
      try {
        css = readFileSync(cssPath, 'utf8');
      } catch (error) {
        throw new Error(`Cannot read ${cssPath} from ${source.packageName}.`, { cause: error });
      }
      const faces = parseFontsourceCss(css, dir);
      if (faces.length === 0) throw new Error(`No woff2 @font-face found in ${cssPath}.`);
      for (const face of faces) {
        if (face.family !== source.family) {
          throw new Error(`${cssPath} declares '${face.family}', expected '${source.family}'.`);
        }
        files.push(face);
      }
    }
  }
  cached = files;
  return files;
}

/** Parses `U+0000-00FF,U+0131,U+4??` into inclusive code point ranges. */
export function parseUnicodeRange(range: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const part of range.split(',')) {
    const token = part.trim().replace(/^u\+/i, '');
    if (!token) continue;
    if (token.includes('?')) {
      ranges.push([parseInt(token.replace(/\?/g, '0'), 16), parseInt(token.replace(/\?/g, 'f'), 16)]);
    } else {
      const [start, end = start] = token.split('-');
      ranges.push([parseInt(start, 16), parseInt(end, 16)]);
    }
  }
  return ranges.filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b));
}

/** Whether a face (or subset) has a glyph range holding any of `codePoints`; a face with no range covers all. */
export function faceCovers(face: Pick<FontFile, 'unicodeRange'>, codePoints: number[]): boolean {
  if (!face.unicodeRange) return true;
  const ranges = parseUnicodeRange(face.unicodeRange);
  return codePoints.some((cp) => ranges.some(([a, b]) => cp >= a && cp <= b));
}

/**
 * The font files the book's CSS uses: EB Garamond 400, 400 italic, 700, 700 italic (all subsets) and
 * Noto Serif SC 400 and 700 (only the subsets the text needs, when `text` is given).
 */
export function fontFiles(options: FontOptions = {}): FontFile[] {
  const files = allFontFiles();
  if (options.text === undefined) return [...files];
  const codePoints = [...new Set(Array.from(options.text, (c) => c.codePointAt(0) ?? 0))].filter((cp) => cp > 0x7f);
  return files.filter((face) => face.family !== CJK_FAMILY || faceCovers(face, codePoints));
}

export interface FontFaceCssOptions extends FontOptions {
  /** The URL a rule gives for a font file. Default: its absolute `file://` URL; the preview serves the files over http. */
  urlFor?: (path: string) => string;
}

/** `@font-face` rules for the book's fonts, with absolute `file://` URLs (for a page opened from a file) unless `urlFor` says otherwise. */
export function fontFaceCss(options: FontFaceCssOptions = {}): string {
  const urlFor = options.urlFor ?? ((path: string) => pathToFileURL(path).href);
  return fontFiles(options)
    .map((face) => fontFaceRule(face, urlFor(face.path), { display: 'block' }))
    .join('\n');
}

/**
 * One `@font-face` rule for `face`, its woff2 file at `url`. `display: 'block'` is for pages laid out or
 * previewed in a browser, which must not set text in a fallback face; an EPUB leaves that to the reading system.
 */
export function fontFaceRule(face: FontFile, url: string, options: { display?: 'block' } = {}): string {
  return [
    '@font-face {',
    `  font-family: ${cssString(face.family)};`,
    `  font-style: ${face.style};`,
    `  font-weight: ${face.weight};`,
    options.display ? `  font-display: ${options.display};` : undefined,
    `  src: url(${cssString(url)}) format("woff2");`,
    face.unicodeRange ? `  unicode-range: ${face.unicodeRange};` : undefined,
    '}',
  ]
    .filter((line) => line !== undefined)
    .join('\n');
}
