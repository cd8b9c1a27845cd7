/** A node whose children can be replaced: an mdast or hast parent. */
interface ParentOf<Child> {
  children: Child[];
}

/**
 * Replacements of children found during a walk of the tree, made together once it is done: each parent's
 * children are rebuilt in one pass. Splicing every replacement into its parent as it is found copies the rest
 * of the parent each time, which is quadratic in a paragraph with thousands of matches (issue 14). Since the tree
 * does not change during the walk, every index the walk gives stays right, and the walk goes into the children of
 * a node to be unwrapped as it would go into them spliced in its place.
 */
export class ChildEdits {
  readonly #byParent = new Map<ParentOf<unknown>, Map<number, readonly unknown[]>>();

  /** `parent.children[index]` is to become `nodes` (none to remove it; the node's own `children` to unwrap it). */
  replace<Child>(parent: ParentOf<Child>, index: number, nodes: readonly Child[]): void {
    let replacements = this.#byParent.get(parent);
    if (!replacements) this.#byParent.set(parent, (replacements = new Map()));
    replacements.set(index, nodes);
  }

  apply(): void {
    // The walk finds replacements inside a node only after the node's own, so, taking parents from the last one
    // back, a node being unwrapped has its children edited before they move up. The arrays are rewritten in place,
    // so a node's `children` given as `nodes` are read as edited.
    for (const [parent, replacements] of [...this.#byParent].reverse()) {
      const rebuilt: unknown[] = [];
      parent.children.forEach((child, index) => {
        const nodes = replacements.get(index);
        if (nodes === undefined) rebuilt.push(child);
        else for (const node of nodes) rebuilt.push(node);
      });
      parent.children.length = 0;
      for (const node of rebuilt) parent.children.push(node);
    }
    this.#byParent.clear();
  }
}
