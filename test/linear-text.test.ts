import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import remarkCjkFriendly from 'remark-cjk-friendly';
import remarkCjkFriendlyStrikethrough from 'remark-cjk-friendly-gfm-strikethrough';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { corpusMarkdownFiles } from './helpers/corpus-markdown.js';
import { remarkLinearText } from '../src/parse/linear-text.js';

/*
 * src/parse/linear-text.ts merges text tokens while a paragraph is read instead of after: the Markdown tree must be
 * the one micromark alone gives, positions included. (Its speed is measured by `npx tsx test/bench/typography.ts`.)
 */
const syntax = () => unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkCjkFriendly).use(remarkCjkFriendlyStrikethrough);
const plain = syntax();
const linear = syntax().use(remarkLinearText);
const tree = (processor: typeof plain, markdown: string): string => JSON.stringify(processor.parse(markdown));

// Pieces that start, end or break every text construct: links and their labels, autolinks of each kind, emphasis,
// strikethrough, escapes, references, code, raw HTML, footnote calls, line endings and hard breaks, CJK punctuation.
const piece = fc.constantFrom(
  'a', 'word ', ' ', '  ', '\n', '\t', '*', '_', '**', '~', '~~', '[', ']', '(', ')', '![', '`', '\\', '&amp;', '&',
  '<', '>', '<b>', 'www.', 'x.com', 'http://', 'https://e.org/p', '@', 'me@x.io', '.', ',', '[^1]', '强', '，', '"',
  "'", '-', '|', '#',
);

describe('linear text parsing', () => {
  it('gives the tree micromark gives, positions included, for random inline Markdown', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
        const markdown = pieces.join('');
        expect(tree(linear, markdown)).toBe(tree(plain, markdown));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the tree micromark gives for every Markdown file of the fixtures and the hostile corpus', { timeout: 120_000 }, () => {
    const files = corpusMarkdownFiles();
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) {
      const markdown = readFileSync(file, 'utf8');
      expect(tree(linear, markdown), file).toBe(tree(plain, markdown));
    }
  });

  it('reads a 300 KB paragraph with a bare link in every sentence, in lines and in one line', { timeout: 120_000 }, () => {
    const prose = 'Dr. Smith said pages 2-3, see www.example.org/a-b or https://example.com/?q and me@example.net. '.repeat(3_000);
    for (const markdown of [prose, prose.replace(/\. /g, '.\n')]) {
      const paragraph = linear.parse(markdown).children[0];
      expect(paragraph?.type).toBe('paragraph');
      const links = paragraph!.type === 'paragraph' ? paragraph.children.filter((child) => child.type === 'link') : [];
      expect(links).toHaveLength(9_000);
    }
  });
});
