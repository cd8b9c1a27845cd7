import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cssString } from './css-string.js';

/** The book face: body text, headings, running heads and folios in Latin, Greek and Cyrillic. */
export const BODY_FAMILY = 'EB Garamond';
/** Han, kana and hangul, wherever `lang` says Chinese (or Korean) and for any CJK glyph the book face lacks. */
export const CJK_FAMILY = 'Noto Serif SC';
/**
 * Japanese: Han unification gives Chinese and Japanese one code point for characters whose printed shapes differ
 * (直, 骨, 海), so Japanese text needs a Japanese face, not the Chinese one with Japanese kana.
 */
export const JAPANESE_FAMILY = 'Noto Serif JP';
/** Code: Noto Sans Mono (Latin, Greek, Cyrillic; TrueType outlines); Han falls back to the CJK face. */
export const MONO_FAMILY = 'Noto Sans Mono';
/** Arabic script (Arabic, Persian, Urdu): a Naskh, the book hand of Arabic print. */
export const ARABIC_FAMILY = 'Noto Naskh Arabic';
/** Hebrew: Frank Rühl, the classic Hebrew book face. */
export const HEBREW_FAMILY = 'Frank Ruhl Libre';
/** Emoji, in monochrome outlines: colour emoji fonts are bitmaps or COLR layers that print as Type 3. */
export const EMOJI_FAMILY = 'Noto Emoji';
/**
 * Code in CJK text: a fixed-pitch Gothic whose Latin is exactly half an em and whose kana and kanji are one em,
 * so two Latin columns equal one CJK column and code keeps its alignment. Han it lacks falls to the CJK serif,
 * still one em wide.
 */
export const CJK_MONO_FAMILY = 'BIZ UDGothic';

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
  /** The book's own faces (`fonts:` in book.yaml). */
  fonts?: FontChoice;
  /**
   * The text the book sets. When given, subsets of the Chinese face that no character of it falls in are left out:
   * Noto Serif SC comes as ~100 subsets per weight, and a book usually needs a handful.
   */
  text?: string;
}

export interface FontSource {
  packageName: string;
  family: string;
  /** The per-weight CSS files of the package, each listing that weight's subsets. */
  cssFiles: string[];
  /**
   * A face only books in some scripts need, too large to put in every install: a devDependency of Folio (the
   * tests and the default book use it), installed by the user when a book calls for it. The coverage check
   * names the package and the command before any layout.
   */
  onDemand?: true;
}

/**
 * The faces a book may set, in the order a character looks for its glyph. Every one is TrueType (glyf) outlines,
 * which Chromium embeds as CID TrueType. Sizes in node_modules (woff and woff2 of every weight): EB Garamond
 * 3.7 MB, Noto Sans Mono 2.8 MB, Noto Naskh Arabic 1.1 MB, Frank Ruhl Libre 0.7 MB (8.3 MB in all: dependencies);
 * on demand, Noto Serif SC 87 MB, Noto Serif JP 95 MB, BIZ UDGothic 18 MB, Noto Emoji 11 MB. optionalDependencies
 * would not keep these out: npm installs them unless told `--omit=optional`.
 */

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
    onDemand: true,
  },
  { packageName: '@fontsource/noto-serif-jp', family: JAPANESE_FAMILY, cssFiles: ['400.css', '700.css'], onDemand: true },
  {
    packageName: '@fontsource/noto-sans-mono',
    family: MONO_FAMILY,
    cssFiles: ['400.css', '700.css'],
  },
  { packageName: '@fontsource/noto-naskh-arabic', family: ARABIC_FAMILY, cssFiles: ['400.css', '700.css'] },
  { packageName: '@fontsource/frank-ruhl-libre', family: HEBREW_FAMILY, cssFiles: ['400.css', '700.css'] },
  { packageName: '@fontsource/biz-udgothic', family: CJK_MONO_FAMILY, cssFiles: ['400.css', '700.css'], onDemand: true },
  { packageName: '@fontsource/noto-emoji', family: EMOJI_FAMILY, cssFiles: ['400.css'], onDemand: true },
];

/** Every family Folio bundles, for font stacks and the coverage check. */
export const BUNDLED_FAMILIES = SOURCES.map((source) => source.family);

/** The roles a book may give to a face of its own choice (`fonts:` in book.yaml). */
export type FontRole = 'body' | 'cjk' | 'japanese' | 'arabic' | 'hebrew' | 'mono';

/** A book's own faces by role, each an installed fontsource package read by `font-package.ts`. */
export type FontChoice = Partial<Record<FontRole, FontSource>>;

const DEFAULT_FAMILIES: Record<FontRole, string> = {
  body: BODY_FAMILY,
  cjk: CJK_FAMILY,
  japanese: JAPANESE_FAMILY,
  arabic: ARABIC_FAMILY,
  hebrew: HEBREW_FAMILY,
  mono: MONO_FAMILY,
};

/** The family of each role: the book's choice, or the bundled face. */
export function familiesOf(choice: FontChoice = {}): Record<FontRole, string> {
  const families = { ...DEFAULT_FAMILIES };
  for (const role of Object.keys(families) as FontRole[]) families[role] = choice[role]?.family ?? families[role];
  return families;
}

/** Every family a book may set: the bundled ones and its own. */
export function allFamilies(choice: FontChoice = {}): string[] {
  return [...new Set([...Object.values(choice).map((source) => source.family), ...BUNDLED_FAMILIES])];
}

/**
 * The font stack of text in a language, the book face first for the scripts it covers; code (`pre`, `code`)
 * puts a monospace first. What follows the first face is where characters it lacks find their glyph: every
 * bundled face, so no character ever falls to a system font (which Chromium may embed as Type 3).
 */
export function fontStack(language: string, options: { code?: boolean } = {}, choice: FontChoice = {}): string[] {
  const f = familiesOf(choice);
  const primary = language.toLowerCase().split('-')[0] ?? '';
  const cjk = ['zh', 'ja', 'ko', 'yue', 'lzh'].includes(primary);
  const cjkSerif = primary === 'ja' ? [f.japanese, f.cjk] : [f.cjk];
  // Code in CJK text takes the Gothic whose Latin is half its kanji, so columns line up; elsewhere the Latin monospace.
  const first: string[] = options.code
    ? cjk
      ? [CJK_MONO_FAMILY, f.mono]
      : [f.mono, CJK_MONO_FAMILY]
    : cjk
      ? [...cjkSerif, f.body]
      : ['ar', 'fa', 'ur', 'ps', 'sd', 'ug', 'ckb'].includes(primary)
        ? [f.arabic, f.body]
        : ['he', 'iw', 'yi'].includes(primary)
          ? [f.hebrew, f.body]
          : [f.body];
  // The bundled faces stay behind a book's own, for the characters its faces lack.
  return [...new Set([...first, f.body, BODY_FAMILY, f.cjk, CJK_FAMILY, f.arabic, ARABIC_FAMILY, f.hebrew, HEBREW_FAMILY, EMOJI_FAMILY])];
}

/**
 * The family a character's script calls for in text of `language`, named when no bundled face has the character;
 * undefined for a script none is made for.
 */
export function expectedFamily(character: string, code = false, language = 'en', choice: FontChoice = {}): string | undefined {
  const f = familiesOf(choice);
  if (/\p{Extended_Pictographic}/u.test(character) && (character.codePointAt(0) ?? 0) > 0x2000) return EMOJI_FAMILY;
  if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}\u3000-\u30FF\u31F0-\u31FF\uFF00-\uFFEF]/u.test(character)) {
    return code ? CJK_MONO_FAMILY : fontStack(language, {}, choice)[0] === f.japanese ? f.japanese : f.cjk;
  }
  if (/\p{Script=Arabic}/u.test(character)) return f.arabic;
  if (/\p{Script=Hebrew}/u.test(character)) return f.hebrew;
  if (!/[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Common}\p{Script=Inherited}]/u.test(character)) return undefined;
  return code ? f.mono : f.body;
}

const require = createRequire(import.meta.url);

// Per package: reading ~100 subsets' CSS for every call would cost more than the lookups it serves.
const cached = new Map<string, FontFile[]>();

function installedDir(packageName: string): string | undefined {
  try {
    return dirname(require.resolve(`${packageName}/package.json`));
  } catch {
    return undefined;
  }
}

/**
 * The npm package of a bundled family that is not installed (an on-demand face), for the message that asks for
 * it; undefined when the family is installed or not one Folio knows.
 */
export function missingFontPackage(family: string): string | undefined {
  const source = SOURCES.find((candidate) => candidate.family === family);
  return source && installedDir(source.packageName) === undefined ? source.packageName : undefined;
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

function allFontFiles(choice: FontChoice = {}): FontFile[] {
  const chosen = Object.values(choice).filter((source) => !SOURCES.some((bundled) => bundled.packageName === source.packageName));
  return [...chosen, ...SOURCES].flatMap((source) => sourceFiles(source));
}

/** The woff2 faces of one package; none for an on-demand face that is not installed. */
function sourceFiles(source: FontSource): FontFile[] {
  const known = cached.get(source.packageName);
  if (known) return known;
  const dir = installedDir(source.packageName);
  if (dir === undefined) {
    if (source.onDemand) return [];
    throw new Error(`The font package ${source.packageName} is not installed (run npm install).`);
  }
  const files: FontFile[] = [];
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
  cached.set(source.packageName, files);
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

/** The distinct code points of `text`, in order of first use: one pass, no array of every character of a book. */
export function codePointsOf(text: string): number[] {
  const seen = new Set<number>();
  for (const character of text) seen.add(character.codePointAt(0)!);
  return [...seen];
}

/** Whether a face (or subset) has a glyph range holding any of `codePoints`; a face with no range covers all. */
export function faceCovers(face: Pick<FontFile, 'unicodeRange'>, codePoints: number[]): boolean {
  if (!face.unicodeRange) return true;
  const ranges = parseUnicodeRange(face.unicodeRange);
  return codePoints.some((cp) => ranges.some(([a, b]) => cp >= a && cp <= b));
}

/** The marks `text-emphasis` draws: filled and open dot, filled and open sesame. */
const EMPHASIS_MARKS = '\u2022\u25E6\uFE45\uFE46';

/**
 * The font files the book's CSS uses: EB Garamond 400, 400 italic, 700, 700 italic (all subsets) and
 * Noto Serif SC 400 and 700 (only the subsets the text needs, when `text` is given).
 */
export function fontFiles(options: FontOptions = {}): FontFile[] {
  const files = allFontFiles(options.fonts);
  const f = familiesOf(options.fonts);
  if (options.text === undefined) return [...files];
  // CJK emphasis is drawn as marks the text does not hold (`text-emphasis` in styles/base.css: dots, sesame);
  // without the subset that has them Chromium would take the mark from a system font.
  const marks = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(options.text) ? EMPHASIS_MARKS : '';
  const codePoints = codePointsOf(options.text + marks).filter((cp) => cp > 0x7f);
  // The book face comes whole; of the others, only the subsets the text touches (Latin text needs none of them,
  // except the monospace's Latin, which sets code).
  const ascii = /[\x21-\x7e]/.test(options.text);
  // Japanese always writes kana: text without any is Chinese (or Latin), whose Han the Japanese face never sets.
  const japanese = /[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(options.text);
  return files.filter(
    (face) =>
      (face.family !== f.japanese || japanese) &&
      (face.family === f.body ||
      faceCovers(face, codePoints) ||
      ((face.family === CJK_MONO_FAMILY || face.family === f.mono) && ascii && faceCovers(face, [0x41]))),
  );
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

const languagesByStack: Array<{ tags: string[]; stackOf: string }> = [
  { tags: ['zh', 'ko', 'yue', 'lzh'], stackOf: 'zh' },
  // After the Chinese rule, so `:lang(ja)` inside a Chinese book still takes the Japanese face.
  { tags: ['ja'], stackOf: 'ja' },
  { tags: ['ar', 'fa', 'ur', 'ps', 'sd', 'ug', 'ckb'], stackOf: 'ar' },
  { tags: ['he', 'iw', 'yi'], stackOf: 'he' },
];

function familyList(families: string[], generic: string): string {
  return [...families.map(cssString), generic].join(', ');
}

/**
 * The font stacks as CSS, by language (`:lang()` matches the document's and every element's `lang`), with code
 * in the monospace: one set of rules for print, EPUB and screen, and the same stacks the coverage check
 * (`src/transform/check-coverage.ts`) assumes. Comes after the target's stylesheets.
 */
export function fontStackCss(choice: FontChoice = {}): string {
  const rules = [`html { font-family: ${familyList(fontStack('en', {}, choice), 'serif')}; }`];
  for (const { tags, stackOf } of languagesByStack) {
    rules.push(`${tags.map((tag) => `:lang(${tag})`).join(', ')} { font-family: ${familyList(fontStack(stackOf, {}, choice), 'serif')}; }`);
  }
  // `:root` outweighs `:lang()`, so code inside a Chinese paragraph still takes the monospace. The elements inside
  // code (the highlighter's line and token spans) match `:lang()` themselves rather than inherit the code's face, so
  // the rules name them too.
  const codeTags = ['pre', 'code', 'kbd', 'samp'].flatMap((tag) => [tag, `${tag} *`]);
  rules.push(`${codeTags.map((tag) => `:root ${tag}`).join(', ')} { font-family: ${familyList(fontStack('en', { code: true }, choice), 'monospace')}; }`);
  const cjkCode = ['zh', 'ja', 'ko'].flatMap((language) => codeTags.map((tag) => `:root ${tag.replace(/^\w+/, (name) => `${name}:lang(${language})`)}`));
  rules.push(`${cjkCode.join(', ')} { font-family: ${familyList(fontStack('zh', { code: true }, choice), 'monospace')}; }`);
  return rules.join('\n');
}
