/**
 * A list edited at a cursor: the items left of it in `left`, those right of it in `right`, last item first. A splice
 * costs the size of the change plus the distance the cursor moves, so edits that sweep through a long list from its
 * start to its end cost the length of the list, where `Array#splice` moves every later item each time.
 */
export class GapBuffer<T> {
  private readonly left: T[];
  private readonly right: T[] = [];

  constructor(items: readonly T[]) {
    this.left = [...items];
  }

  get length(): number {
    return this.left.length + this.right.length;
  }

  get(index: number): T {
    const left = this.left.length;
    if (index < 0 || index >= left + this.right.length) throw new RangeError(`index ${index} out of a gap buffer of ${this.length}`);
    return index < left ? this.left[index]! : this.right[this.right.length - 1 - (index - left)]!;
  }

  /** The items from `start` up to (not including) `end`. */
  slice(start: number, end: number): T[] {
    const items: T[] = [];
    for (let index = start; index < end; index++) items.push(this.get(index));
    return items;
  }

  /** Removes `remove` items at `start` and puts `items` in their place; the cursor ends after them. */
  splice(start: number, remove: number, items: readonly T[]): void {
    this.moveCursor(start);
    const removable = Math.min(remove, this.right.length);
    this.right.length -= removable;
    for (const item of items) this.left.push(item);
  }

  toArray(): T[] {
    const items = this.left.slice();
    for (let index = this.right.length - 1; index >= 0; index--) items.push(this.right[index]!);
    return items;
  }

  private moveCursor(to: number): void {
    const cursor = Math.max(0, Math.min(to, this.length));
    while (this.left.length > cursor) this.right.push(this.left.pop()!);
    while (this.left.length < cursor) this.left.push(this.right.pop()!);
  }
}
