import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { parseChapter } from '../src/parse/index.js';

async function parse(markdown: string): Promise<{ elements: Element[]; messages: string[] }> {
  const file = new VFile({ path: 'ch.md', value: markdown });
  const tree: Root = await parseChapter(file);
  const elements: Element[] = [];
  visit(tree, 'element', (node: Element) => void elements.push(node));
  return { elements, messages: file.messages.map((message) => `${message.line}:${message.column} ${message.reason} [${message.ruleId}]`) };
}

describe('attributes of raw HTML elements', () => {
  it('drops what HTML does not give the element, with a warning at it, and keeps what it does', async () => {
    const { elements, messages } = await parse(
      '# T\n\nA <u width="-1">u</u> <bdi datetime="2024">b</bdi> <time datetime="2024-07-01">t</time> <s role="bogus note">s</s> <sub tabindex="x" epub:type="">c</sub> <span epub:type="z3998:name foo:bar">n</span> <a id="">a</a>.\n',
    );
    expect(messages).toEqual([
      '3:3 `<u>` has no attribute `width`: removed [attribute-invalid]',
      '3:23 `<bdi>` has no attribute `datetime`: removed [attribute-invalid]',
      '3:89 `<s role="bogus note">`: not an ARIA or DPUB-ARIA role: removed; see https://www.w3.org/TR/dpub-aria-1.0/ for the roles a book uses [attribute-invalid]',
      '3:116 `<sub tabindex="x">`: not an integer: removed [attribute-invalid]',
      '3:155 `<span epub:type="z3998:name foo:bar">`: `foo:bar` is from a vocabulary the book does not declare: removed; use terms of the EPUB Structural Semantics Vocabulary or `z3998:` ones [attribute-invalid]',
      '3:201 `<a id="">`: an id cannot be empty or hold spaces: removed; write it as one word (`name`) [attribute-invalid]',
    ]);
    const byTag = (tag: string) => elements.find((element) => element.tagName === tag)!;
    expect(byTag('u').properties).toEqual({});
    expect(byTag('time').properties).toEqual({ dateTime: '2024-07-01' });
    expect(byTag('s').properties).toEqual({ role: 'note' });
    expect(byTag('sub').properties).toEqual({});
    expect(byTag('span').properties).toEqual({ 'epub:type': 'z3998:name' });
  });

  it('removes an id with spaces and makes a <time> without datetime that holds markup a span', async () => {
    const { elements, messages } = await parse('# T\n\nA <b id="with space">b</b> <time>a <i>b</i></time> <time>2024</time>.\n');
    expect(messages).toEqual([
      '3:3 `<b id="with space">`: an id cannot be empty or hold spaces: removed; write it as one word (`with-space`) [attribute-invalid]',
      '3:28 `<time>` without `datetime` may hold only text: set as `<span>`; add `datetime="YYYY-MM-DD"` to keep it a date [attribute-invalid]',
    ]);
    expect(elements.map((element) => element.tagName)).toEqual(['h1', 'p', 'b', 'span', 'i', 'time']);
  });

  it('sets a block written inside a heading as inline text', async () => {
    const { elements, messages } = await parse('# T\n\n## Title <p>a paragraph</p>\n');
    expect(messages).toEqual(['3:10 `<p>` cannot be inside `<h2>`: set as inline text; close the `<h2>` before it to keep it a block [attribute-invalid]']);
    expect(elements.map((element) => element.tagName)).toEqual(['h1', 'h2', 'span']);
  });

  it('leaves what Markdown makes alone: table alignment, task lists, ordered list starts, images', async () => {
    const { messages } = await parse('# T\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n- [x] done\n\n3. three\n\n![alt](a.png "title")\n');
    expect(messages.filter((message) => message.includes('attribute-invalid'))).toEqual([]);
  });
});
