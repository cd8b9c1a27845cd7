import type { Root } from 'hast';
import rehypeStringify from 'rehype-stringify';
import { unified } from 'unified';

// The last stage of the unified pipeline: the templates' trees, wrapped in their page shells, become text here.
const serializer = unified().use(rehypeStringify).freeze();

/** A page or fragment as HTML, serialised by rehype-stringify with its default settings. */
export function stringifyHtml(tree: Root): string {
  return serializer.stringify(tree);
}
