import type { Node, Parent } from 'unist';
import { convert, type Test } from 'unist-util-is';
import { CONTINUE, EXIT, SKIP, visit as unistVisit, type ActionTuple, type VisitorResult } from 'unist-util-visit';

export { CONTINUE, EXIT, SKIP };
export type { VisitorResult };

/*
 * Why this exists: unist-util-visit (5.2, on unist-util-visit-parents 6.1) makes a closure for every node it walks,
 * names it with `Object.defineProperty` and a coloured string (for stack traces), and copies the ancestor list for
 * every parent. A walk of a 5 MB paragraph's tree (122,000 nodes) took 130–170 ms where a plain walk takes 10, and the
 * templates, checks and emitters walk each chapter about thirty times: 4 of the 16 s of `check` on that paragraph,
 * a third of it the naming alone. This walk keeps unist-util-visit's contract — the same signatures and types, the
 * same `unist-util-is` tests, `CONTINUE`/`SKIP`/`EXIT`, a returned index to go on from, `reverse`, and
 * `{enter, exit}` visitors — and only drops that per-node cost.
 */

type Visitor = (node: Node, index: number | undefined, parent: Parent | undefined) => VisitorResult;
interface Visitors {
  enter?: Visitor | null;
  exit?: Visitor;
}

const CONTINUE_TUPLE: Readonly<ActionTuple> = [];

function toResult(value: VisitorResult): Readonly<ActionTuple> {
  if (Array.isArray(value)) return value as ActionTuple;
  if (typeof value === 'number') return [CONTINUE, value];
  return value === null || value === undefined ? CONTINUE_TUPLE : [value as ActionTuple[0]];
}

function walk(tree: Node, test: Test, visitors: Visitor | Visitors, reverse: boolean | null | undefined): void {
  const enter = typeof visitors === 'function' ? visitors : visitors.enter ?? undefined;
  const exit = typeof visitors === 'function' ? undefined : visitors.exit;
  if (typeof visitors !== 'function' && typeof exit !== 'function') {
    throw new Error('Unexpected value `' + exit + '` for `visitors.exit`, expected visitor (pass a visitor directly if you only want an enter visitor)');
  }
  const is = convert(test);
  const checks = Boolean(test);
  const step = reverse ? -1 : 1;

  const one = (node: Node, index: number | undefined, parent: Parent | undefined): Readonly<ActionTuple> => {
    const matches = !checks || is(node, index, parent);
    let result = CONTINUE_TUPLE;
    if (enter && matches) {
      result = toResult(enter(node, index, parent));
      if (result[0] === EXIT) return result;
    }
    const children = (node as Partial<Parent>).children;
    if (children && result[0] !== SKIP) {
      let offset = (reverse ? children.length : -1) + step;
      while (offset > -1 && offset < children.length) {
        const subresult = one(children[offset]!, offset, node as Parent);
        if (subresult[0] === EXIT) return subresult;
        offset = typeof subresult[1] === 'number' ? subresult[1] : offset + step;
      }
    }
    if (exit && matches) {
      const exitResult = toResult(exit(node, index, parent));
      if (exitResult[0] === SKIP) throw new Error('Unexpected value `' + exitResult[0] + '` from `exit`, expected `CONTINUE`, `EXIT`, index, or nothing');
      if (exitResult[0] === EXIT || typeof exitResult[1] === 'number') return exitResult;
    }
    return result;
  };

  if (!tree || typeof tree !== 'object') throw new Error('Unexpected value `' + tree + '` for `tree`, expected node');
  one(tree, undefined, undefined);
}

function visitTree(tree: Node, testOrVisitors: unknown, visitorsOrReverse?: unknown, maybeReverse?: boolean | null): void {
  // As unist-util-visit: a function or object third argument means the second is a test.
  if (typeof visitorsOrReverse === 'function' || (visitorsOrReverse && typeof visitorsOrReverse === 'object')) {
    walk(tree, testOrVisitors as Test, visitorsOrReverse as Visitor | Visitors, maybeReverse);
  } else {
    walk(tree, undefined, testOrVisitors as Visitor | Visitors, visitorsOrReverse as boolean | null | undefined);
  }
}

/** unist-util-visit's `visit`, typed as it is, without its per-node cost (see above). */
export const visit = visitTree as typeof unistVisit;
