import type { Element, ElementContent, Root } from 'hast';
import { SKIP, visit } from '../../templates/util/visit.js';
import type { VFile } from 'vfile';
import { report } from '../report.js';

/**
 * Unclosed tags in raw HTML, reported at the tag with the fix, and contained so the rest of the chapter survives.
 *
 * An unclosed inline tag (`<i>` with no `</i>`) is, by the HTML parsing rules rehype-raw follows, reopened in
 * every later block: the rest of the chapter turns italic and even the notes section ends up inside it, where
 * the footnotes template cannot find it. Authors mean the tag to end with its block, so the reopened copies
 * (parse5 gives them the start tag's position) are unwrapped and the tag is reported once.
 *
 * An unclosed block tag (`<div>`, `<dl>`, `<ul>` …) takes in everything after it, the notes section that
 * remark-rehype appends included: the notes then lost their text and the only message was a dead back link,
 * with no place. The notes section is put back at the end of the chapter and the tag reported at its line.
 */
export function rehypeContainUnclosedHtml() {
  return (tree: Root, file: VFile) => {
    const seen = new Set<string>();
    const reported = new Set<string>();
    const source = String(file.value);
    let notes: Element | undefined;
    visit(tree, 'element', (node: Element, index, parent) => {
      const offset = node.position?.start.offset;
      if (isNotesSection(node) && parent && parent !== tree && index !== undefined) {
        // Lifted out of whatever unclosed block swallowed it; appended to the chapter once the walk is done.
        notes = node;
        parent.children.splice(index, 1);
        return [SKIP, index];
      }
      if (offset === undefined || !parent || index === undefined) return;
      const key = `${node.tagName}@${offset}`;
      if (!seen.has(key)) {
        seen.add(key);
        if (blocks.has(node.tagName) && isUnclosed(node, source)) {
          const tag = node.tagName;
          const fix = `close the \`<${tag}>\` opened at line ${node.position!.start.line} with \`</${tag}>\``;
          const outside = endList(node, parent.children, index);
          const effect = outside
            ? `it is ended before the first block a \`<${tag}>\` cannot hold (line ${outside})`
            : 'it takes in the rest of the chapter';
          report(file, 'html-unclosed', `\`<${tag}>\` is never closed: ${effect}; ${fix}`, node.position!.start);
        }
        return;
      }
      if (!reported.has(key)) {
        reported.add(key);
        report(file, 'html-unclosed', `\`<${node.tagName}>\` is never closed: it is closed at the end of its block`, node.position!.start);
      }
      parent.children.splice(index, 1, ...(node.children as ElementContent[]));
      return [SKIP, index];
    });
    if (notes) tree.children.push({ type: 'text', value: '\n' }, notes);
  };
}

/** Blocks that, left open, take in the blocks after them (tags whose end the parser implies, `<p>` `<li>`, are not). */
const blocks = new Set([
  'address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl', 'fieldset', 'figure', 'footer', 'header',
  'main', 'menu', 'nav', 'ol', 'section', 'table', 'ul',
]);

/** What each list may hold: the first child it may not (a paragraph after the last `</li>`) ends the list there. */
const listContent: Record<string, Set<string>> = {
  ul: new Set(['li', 'script', 'template']),
  ol: new Set(['li', 'script', 'template']),
  menu: new Set(['li', 'script', 'template']),
  dl: new Set(['dt', 'dd', 'div', 'script', 'template']),
};

/**
 * Moves the children of an unclosed list from the first one the list may not hold onward to just after the list,
 * which is where the author's missing end tag was (HTML parsers would keep a `<p>` inside the `<ul>`, which EPUBCheck
 * refuses). Returns the line of the first child moved, if any was.
 */
function endList(node: Element, siblings: Root['children'] | ElementContent[], index: number): number | undefined {
  const allowed = listContent[node.tagName];
  if (!allowed) return undefined;
  const first = node.children.findIndex((child) =>
    child.type === 'element' ? !allowed.has(child.tagName) : child.type === 'text' && child.value.trim() !== '',
  );
  if (first === -1) return undefined;
  const moved = node.children.splice(first);
  (siblings as ElementContent[]).splice(index + 1, 0, ...moved);
  return moved[0]!.position?.start.line ?? node.position?.start.line;
}

/**
 * True when the element came from raw HTML (the source at its start is its start tag) and its source does not end
 * with its end tag: parse5 closed it implicitly, and then gives it no end position past its start tag or last child.
 */
function isUnclosed(node: Element, source: string): boolean {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (start === undefined || end === undefined) return false;
  if (source.slice(start, start + node.tagName.length + 1).toLowerCase() !== `<${node.tagName}`) return false;
  return !new RegExp(`</${node.tagName}\\s*>$`, 'i').test(source.slice(Math.max(start, end - node.tagName.length - 40), end));
}

/** The notes section remark-rehype appends (`<section data-footnotes>`, no place in the source). */
function isNotesSection(node: Element): boolean {
  return node.tagName === 'section' && node.properties.dataFootnotes !== undefined && !node.position;
}
