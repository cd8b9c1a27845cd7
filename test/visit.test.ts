import { readFileSync } from 'node:fs';
import type { Node, Parent } from 'unist';
import { visit as unistVisit, CONTINUE, EXIT, SKIP } from 'unist-util-visit';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { corpusMarkdownFiles } from './helpers/corpus-markdown.js';
import { parseChapter } from '../src/parse/index.js';
import { visit } from '../templates/util/visit.js';

/*
 * templates/util/visit.ts is unist-util-visit without its per-node cost: on the same trees and visitors — tests,
 * SKIP, EXIT, a returned index, reverse, exit visitors, children changed during the walk — it must visit the same
 * nodes, with the same index and parent, in the same order, and leave the same tree.
 */
type Walk = typeof unistVisit;

/** Walks `tree` with `walker`, doing what `visitor` says, and gives what each call saw and the tree after. */
function trace(walker: Walk, tree: Node, run: (walker: Walk, tree: Node, log: string[]) => void): string {
  const copy = structuredClone(tree);
  const log: string[] = [];
  run(walker, copy, log);
  return JSON.stringify({ log, copy });
}

const describeNode = (node: Node, index: number | undefined, parent: Parent | undefined): string =>
  `${node.type}:${(node as { tagName?: string }).tagName ?? ''}@${index}/${parent ? parent.type + (parent.children.length) : '-'}`;

const behaviours: Record<string, (walker: Walk, tree: Node, log: string[]) => void> = {
  'every node': (walker, tree, log) => walker(tree, (node, index, parent) => void log.push(describeNode(node, index, parent))),
  'every node, reversed': (walker, tree, log) => walker(tree, (node, index, parent) => void log.push(describeNode(node, index, parent)), true),
  'elements by test, skipping lists': (walker, tree, log) =>
    walker(tree, 'element', (node, index, parent) => {
      log.push(describeNode(node, index, parent));
      return (node as { tagName: string }).tagName === 'ul' ? SKIP : CONTINUE;
    }),
  'text by function test, exit at the 40th': (walker, tree, log) => {
    let seen = 0;
    walker(tree, (node: Node) => node.type === 'text', (node, index, parent) => {
      log.push(describeNode(node, index, parent));
      return ++seen === 40 ? EXIT : undefined;
    });
  },
  'text split in two, going on after the new nodes': (walker, tree, log) =>
    walker(tree, 'text', (node, index, parent) => {
      log.push(describeNode(node, index, parent));
      const text = node as unknown as { value: string };
      if (!parent || index === undefined || text.value.length < 4) return undefined;
      const half = Math.floor(text.value.length / 2);
      (parent as Parent).children.splice(index, 1, { type: 'text', value: text.value.slice(0, half) } as never, { type: 'text', value: text.value.slice(half) } as never);
      return index + 2;
    }),
  'enter and exit visitors': (walker, tree, log) =>
    walker(tree, 'element', {
      enter: (node, index, parent) => void log.push('in ' + describeNode(node, index, parent)),
      exit: (node, index, parent) => void log.push('out ' + describeNode(node, index, parent)),
    }),
};

describe('visit', () => {
  const files = corpusMarkdownFiles();

  it('walks every fixture and hostile chapter as unist-util-visit does, whatever the visitor does', async () => {
    expect(files.length).toBeGreaterThan(50);
    let compared = 0;
    for (const path of files) {
      const tree = await parseChapter(new VFile({ path, value: readFileSync(path, 'utf8') }));
      for (const [name, behaviour] of Object.entries(behaviours)) {
        expect(trace(visit, tree, behaviour), `${path}: ${name}`).toBe(trace(unistVisit, tree, behaviour));
        compared++;
      }
    }
    expect(compared).toBe(files.length * Object.keys(behaviours).length);
  });

  it('throws as unist-util-visit does on an exit visitor that returns SKIP or on no tree', () => {
    const tree = { type: 'root', children: [{ type: 'text', value: 'a' }] };
    expect(() => visit(tree as never, { exit: () => SKIP as never })).toThrow(/Unexpected value `skip` from `exit`/);
    expect(() => visit(undefined as never, () => undefined)).toThrow(/expected node/);
  });
});
