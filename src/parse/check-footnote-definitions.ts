import type { FootnoteDefinition, Root } from 'mdast';
import type { Point } from 'unist';
import type { VFile } from 'vfile';
import { visit } from '../../templates/util/visit.js';
import { report } from '../report.js';

const SOURCE = 'folio';

/**
 * Footnote definitions are dropped by remark-rehype when unused, and a reference without a definition
 * is left as literal `[^label]` text by the GFM parser, so both are checked here, on the Markdown tree.
 * Labels compare as GFM compares them (case and inner whitespace folded), the first of two definitions
 * with one label wins, and an escaped `\[^x]` is plain text, not a reference.
 */
export function remarkCheckFootnoteDefinitions() {
  return (tree: Root, file: VFile) => {
    const source = String(file.value);
    const referenced = new Set<string>();
    const defined = new Map<string, FootnoteDefinition>();
    visit(tree, (node) => {
      if (node.type === 'footnoteReference') referenced.add(node.identifier);
      if (node.type === 'footnoteDefinition') {
        const first = defined.get(node.identifier);
        if (first) {
          const where = first.position ? ` (first defined on line ${first.position.start.line})` : '';
          report(file, 'footnote-duplicate', `Footnote \`[^${node.label ?? node.identifier}]\` is defined twice${where}`, node.position?.start);
        } else defined.set(node.identifier, node);
      }
      if (node.type === 'text' && node.position?.start.offset !== undefined && node.position.end.offset !== undefined) {
        // The raw text, where escapes still show: `\[^x]` was written on purpose.
        const raw = source.slice(node.position.start.offset, node.position.end.offset);
        // Each place is reached from the one before, so a text holding many references is not read again for each.
        let place = node.position.start;
        let placeIndex = 0;
        for (const match of raw.matchAll(/(?<!\\)\[\^([^\]\s]+)\](?!:)/g)) {
          place = pointAfter(place, raw.slice(placeIndex, match.index));
          placeIndex = match.index;
          report(file, 'footnote-undefined', `Footnote reference \`[^${match[1]}]\` has no definition`, place);
        }
      }
    });
    for (const [identifier, node] of defined) {
      if (referenced.has(identifier)) continue;
      report(file, 'footnote-unused', `Footnote \`[^${node.label ?? identifier}]\` is defined but never referenced`, node.position?.start);
    }
  };
}

/** The point reached from `start` after `text`, counting lines and columns as unist does (1-based). */
function pointAfter(start: Point, text: string): Point {
  const lines = text.split('\n');
  const line = start.line + lines.length - 1;
  const column = lines.length === 1 ? start.column + text.length : lines.at(-1)!.length + 1;
  return { line, column, offset: (start.offset ?? 0) + text.length };
}
