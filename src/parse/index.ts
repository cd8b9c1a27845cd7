import type { Root } from 'hast';
import rehypeSanitize from 'rehype-sanitize';
import remarkCjkFriendly from 'remark-cjk-friendly';
import remarkCjkFriendlyStrikethrough from 'remark-cjk-friendly-gfm-strikethrough';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified, type Processor } from 'unified';
import type { VFile } from 'vfile';
import { remarkCheckFootnoteDefinitions } from './check-footnote-definitions.js';
import { remarkCheckEmphasis } from './check-emphasis.js';
import { remarkChapterFrontMatter } from './front-matter.js';
import { remarkLinearAttention } from './linear-attention.js';
import { remarkLinearStrikethrough } from './linear-strikethrough.js';
import { remarkLinearText } from './linear-text.js';
import { checkImages, type CheckImagesOptions } from './check-images.js';
import { rehypeCheckAttributes, rehypeFlattenPictures } from './check-attributes.js';
import { rehypeCheckElementAttributes } from './check-element-attributes.js';
import { rehypeCheckNesting } from './check-nesting.js';
import { rehypeContainUnclosedHtml } from './contain-unclosed-html.js';
import { rehypeReportUnsafeHtml } from './report-unsafe-html.js';
import { rehypeRawWhereNeeded } from './raw-where-needed.js';
import { bookSanitizeSchema } from './sanitize-schema.js';

const processor = unified()
  .use(remarkParse)
  .use(remarkFrontmatter, ['yaml'])
  .use(remarkChapterFrontMatter)
  .use(remarkGfm)
  // CommonMark does not close `**强调**，` beside CJK punctuation; these extensions do, as a CJK author expects.
  .use(remarkCjkFriendly)
  // Right after it: its emphasis construct, with a resolver that pairs markers in time linear in the paragraph.
  .use(remarkLinearAttention)
  .use(remarkCjkFriendlyStrikethrough)
  // Right after it: its construct, with a resolver that pairs `~~` in time linear in the paragraph.
  .use(remarkLinearStrikethrough)
  // Last of the syntax plugins, so its construct is tried before theirs.
  .use(remarkLinearText)
  .use(remarkCheckEmphasis)
  .use(remarkCheckFootnoteDefinitions)
  // Raw HTML is how authors mark a passage's language (`<span lang="zh">`); rehype-raw turns it into real nodes.
  .use(remarkRehype, { allowDangerousHtml: true, clobberPrefix: '' })
  .use(rehypeRawWhereNeeded)
  .use(rehypeContainUnclosedHtml)
  // Manuscripts come from others: what could run code or load files is reported, then removed, for every target.
  .use(rehypeReportUnsafeHtml)
  .use(rehypeSanitize, bookSanitizeSchema)
  .use(rehypeCheckNesting)
  .use(rehypeFlattenPictures)
  .use(rehypeCheckAttributes)
  .use(rehypeCheckElementAttributes);

/*
 * GFM's table construct reads the first line of every paragraph up to its end as a possible header row before the
 * paragraph is read as text: a third of micromark's time on a 5 MB paragraph. A table's delimiter row holds a `|`
 * or, in a one-column table, a `:` beside a `-` (`:--`); a chapter with neither cannot hold a table and is read
 * without the construct. The tree is the same either way.
 */
function remarkWithoutTables(this: Processor): void {
  const data = this.data();
  (data.micromarkExtensions ??= []).push({ disable: { null: ['table'] } });
}
const tableFreeProcessor = processor().use(remarkWithoutTables);
export const mayHoldTable = (markdown: string): boolean => /\||:-|-:/.test(markdown);

export type ParseOptions = CheckImagesOptions;

/** Markdown (mdast) to HTML (hast), with positions kept so later messages point into the Markdown. */
export async function parseChapter(file: VFile, options: ParseOptions = {}): Promise<Root> {
  const chosen = mayHoldTable(String(file.value)) ? processor : tableFreeProcessor;
  const mdast = chosen.parse(file);
  const tree = (await chosen.run(mdast, file)) as Root;
  checkImages(tree, file, options);
  return tree;
}
