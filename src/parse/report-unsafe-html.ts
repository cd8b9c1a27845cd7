import type { Element, Root } from 'hast';
import { visit } from '../../templates/util/visit.js';
import type { VFile } from 'vfile';
import { bookSanitizeSchema, strippedElements, urlProperties } from './sanitize-schema.js';
import { report as fileReport, type RuleId } from '../report.js';

/** Only these are named in warnings: elements and attributes that run code or pull in other documents. */
const dangerousElements = new Set(['script', 'iframe', 'object', 'embed', 'applet', 'frame', 'frameset']);

/**
 * Reports, at its place in the Markdown, each piece of raw HTML that rehype-sanitize is about to remove because
 * it could run code or load something: `<script>`, `<iframe>`, `<object>`, `<embed>`, `on*` handlers, and URLs
 * whose scheme is not allowed (`javascript:`, `file:`, `vbscript:`…). Runs just before rehype-sanitize, which
 * does the removing; only a script URL in an attribute the schema has no protocol list for is removed here.
 */
export function rehypeReportUnsafeHtml() {
  return (tree: Root, file: VFile) => {
    const report = (node: Element, reason: string) =>
      fileReport(file, 'html-unsafe', reason, node.position);
    visit(tree, 'element', (node: Element) => {
      if (dangerousElements.has(node.tagName)) {
        report(node, `Removed \`<${node.tagName}>\`: a manuscript may not run scripts or embed other documents`);
        return 'skip';
      }
      if (node.tagName === 'style') {
        report(node, 'Removed `<style>`: a book\'s styles live in its stylesheets, which may not load other files');
        return 'skip';
      }
      if (strippedElements.includes(node.tagName)) return 'skip';
      for (const [name, value] of Object.entries(node.properties)) {
        if (/^on[a-z]/i.test(name)) {
          report(node, `Removed the \`${name.toLowerCase()}\` handler from \`<${node.tagName}>\`: a manuscript may not run scripts`);
          continue;
        }
        if (!urlProperties.includes(name) || value === undefined || value === null) continue;
        const scheme = refusedScheme(name, String(value));
        if (scheme) {
          const shown = scheme === 'javascript' ? `a \`javascript:\` URL` : `the \`${scheme}:\` URL \`${truncate(String(value))}\``;
          // The sanitizer checks schemes only where the schema lists protocols; elsewhere the value goes here.
          if (!bookSanitizeSchema.protocols?.[name]) delete node.properties[name];
          report(node, `Removed ${shown} from \`<${node.tagName} ${attributeName(name)}>\`: only web, mail and in-book links are allowed`);
        }
      }
    });
  };
}

/**
 * The scheme of `url` when the sanitize schema would refuse it, as browsers read it: they ignore leading
 * spaces and control characters and tabs or newlines inside the scheme (`java\tscript:`).
 */
function refusedScheme(property: string, url: string): string | undefined {
  const compact = url.replace(/^[\u0000-\u0020]+/, '').replace(/[\t\n\r]/g, '');
  const match = /^([a-z][a-z0-9+.-]*):/i.exec(compact);
  if (!match) return undefined;
  const scheme = match[1]!.toLowerCase();
  const allowed = bookSanitizeSchema.protocols?.[property];
  if (scheme === 'javascript' || scheme === 'vbscript') return scheme;
  // Properties without a protocol list keep any value in the sanitizer; only the schemes above are refused there.
  if (!allowed) return undefined;
  return allowed.includes(scheme) ? undefined : scheme;
}

function attributeName(property: string): string {
  return property === 'xLinkHref' ? 'xlink:href' : property.toLowerCase();
}

function truncate(value: string): string {
  return value.length > 60 ? `${value.slice(0, 57)}…` : value;
}
