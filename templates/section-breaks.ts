import type { Element, Root } from 'hast';
import { visit } from './util/visit.js';

export interface SectionBreaksOptions {
  /** Spoken name of the break for screen readers. Default `Section break`. */
  label?: string;
}

/**
 * A thematic break (`***`, `* * *`, `---`) becomes `hr.section-break[role=separator]`, which the
 * stylesheets draw as an ornament (⁂) rather than a rule; print keeps it off the top and foot of a page.
 */
export default function rehypeSectionBreaks(options: SectionBreaksOptions = {}) {
  const label = options.label ?? 'Section break';
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'hr') return;
      const classes = Array.isArray(node.properties.className) ? node.properties.className.map(String) : [];
      node.properties = { ...node.properties, className: [...classes, 'section-break'], role: 'separator', ariaLabel: label };
    });
  };
}
