import fc from 'fast-check';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { mayHoldTable, parseChapter } from '../src/parse/index.js';

/*
 * src/parse/index.ts reads a chapter without GFM's table construct when its text cannot hold a table: that must
 * never be so for a chapter that does hold one, in any container, with or without pipes.
 */
const gfm = unified().use(remarkParse).use(remarkGfm);
const holdsTable = (markdown: string): boolean => {
  let found = false;
  visit(gfm.parse(markdown), 'table', () => void (found = true));
  return found;
};

// A header row, a delimiter-like row and a body row of one to three cells, with and without outer pipes, in and
// out of quotes and lists: tables with and without pipes, near-tables, setext underlines and thematic breaks.
const prefix = fc.constantFrom('', '> ', '- ', '1. ', '  ', '    ');
const row = (cell: fc.Arbitrary<string>) =>
  fc
    .tuple(fc.array(cell, { minLength: 1, maxLength: 3 }), fc.constantFrom('|', ' | ', '\t|'), fc.constantFrom('', '|', '| '), fc.constantFrom('', '|', ' |'))
    .map(([cells, between, before, after]) => before + cells.join(between) + after);
const markdownLines = fc
  .tuple(prefix, row(fc.constantFrom('a', 'b c', '`x`', '\\', ' ')), prefix, row(fc.constantFrom(':-', '-:', ':-:', '---', '-', ':', 'a', '- -')), row(fc.constantFrom('x', ':', '')))
  .map(([first, head, second, delimiter, body]) => `${first}${head}\n${second}${delimiter}\n${body}\n`);

describe('reading a chapter without the table construct', () => {
  it('happens only to text that holds no table, for random block Markdown', { timeout: 120_000 }, () => {
    let tables = 0;
    fc.assert(
      fc.property(markdownLines, (markdown) => {
        if (holdsTable(markdown)) {
          tables++;
          expect(mayHoldTable(markdown), JSON.stringify(markdown)).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
    // The pieces make tables often enough for the property to mean something.
    expect(tables).toBeGreaterThan(40);
  });

  it('keeps one-column tables written without a pipe', async () => {
    for (const markdown of ['Name\n:--\nAda\n', 'Name\n--:\nAda\n', '> Name\n> :-:\n> Ada\n']) {
      const tree = await parseChapter(new VFile({ path: 'one.md', value: markdown }));
      let tables = 0;
      visit(tree, 'element', (node) => void (node.tagName === 'table' && tables++));
      expect(tables, markdown).toBe(1);
    }
  });
});
