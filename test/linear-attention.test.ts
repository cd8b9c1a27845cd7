import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { PhrasingContent, Root } from 'mdast';
import type { Construct, Extension } from 'micromark-util-types';
import remarkCjkFriendly from 'remark-cjk-friendly';
import remarkCjkFriendlyStrikethrough from 'remark-cjk-friendly-gfm-strikethrough';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { corpusMarkdownFiles } from './helpers/corpus-markdown.js';
import { GapBuffer } from '../src/parse/gap-buffer.js';
import { remarkLinearAttention, resolveAllAttentionLinear } from '../src/parse/linear-attention.js';
import { remarkLinearText } from '../src/parse/linear-text.js';

/*
 * src/parse/linear-attention.ts pairs emphasis markers with a gap buffer and CommonMark's "openers bottom" instead of
 * remark-cjk-friendly's resolver: the Markdown tree must be the one that resolver gives, positions included. (Its
 * speed is measured by `npx tsx test/bench/typography.ts 2 --only=emphasis`.)
 */
const syntax = (linearAttention: boolean) => {
  const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkCjkFriendly);
  if (linearAttention) processor.use(remarkLinearAttention);
  return processor.use(remarkCjkFriendlyStrikethrough).use(remarkLinearText);
};
const plain = syntax(false);
const linear = syntax(true);
const tree = (processor: typeof plain, markdown: string): string => JSON.stringify(processor.parse(markdown));

// Runs of each marker and length (the "multiple of 3" rule, openers used in part), markers beside CJK letters and
// punctuation (remark-cjk-friendly's flanking rules), and what splits or hides them: spaces, words, line endings,
// links, code spans, escapes, strikethrough.
const piece = fc.constantFrom(
  '*', '*', '*', '**', '**', '***', '****', '_', '_', '__', '___', ' ', ' ', '  ', 'a', 'word', 'b.', '\n', '强', '，',
  '「', '」', '。', '！', '[', ']', '](u)', '[l](u)', '`', '`c`', '\\*', '\\_', '\\', '~~', '"', '(', ')', '-',
);

/** Nodes of each type in the paragraph's children. */
function countByType(children: PhrasingContent[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const child of children) counts[child.type] = (counts[child.type] ?? 0) + 1;
  return counts;
}

const paragraphChildren = (root: Root): PhrasingContent[] => {
  const paragraph = root.children[0];
  expect(paragraph?.type).toBe('paragraph');
  return paragraph!.type === 'paragraph' ? paragraph.children : [];
};

describe('gap buffer', () => {
  it('splices, reads and slices as an array does', () => {
    const edit = fc.record({ start: fc.integer({ min: -2, max: 40 }), remove: fc.integer({ min: -1, max: 12 }), items: fc.array(fc.nat(), { maxLength: 12 }) });
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 30 }), fc.array(edit, { maxLength: 20 }), (initial, edits) => {
        const buffer = new GapBuffer(initial);
        const array = [...initial];
        for (const { start, remove, items } of edits) {
          const at = Math.max(0, Math.min(start, array.length));
          buffer.splice(start, remove, items);
          array.splice(at, Math.max(0, remove), ...items);
          expect(buffer.length).toBe(array.length);
          expect(array.map((_, index) => buffer.get(index))).toEqual(array);
          expect(buffer.slice(1, array.length - 1)).toEqual(array.slice(1, array.length - 1));
        }
        expect(buffer.toArray()).toEqual(array);
      }),
    );
  });
});

describe('linear emphasis parsing', () => {
  it('puts its resolver in place of remark-cjk-friendly\'s, keeping the tokenizer', () => {
    const attentions = (processor: typeof plain): Construct[] => {
      const extensions = (processor.freeze().data().micromarkExtensions ?? []) as Extension[];
      return extensions.flatMap((extension) => [
        ...[extension.text?.[42], extension.text?.[95]].flat(),
        ...((extension.insideSpan?.null ?? []) as Construct[]),
      ]).filter((construct): construct is Construct => construct?.name === 'attention');
    };
    const [original] = attentions(syntax(false));
    expect(original?.resolveAll).toBeTypeOf('function');
    const replaced = attentions(syntax(true));
    expect(replaced).toHaveLength(3);
    for (const construct of replaced) {
      expect(construct.resolveAll).toBe(resolveAllAttentionLinear);
      expect(construct.tokenize).toBe(original!.tokenize);
    }
  });

  it('gives the tree remark-cjk-friendly gives, positions included, for random inline Markdown', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
        const markdown = pieces.join('');
        expect(tree(linear, markdown)).toBe(tree(plain, markdown));
      }),
      { numRuns: 4000 },
    );
  });

  it('gives the tree remark-cjk-friendly gives for random runs of markers between letters and spaces', { timeout: 120_000 }, () => {
    // Few kinds of piece, so that openers used in part and the "multiple of 3" rule meet often (see the openers bottom).
    const marker = fc.constantFrom('*', '**', '***', '_', '__', 'a', ' ');
    fc.assert(
      fc.property(fc.array(marker, { minLength: 4, maxLength: 24 }), (pieces) => {
        const markdown = pieces.join('');
        expect(tree(linear, markdown)).toBe(tree(plain, markdown));
      }),
      { numRuns: 10_000 },
    );
  });

  it('gives the tree remark-cjk-friendly gives for the CommonMark rules of emphasis', () => {
    const cases = [
      '*a **b* c**', '***a** b*', '**a*', '*a**', '*foo**bar**baz*', 'foo***bar***baz', '**foo*bar*baz**', 'foo******bar*********baz',
      '*foo**bar*', '**foo*bar**', 'a* b* *c* d*', '_a __b_ c__', '*(*foo*)*', '**强调**，这', '「**强**」', '*a `*` b*', '*[a*](b)',
      // An opener used in part may then match a closer of a kind that found no opener earlier.
      '__*****_*a** a***', '*******aa____**___****_', '**********a***a**____***____',
    ];
    for (const markdown of cases) expect(tree(linear, markdown), markdown).toBe(tree(plain, markdown));
  });

  it('gives the tree remark-cjk-friendly gives for every Markdown file of the fixtures and the hostile corpus', { timeout: 120_000 }, () => {
    const files = corpusMarkdownFiles();
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) {
      const markdown = readFileSync(file, 'utf8');
      expect(tree(linear, markdown), file).toBe(tree(plain, markdown));
    }
  });

  it('reads a 300 KB paragraph with emphasis and strong emphasis in every sentence', { timeout: 120_000 }, () => {
    const sentences = 6_000;
    const prose = 'She said it was *now* or never, and **so** it was. '.repeat(sentences);
    expect(prose.length).toBeGreaterThan(300_000);
    for (const markdown of [prose, prose.replace(/\. /g, '.\n')]) {
      expect(countByType(paragraphChildren(linear.parse(markdown)))).toEqual({ text: 2 * sentences + 1, emphasis: sentences, strong: sentences });
    }
  });

  it('reads a paragraph of 20,000 closing markers that close nothing as text', { timeout: 120_000 }, () => {
    for (const closer of ['word* ', 'word_ ', 'word** ', '强。* ']) {
      const markdown = closer.repeat(20_000);
      expect(paragraphChildren(linear.parse(markdown)).map((child) => child.type)).toEqual(['text']);
    }
  });
});
