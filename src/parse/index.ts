import type { Root } from 'hast';
import rehypeRaw from 'rehype-raw';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import type { VFile } from 'vfile';
import { remarkCheckFootnoteDefinitions } from './check-footnote-definitions.js';

const processor = unified()
  .use(remarkParse)
  .use(remarkFrontmatter, ['yaml'])
  .use(remarkGfm)
  .use(remarkCheckFootnoteDefinitions)
  // Raw HTML is how authors mark a passage's language (`<span lang="zh">`); rehype-raw turns it into real nodes.
  .use(remarkRehype, { allowDangerousHtml: true, clobberPrefix: '' })
  .use(rehypeRaw);

/** Markdown (mdast) to HTML (hast), with positions kept so later messages point into the Markdown. */
export async function parseChapter(file: VFile): Promise<Root> {
  const mdast = processor.parse(file);
  return (await processor.run(mdast, file)) as Root;
}
