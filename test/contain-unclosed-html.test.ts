import type { Element, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { parseChapter } from '../src/parse/index.js';

async function parse(markdown: string): Promise<{ tree: Root; messages: string[] }> {
  const file = new VFile({ path: 'ch.md', value: markdown });
  const tree = await parseChapter(file);
  return { tree, messages: file.messages.map((message) => `${message.line}:${message.column} ${message.reason} [${message.ruleId}]`) };
}

const top = (tree: Root) => tree.children.filter((node): node is Element => node.type === 'element');

describe('an unclosed block tag in raw HTML', () => {
  it('is reported at the tag with the fix, and the notes it swallowed are put back at the end of the chapter', async () => {
    const { tree, messages } = await parse('# One\n\n<div class="aside">\n\nA claim.[^n3]\n\n[^n3]: The note text.\n');
    expect(messages).toEqual([
      '3:1 `<div>` is never closed: it takes in the rest of the chapter; close the `<div>` opened at line 3 with `</div>` [html-unclosed]',
    ]);
    const notes = top(tree).at(-1)!;
    expect(notes.tagName).toBe('section');
    expect(notes.properties.dataFootnotes).toBeDefined();
    expect(toString(notes)).toContain('The note text.');
  });

  it('ends an unclosed list before the first block a list cannot hold, so the EPUB stays valid', async () => {
    const { tree, messages } = await parse('# Two\n\n<ul>\n<li>item</li>\n\nMore text.[^n2]\n\n[^n2]: A note.\n');
    expect(messages).toEqual([
      '3:1 `<ul>` is never closed: it is ended before the first block a `<ul>` cannot hold (line 6); close the `<ul>` opened at line 3 with `</ul>` [html-unclosed]',
    ]);
    const [, list, paragraph] = top(tree);
    expect(list!.tagName).toBe('ul');
    expect(list!.children.filter((node) => node.type === 'element').map((node) => (node as Element).tagName)).toEqual(['li']);
    expect(paragraph!.tagName).toBe('p');
    expect(toString(top(tree).at(-1)!)).toContain('A note.');
  });

  it('says nothing of blocks that are closed, in one HTML block or around Markdown', async () => {
    const { messages } = await parse('<div>\n\nText.\n\n</div>\n\n<dl><dt>a</dt><dd>b</dd></dl>\n\n<ul>\n<li>x</li>\n</UL >\n\nA claim.[^1]\n\n[^1]: Note.\n');
    expect(messages).toEqual([]);
  });
});
