import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import { visit } from 'unist-util-visit';

/**
 * Footnote definitions are dropped by remark-rehype when unused, and a reference without a definition
 * is left as literal `[^label]` text by the GFM parser, so both are checked here, on the Markdown tree.
 */
export function remarkCheckFootnoteDefinitions() {
  return (tree: Root, file: VFile) => {
    const referenced = new Set<string>();
    const defined = new Map<string, (typeof tree.children)[number]>();
    visit(tree, (node) => {
      if (node.type === 'footnoteReference') referenced.add(node.identifier);
      if (node.type === 'footnoteDefinition') {
        if (defined.has(node.identifier)) {
          file.message(`Footnote \`[^${node.label ?? node.identifier}]\` is defined twice`, {
            place: node.position,
            ruleId: 'footnote-duplicate',
            source: 'folio',
          });
        } else defined.set(node.identifier, node);
      }
      if (node.type === 'text') {
        for (const match of node.value.matchAll(/\[\^([^\]\s]+)\]/g)) {
          const start = node.position?.start;
          const place = start && !node.value.slice(0, match.index).includes('\n')
            ? { line: start.line, column: start.column + match.index, offset: (start.offset ?? 0) + match.index }
            : start;
          file.message(`Footnote reference \`[^${match[1]}]\` has no definition`, {
            place,
            ruleId: 'footnote-undefined',
            source: 'folio',
          });
        }
      }
    });
    for (const [identifier, node] of defined) {
      if (!referenced.has(identifier)) {
        const label = 'label' in node && node.label ? node.label : identifier;
        file.message(`Footnote \`[^${label}]\` is defined but never referenced`, {
          place: node.position,
          ruleId: 'footnote-unused',
          source: 'folio',
        });
      }
    }
  };
}
