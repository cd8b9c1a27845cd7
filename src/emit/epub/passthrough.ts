import type { Element, Root } from 'hast';
import { visit } from '../../../templates/util/visit.js';
import type { VFile } from 'vfile';
import { placeOf } from '../../report.js';
// The generator's own list: what is not on it, it deletes (with a warning) from every element.
import { allowedAttributes } from 'epub-gen-memory/dist/lib/util/constants.js';

/**
 * epub-gen-memory sanitises chapters on its own terms: it deletes every attribute not on its list (`start` on a
 * list, `width` on an image, `datetime`…), and rewrites every `<img>` (a random file name it then tries to
 * download, `alt=""` turned into "image-placeholder"). So before it sees a chapter:
 * - an element with `lang` gets the same `xml:lang`;
 * - table cell `align` (obsolete in HTML 5, which EPUBCheck rejects) becomes a class the stylesheet aligns;
 * - valid attributes it would delete are carried past it in a class token and put back afterwards (`restore`);
 * - `<img>` travels under another name, already pointing at its final file, and is renamed back;
 * - anything else it would delete is a problem, named with its place in the manuscript, that fails the build.
 */
const carried = new Set(['start', 'reversed', 'value', 'width', 'height', 'datetime', 'cite', 'scope', 'abbr', 'headers', 'span']);
const allowed = new Set<string>(allowedAttributes);
const imageStandIn = 'folio-img';
const tokenPrefix = 'folio-keep--';

/** Prepares one chapter tree (in place); returns `file:line:col: reason` for what would be lost. */
export function protectFromGenerator(tree: Root, file: VFile): string[] {
  const problems: string[] = [];
  visit(tree, 'element', (node: Element) => {
    // Reading systems built on XML parsers (Adobe's among them) read only `xml:lang`; HTML ones read `lang`.
    if (typeof node.properties.lang === 'string' && node.properties.xmlLang === undefined) node.properties.xmlLang = node.properties.lang;
    if ((node.tagName === 'td' || node.tagName === 'th') && typeof node.properties.align === 'string') {
      addClass(node, `align-${node.properties.align}`);
      delete node.properties.align;
    }
    for (const [property, value] of Object.entries(node.properties)) {
      if (value === undefined || value === null || value === false) continue;
      const attribute = attributeName(property);
      if (allowed.has(attribute)) continue;
      if (carried.has(attribute)) {
        addClass(node, `${tokenPrefix}${attribute}--${Buffer.from(value === true ? attribute : String(value)).toString('base64url')}`);
        delete node.properties[property];
        continue;
      }
      const start = node.position?.start;
      problems.push(`${placeOf(file)}${start ? `:${start.line}:${start.column}` : ''}: the \`${attribute}\` attribute of <${node.tagName}> would be dropped from the EPUB`);
    }
    if (node.tagName === 'img') node.tagName = imageStandIn;
  });
  return problems;
}

/** Undoes `protectFromGenerator` on a chapter as the generator wrote it (XHTML, attributes in double quotes). */
export function restoreAfterGenerator(xhtml: string): string {
  return xhtml
    .replace(new RegExp(`<${imageStandIn}\\b`, 'g'), '<img')
    .replace(new RegExp(`</${imageStandIn}>`, 'g'), '')
    .replace(/ class="([^"]*)"/g, (whole, value: string) => {
      const tokens = value.split(/\s+/).filter(Boolean);
      const kept = tokens.filter((token) => !token.startsWith(tokenPrefix));
      if (kept.length === tokens.length) return whole;
      const restored = tokens
        .filter((token) => token.startsWith(tokenPrefix))
        .map((token) => {
          const [attribute, encoded] = token.slice(tokenPrefix.length).split('--');
          return ` ${attribute}="${escapeAttribute(Buffer.from(encoded ?? '', 'base64url').toString('utf8'))}"`;
        });
      return `${kept.length > 0 ? ` class="${kept.join(' ')}"` : ''}${restored.join('')}`;
    });
}

/** The HTML attribute a hast property stands for (`className` → `class`, `ariaLabel` → `aria-label`). */
function attributeName(property: string): string {
  if (property === 'className') return 'class';
  if (property === 'htmlFor') return 'for';
  if (/^xml[A-Z]/.test(property)) return `xml:${property.slice(3).toLowerCase()}`;
  if (/^aria[A-Z]/.test(property)) return `aria-${property.slice(4).toLowerCase()}`;
  if (/^data[A-Z]/.test(property)) return property.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
  return property.toLowerCase();
}

function addClass(node: Element, name: string) {
  const current = node.properties.className;
  node.properties.className = [...(Array.isArray(current) ? current.map(String) : typeof current === 'string' ? current.split(/\s+/) : []), name];
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}
