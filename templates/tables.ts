import type { Element, Root } from 'hast';
import { EXIT, SKIP, visit } from './util/visit.js';

export interface TablesOptions {
  /**
   * Wrap each table in `div.table-scroll`, a box that scrolls sideways on its own on a narrow screen instead of
   * widening the page. Default `true`; print leaves tables unwrapped (a page does not scroll).
   */
  scrollBox?: boolean;
}

/**
 * Tables the same in every format: GFM column alignment (`---:`), which remark writes as the `align` attribute
 * (obsolete in HTML 5, and overridden by print's own `text-align`), becomes an `align-left|center|right` class that
 * base.css honours; on screens and in the EPUB the table sits in a box of its own that scrolls sideways.
 */
function select(node: Element, tagName: string): Element | undefined {
  let found: Element | undefined;
  visit(node, 'element', (child: Element) => {
    if (child.tagName !== tagName) return;
    found = child;
    return EXIT;
  });
  return found;
}

export default function rehypeTables(options: TablesOptions = {}) {
  const scrollBox = options.scrollBox ?? true;
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      if ((node.tagName === 'td' || node.tagName === 'th') && typeof node.properties.align === 'string') {
        const classes = Array.isArray(node.properties.className) ? node.properties.className : [];
        node.properties.className = [...classes, `align-${node.properties.align}`];
        delete node.properties.align;
      }
    });
    // Print sets tables of many columns tighter (print.css): 7 columns and more are `wide`, 11 and more `very-wide`;
    // the layout then scales or turns one still too wide for the page (src/emit/pdf/in-page.ts), which it measures.
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'table') return;
      const firstRow = select(node, 'tr');
      const columns = firstRow ? firstRow.children.filter((cell) => cell.type === 'element').length : 0;
      const classes = Array.isArray(node.properties.className) ? node.properties.className : [];
      if (columns >= 7) node.properties.className = [...classes, columns >= 11 ? 'very-wide' : 'wide'];
    });
    if (!scrollBox) return;
    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.tagName !== 'table' || !parent || index === undefined) return;
      parent.children[index] = { type: 'element', tagName: 'div', properties: { className: ['table-scroll'] }, children: [node], position: node.position };
      return SKIP;
    });
  };
}
