import { directionOf } from '../../../templates/util/language.js';
import { xml } from '../../resources/xml-escape.js';

export { xml };

export interface XhtmlPage {
  lang: string;
  /** Already escaped (or an ejs tag, for the chapter template epub-gen-memory fills in). */
  title: string;
  body: string;
  bodyClass?: string;
}

const z3998 = 'http://www.daisy.org/z3998/2012/vocab/structure/#';

/** An EPUB content document: XHTML with the epub namespace, the book's language and direction, and its one stylesheet. */
export function xhtmlPage(page: XhtmlPage): string {
  const lang = xml(page.lang);
  // DAISY's structural vocabulary (`epub:type="z3998:name"`) is the one prefixed vocabulary manuscripts may use
  // (src/parse/check-element-attributes.ts): EPUBCheck wants its prefix declared, and the chapter template
  // (an ejs placeholder here) cannot tell whether its chapter uses it.
  const prefix = /epub:type="[^"]*\bz3998:|<%- content %>/.test(page.body) ? ` epub:prefix="z3998: ${z3998}"` : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"${prefix} xml:lang="${lang}" lang="${lang}" dir="${directionOf(page.lang)}">
  <head>
    <meta charset="UTF-8"/>
    <title>${page.title}</title>
    <link rel="stylesheet" type="text/css" href="style.css"/>
  </head>
  <body${page.bodyClass ? ` class="${page.bodyClass}"` : ''}>
${page.body}
  </body>
</html>
`;
}
