import type { Element, ElementContent, Root } from 'hast';
import { visit } from '../../templates/util/visit.js';
import type { VFile } from 'vfile';
import { report as fileReport } from '../report.js';

/*
 * What raw HTML may keep so the EPUB stays valid XHTML. rehype-sanitize's GitHub schema lets many attributes
 * onto every element (`width`, `datetime`, `align` …) and any `role`; EPUBCheck refuses each on an element HTML
 * does not give it. Every element is checked (positions inside raw HTML in a quotation or list are too loose to
 * tell raw elements apart); what Markdown itself produces is all allowed.
 */

/** Attributes HTML gives every element (hast property names); `aria*` and `data*` are matched by prefix. */
const globalAttributes = new Set(['id', 'className', 'title', 'lang', 'dir', 'xmlLang', 'role', 'epub:type', 'tabIndex', 'hidden', 'accessKey', 'translate', 'itemProp']);

/** Attributes particular elements have, besides the global ones. */
const elementAttributes: Record<string, string[]> = {
  a: ['href', 'hrefLang', 'rel', 'type', 'dataFootnoteRef', 'dataFootnoteBackref'],
  img: ['src', 'alt', 'width', 'height'],
  // `align` is what GFM tables give their cells; the emitters turn it into a class.
  td: ['colSpan', 'rowSpan', 'headers', 'align'],
  th: ['colSpan', 'rowSpan', 'headers', 'scope', 'abbr', 'align'],
  ol: ['start', 'reversed', 'type'],
  li: ['value'],
  time: ['dateTime'],
  del: ['cite', 'dateTime'],
  ins: ['cite', 'dateTime'],
  q: ['cite'],
  blockquote: ['cite'],
  col: ['span'],
  colgroup: ['span'],
  details: ['open'],
  input: ['type', 'checked', 'disabled'],
  section: ['dataFootnotes'],
};

/** The WAI-ARIA 1.2 and DPUB-ARIA 1.0 roles: any other value is refused by EPUBCheck. */
const roles = new Set(
  (
    'alert alertdialog application article banner blockquote button caption cell checkbox code columnheader combobox ' +
    'complementary contentinfo definition deletion dialog directory document emphasis feed figure form generic grid ' +
    'gridcell group heading img insertion link list listbox listitem log main marquee math menu menubar menuitem ' +
    'menuitemcheckbox menuitemradio meter navigation none note option paragraph presentation progressbar radio ' +
    'radiogroup region row rowgroup rowheader scrollbar search searchbox separator slider spinbutton status strong ' +
    'subscript superscript switch tab table tablist tabpanel term textbox time timer toolbar tooltip tree treegrid treeitem ' +
    'doc-abstract doc-acknowledgments doc-afterword doc-appendix doc-backlink doc-biblioentry doc-bibliography ' +
    'doc-biblioref doc-chapter doc-colophon doc-conclusion doc-cover doc-credit doc-credits doc-dedication doc-endnote ' +
    'doc-endnotes doc-epigraph doc-epilogue doc-errata doc-example doc-footnote doc-foreword doc-glossary doc-glossref ' +
    'doc-index doc-introduction doc-noteref doc-notice doc-pagebreak doc-pagelist doc-part doc-preface doc-prologue ' +
    'doc-pullquote doc-qna doc-subtitle doc-tip doc-toc'
  ).split(' '),
);

/** Elements whose content is phrasing (text-level) only: a block inside one is invalid XHTML. */
const phrasingParents = new Set([
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'span', 'em', 'strong', 'b', 'i', 'u', 's', 'small', 'sub', 'sup', 'q', 'cite',
  'abbr', 'dfn', 'mark', 'code', 'kbd', 'samp', 'var', 'bdi', 'bdo', 'time', 'del', 'ins', 'a', 'dt', 'caption', 'summary',
  'figcaption', 'pre', 'strike', 'tt', 'big',
]);
/** Elements that are blocks (flow content only), turned into spans inside a phrasing parent. */
const blockElements = new Set([
  'p', 'div', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'blockquote',
  'section', 'article', 'aside', 'header', 'footer', 'nav', 'address', 'figure', 'figcaption', 'details', 'summary', 'hr',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'hgroup', 'colgroup', 'col',
]);

/**
 * Drops, with an `attribute-invalid` warning at the element, each attribute HTML does not give that element,
 * a `role` that is no ARIA or DPUB-ARIA role, an `id` that is empty or holds spaces, and `epub:type` values with an undeclared prefix (any but `z3998:`);
 * turns blocks written inside a heading, paragraph or inline element into spans. Runs after rehype-sanitize.
 */
export function rehypeCheckElementAttributes() {
  return (tree: Root, file: VFile) => {
    const report = (node: Element, reason: string) => fileReport(file, 'attribute-invalid', reason, node.position);
    visit(tree, 'element', (node: Element) => {
      if (phrasingParents.has(node.tagName)) inlineBlocks(node, report);
      const allowed = elementAttributes[node.tagName] ?? [];
      for (const [name, value] of Object.entries(node.properties)) {
        if (value === undefined || value === null) continue;
        if (globalAttributes.has(name) || allowed.includes(name) || /^(aria|data)[A-Z]/.test(name)) continue;
        delete node.properties[name];
        report(node, `\`<${node.tagName}>\` has no attribute \`${attributeName(name)}\`: removed`);
      }
      const tabIndex = node.properties.tabIndex;
      if (tabIndex !== undefined && tabIndex !== null && !/^-?\d+$/.test(String(tabIndex).trim())) {
        delete node.properties.tabIndex;
        report(node, `\`<${node.tagName} tabindex="${String(tabIndex)}">\`: not an integer: removed`);
      }
      const role = node.properties.role;
      if (role !== undefined && role !== null) {
        const tokens = String(role).split(/\s+/).filter(Boolean);
        const valid = tokens.filter((token) => roles.has(token));
        if (valid.length !== tokens.length || tokens.length === 0) {
          if (valid.length > 0) node.properties.role = valid.join(' ');
          else delete node.properties.role;
          report(node, `\`<${node.tagName} role="${String(role)}">\`: not an ARIA or DPUB-ARIA role: removed; see https://www.w3.org/TR/dpub-aria-1.0/ for the roles a book uses`);
        }
      }
      if (node.properties.id !== undefined && node.properties.id !== null && !/^\S+$/.test(String(node.properties.id))) {
        const id = String(node.properties.id);
        delete node.properties.id;
        report(node, `\`<${node.tagName} id="${id}">\`: an id cannot be empty or hold spaces: removed; write it as one word (\`${id.trim().replace(/\s+/g, '-') || 'name'}\`)`);
      }
      // Without `datetime`, a <time> may hold only text (its content is the date): markup inside makes it a span.
      if (node.tagName === 'time' && node.properties.dateTime === undefined && node.children.some((child) => child.type === 'element')) {
        node.tagName = 'span';
        report(node, '`<time>` without `datetime` may hold only text: set as `<span>`; add `datetime="YYYY-MM-DD"` to keep it a date');
      }
      const types = node.properties['epub:type'];
      if (types !== undefined && types !== null) {
        const tokens = String(types).split(/\s+/).filter(Boolean);
        // The EPUB's documents declare one vocabulary prefix, DAISY's `z3998:` (src/emit/epub/xml.ts).
        const kept = tokens.filter((token) => !token.includes(':') || token.startsWith('z3998:'));
        if (tokens.length === 0) delete node.properties['epub:type'];
        else if (kept.length !== tokens.length) {
          if (kept.length > 0) node.properties['epub:type'] = kept.join(' ');
          else delete node.properties['epub:type'];
          report(node, `\`<${node.tagName} epub:type="${String(types)}">\`: \`${tokens.filter((token) => !kept.includes(token)).join(' ')}\` is from a vocabulary the book does not declare: removed; use terms of the EPUB Structural Semantics Vocabulary or \`z3998:\` ones`);
        }
      }
    });
  };
}

/** Blocks inside a phrasing element become spans (their text kept): `<h2>… <p>a paragraph</p></h2>`. */
function inlineBlocks(parent: Element, report: (node: Element, reason: string) => void): void {
  const stack: ElementContent[] = [...parent.children];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type !== 'element') continue;
    if (blockElements.has(node.tagName)) {
      report(node, `\`<${node.tagName}>\` cannot be inside \`<${parent.tagName}>\`: set as inline text; close the \`<${parent.tagName}>\` before it to keep it a block`);
      node.tagName = 'span';
      for (const name of Object.keys(node.properties)) if (!globalAttributes.has(name) && !/^(aria|data)[A-Z]/.test(name)) delete node.properties[name];
    }
    stack.push(...node.children);
  }
}

/** The attribute as written (`dateTime` → `datetime`, `colSpan` → `colspan`). */
function attributeName(property: string): string {
  return property.toLowerCase();
}
