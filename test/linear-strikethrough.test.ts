import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { PhrasingContent } from 'mdast';
import remarkCjkFriendly from 'remark-cjk-friendly';
import remarkCjkFriendlyStrikethrough from 'remark-cjk-friendly-gfm-strikethrough';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { corpusMarkdownFiles } from './helpers/corpus-markdown.js';
import { remarkLinearAttention } from '../src/parse/linear-attention.js';
import { remarkLinearStrikethrough } from '../src/parse/linear-strikethrough.js';
import { remarkLinearText } from '../src/parse/linear-text.js';

/*
 * src/parse/linear-strikethrough.ts pairs `~~` and `~` with a gap buffer and a "closers bottom" instead of
 * remark-cjk-friendly-gfm-strikethrough's resolver: the Markdown tree must be the one that resolver gives, positions
 * included. (Its speed is measured by `npx tsx test/bench/typography.ts 2 --only=strikethrough`.)
 */
const syntax = (linearStrikethrough: boolean) => {
  const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkCjkFriendly).use(remarkLinearAttention).use(remarkCjkFriendlyStrikethrough);
  if (linearStrikethrough) processor.use(remarkLinearStrikethrough);
  return processor.use(remarkLinearText);
};
const plain = syntax(false);
const linear = syntax(true);
const tree = (processor: typeof plain, markdown: string): string => JSON.stringify(processor.parse(markdown));

// Runs of tildes of each length, beside words, spaces, CJK letters and punctuation, emphasis and what hides markers.
const piece = fc.constantFrom('~', '~', '~~', '~~', '~~~', ' ', ' ', 'a', 'word', 'b.', '\n', '强', '，', '。', '*', '**', '_', '`', '`c`', '\\~', '[l](u)', '"', '(', ')');
const runs = fc.constantFrom('~', '~~', '~~~', ' ', 'a', 'a ', ' a', '\n');

describe('linear strikethrough', () => {
  it('puts its resolver in place of the CJK-friendly one, keeping the tokenizer', () => {
    const extensions = linear.freeze().data('micromarkExtensions')!;
    const constructs = extensions.flatMap((extension) => [extension.text?.[126], ...(extension.insideSpan?.null ?? [])]).flat();
    const resolvers = constructs.map((construct) => (construct && 'name' in construct && construct.name === 'strikethrough' ? construct.resolveAll?.name : undefined));
    expect(resolvers).toContain('resolveAllStrikethroughLinear');
  });

  it('gives the tree the CJK-friendly resolver gives, positions included, for random inline Markdown', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 50 }), (pieces) => {
        const markdown = pieces.join('');
        expect(tree(linear, markdown)).toBe(tree(plain, markdown));
      }),
      { numRuns: 4000 },
    );
  });

  it('gives the tree the CJK-friendly resolver gives for random runs of tildes between letters and spaces', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(fc.array(runs, { maxLength: 40 }), (pieces) => {
        const markdown = pieces.join('');
        expect(tree(linear, markdown)).toBe(tree(plain, markdown));
      }),
      { numRuns: 10_000 },
    );
  });

  it('gives the tree the CJK-friendly resolver gives for every Markdown file of the fixtures and the hostile corpus', { timeout: 120_000 }, () => {
    const files = corpusMarkdownFiles();
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) {
      const markdown = readFileSync(file, 'utf8');
      expect(tree(linear, markdown), file).toBe(tree(plain, markdown));
    }
  });

  it('reads a 300 KB paragraph with strikethrough in every sentence, and one of 20,000 closers that close nothing', { timeout: 120_000 }, () => {
    const count = (markdown: string, type: string) => {
      const paragraph = linear.parse(markdown).children[0];
      return paragraph?.type === 'paragraph' ? paragraph.children.filter((child: PhrasingContent) => child.type === type).length : -1;
    };
    expect(count('It was ~~then~~ now, and ~so~ it was. '.repeat(8_000), 'delete')).toBe(16_000);
    expect(count('word~~ '.repeat(20_000), 'delete')).toBe(0);
  });
});
