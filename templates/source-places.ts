import type { Element, Root } from 'hast';
import { visit } from './util/visit.js';
import type { VFile } from 'vfile';

export interface SourcePlacesOptions {
  /** Elements that get `data-source`. Default `img` and `table`: what the print layout may report on. */
  tagNames?: string[];
}

/**
 * Print only: images and tables carry `data-source="path:line:col"`, their place in the manuscript, so what the
 * layout finds about them in the browser (an image printed at 110 ppi, a table too wide for the page) is reported
 * at the line the author wrote, not at a page number. The print document is never published, so the path is too.
 */
export default function rehypeSourcePlaces(options: SourcePlacesOptions = {}) {
  const tagNames = new Set(options.tagNames ?? ['img', 'table']);
  return (tree: Root, file: VFile) => {
    visit(tree, 'element', (node: Element) => {
      const start = node.position?.start;
      if (!tagNames.has(node.tagName) || !start) return;
      node.properties.dataSource = `${file.path}:${start.line}:${start.column}`;
      // The address as the author wrote it: the print document points `src` elsewhere.
      if (node.tagName === 'img' && typeof node.properties.src === 'string') node.properties.dataSrc = node.properties.src;
    });
  };
}
