import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { ChildEdits } from '../templates/util/child-edits.js';

/** Unwraps every `<i>` and removes every `<hr>` the walk meets, as the passes using ChildEdits do. */
function unwrapItalicsDropRules(tree: Root): string {
  const edits = new ChildEdits();
  const met: string[] = [];
  visit(tree, 'element', (node: Element, index, parent) => {
    met.push(node.tagName);
    if (!parent || index === undefined) return;
    if (node.tagName === 'i') edits.replace(parent, index, node.children);
    if (node.tagName === 'hr') edits.replace(parent, index, []);
  });
  edits.apply();
  return `${toHtml(tree)} (met ${met.join(' ')})`;
}

describe('edits of children made once the walk is done', () => {
  it('replace matches at the start, the middle and the end of a parent, and unwrap nodes inside unwrapped nodes', () => {
    const tree = h(null, [h('p', [h('i', 'a'), 'b', h('hr'), h('i', ['c', h('i', ['d', h('hr'), h('i', 'e')])]), 'f', h('hr')])]);
    expect(unwrapItalicsDropRules(tree)).toBe('<p>abcdef</p> (met p i hr i i hr i hr)');
  });

  it('replace one node by several, each parent rebuilt with its other children kept in order', () => {
    const paragraph = h('p', ['x', h('b', 'y'), 'z']);
    const list = h('ul', [h('li', 'one'), h('li', 'two')]);
    const edits = new ChildEdits();
    edits.replace<ElementContent>(paragraph, 1, [{ type: 'text', value: '1' }, h('em', '2')]);
    edits.replace<ElementContent>(list, 0, []);
    edits.apply();
    expect(toHtml(h(null, [paragraph, list]))).toBe('<p>x1<em>2</em>z</p><ul><li>two</li></ul>');
  });
});
