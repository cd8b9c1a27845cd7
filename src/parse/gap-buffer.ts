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
    start = Math.max(0, Math.min(start, this.length));
    const end = Math.min(start + Math.max(0, remove), this.length);
    // A range across the cursor is cut from both sides where it stands, without moving what it removes.
    if (start > this.left.length || end < this.left.length) this.moveCursor(start);
    this.right.length -= end - this.left.length;
    this.left.length = start;
    pushAll(this.left, items);
  }

  toArray(): T[] {
    const items = this.left.slice();
    for (let index = this.right.length - 1; index >= 0; index--) items.push(this.right[index]!);
    return items;
  }

  private moveCursor(to: number): void {
    const cursor = Math.max(0, Math.min(to, this.length));
    if (cursor < this.left.length) pushAll(this.right, this.left.splice(cursor).reverse());
    else if (cursor > this.left.length) pushAll(this.left, this.right.splice(this.right.length - (cursor - this.left.length)).reverse());
  }
}

/** `list.push(...items)` in chunks: items are passed on the stack, which a long list would overflow. */
function pushAll<T>(list: T[], items: readonly T[]): void {
  for (let start = 0; start < items.length; start += 10_000) list.push(...items.slice(start, start + 10_000));
}
