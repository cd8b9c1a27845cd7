import { basename, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fontFaceCss, fontFiles, fontStackCss, type FontChoice } from '../resources/fonts.js';
import { pagedPolyfillPath } from '../emit/pdf/in-page.js';
import { isWithin } from '../load/inside.js';

/** Everything the preview itself serves lives under this prefix, so it can never shadow a manuscript file. */
export const PREFIX = '/_folio/';
export const CLIENT_URL = `${PREFIX}client.js`;
export const EVENTS_URL = `${PREFIX}events`;
export const FONTS_CSS_URL = `${PREFIX}fonts.css`;
export const PAGED_URL = `${PREFIX}paged.polyfill.js`;
const FONT_PREFIX = `${PREFIX}fonts/`;

/**
 * The fixed files the preview serves besides the manuscript and styles: the book's font files (by name, from the
 * list `fontFiles()` gives, never an arbitrary node_modules path) and paged.js's polyfill.
 */
export class FixedAssets {
  readonly paged = pagedPolyfillPath();
  private fonts: Map<string, string>;
  private urlOfFont: Map<string, string>;
  /** Every face and subset: the browser fetches only the subsets the page's text needs (unicode-range). */
  readonly fontsCss: string;

  /** `fonts`: the book's own faces (`fonts:` in book.yaml) as the preview starts; a change to them needs a restart. */
  constructor(fonts: FontChoice = {}) {
    this.fonts = new Map(fontFiles({ fonts }).map((face) => [`${FONT_PREFIX}${encodeURIComponent(basename(face.path))}`, face.path]));
    this.urlOfFont = new Map([...this.fonts].map(([url, path]) => [path, url]));
    this.fontsCss = `${fontFaceCss({ fonts, urlFor: (path) => this.urlOfFont.get(path) ?? '' })}\n${fontStackCss(fonts)}`;
  }

  /** The file behind a fixed URL, if it is one. */
  fileFor(pathname: string): string | undefined {
    if (pathname === PAGED_URL) return this.paged;
    return this.fonts.get(pathname);
  }

  /**
   * The http URL for a file:// URL in the print document: fonts and paged.js by their fixed URLs, images by their
   * place in the manuscript folder. Anything else stays as it was and will not load.
   */
  urlForFile(fileUrl: string, manuscriptRoot: string): string {
    let path: string;
    try {
      path = fileURLToPath(fileUrl);
    } catch {
      return fileUrl;
    }
    if (path === this.paged) return PAGED_URL;
    const font = this.urlOfFont.get(path);
    if (font) return font;
    const inside = relative(manuscriptRoot, path);
    if (inside && isWithin(manuscriptRoot, path)) {
      return `/${inside.split(sep).map(encodeURIComponent).join('/')}`;
    }
    return fileUrl;
  }
}
