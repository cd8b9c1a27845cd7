import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseFontsourceCss, type FontSource } from './fonts.js';

const require = createRequire(import.meta.url);

/** The weights and styles a book uses: regular and bold, upright and italic; a package may lack the italics. */
const STYLE_FILES = ['400.css', '400-italic.css', '700.css', '700-italic.css'];

/**
 * Reads a `fonts:` value of book.yaml, the name of an installed fontsource package (`@fontsource/literata`), into
 * the face it declares. Throws an Error whose message the author reads at the value's place: a name that is not
 * a package, a package not installed (with the command that installs it), one without a regular weight, or a
 * face with CFF (PostScript) outlines, which Chromium embeds in a PDF as Type 3.
 */
export function parseFontPackage(value: string): FontSource {
  if (!/^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i.test(value)) {
    throw new Error(`expects the name of an installed font package, such as \`@fontsource/literata\`, not \`${value}\``);
  }
  let dir: string;
  try {
    dir = dirname(require.resolve(`${value}/package.json`));
  } catch {
    throw new Error(`the font package \`${value}\` is not installed: run \`npm install ${value}\``);
  }
  const cssFiles = STYLE_FILES.filter((file) => existsSync(join(dir, file)));
  if (!cssFiles.includes('400.css')) throw new Error(`\`${value}\` has no \`400.css\`: Folio reads fontsource packages, which declare each weight in its own CSS file`);
  const faces = parseFontsourceCss(readFileSync(join(dir, '400.css'), 'utf8'), dir);
  const family = faces[0]?.family;
  if (family === undefined) throw new Error(`\`${value}/400.css\` declares no woff2 font`);
  const flavor = outlineFlavor(readFileSync(faces[0]!.path));
  if (flavor !== 'truetype') {
    throw new Error(`${family} (\`${value}\`) has ${flavor === 'cff' ? 'CFF (PostScript)' : 'unknown'} outlines, which Chromium embeds in a PDF as Type 3 fonts: choose a face with TrueType outlines`);
  }
  return { packageName: value, family, cssFiles };
}

/** The outlines of a font file from its header: `wOF2`/`wOFF` carry the sfnt version in bytes 4–7. */
export function outlineFlavor(data: Buffer): 'truetype' | 'cff' | 'unknown' {
  const signature = data.subarray(0, 4).toString('latin1');
  const version = signature === 'wOF2' || signature === 'wOFF' ? data.subarray(4, 8) : data.subarray(0, 4);
  const tag = version.toString('latin1');
  if (tag === 'OTTO') return 'cff';
  if (tag === 'true' || version.readUInt32BE(0) === 0x00010000) return 'truetype';
  return 'unknown';
}
