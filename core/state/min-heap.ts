/** What a heap holds: its position is kept on the item itself, so it can be moved or removed in O(log n). */
export interface HeapItem {
  heapIndex: number;
}

/** A binary min-heap ordered by `key(item)`; every operation is O(log n). */
export class MinHeap<T extends HeapItem> {
  private readonly items: T[] = [];

  constructor(private readonly key: (item: T) => number) {}

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    item.heapIndex = this.items.length;
    this.items.push(item);
    this.up(item.heapIndex);
  }

  pop(): T | undefined {
    const top = this.items[0];
    if (top !== undefined) this.remove(top);
    return top;
  }

  /** Removes an item that is in this heap; a no-op for one that is not. */
  remove(item: T): void {
    const index = item.heapIndex;
    if (this.items[index] !== item) return;
    const last = this.items.pop() as T;
    item.heapIndex = -1;
    if (last === item) return;
    this.items[index] = last;
    last.heapIndex = index;
    this.up(index);
    this.down(last.heapIndex);
  }

  /** Restores order after the item's key changed. */
  update(item: T): void {
    if (this.items[item.heapIndex] !== item) return;
    this.up(item.heapIndex);
    this.down(item.heapIndex);
  }

  has(item: T): boolean {
    return item.heapIndex >= 0 && this.items[item.heapIndex] === item;
  }

  private up(index: number): void {
    const items = this.items;
    const item = items[index] as T;
    const key = this.key(item);
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = items[parentIndex] as T;
      if (this.key(parent) <= key) break;
      items[index] = parent;
      parent.heapIndex = index;
      index = parentIndex;
    }
    items[index] = item;
    item.heapIndex = index;
  }

  private down(index: number): void {
    const items = this.items;
    const length = items.length;
    const item = items[index] as T;
    const key = this.key(item);
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      const child = right < length && this.key(items[right] as T) < this.key(items[left] as T) ? right : left;
      const childItem = items[child] as T;
      if (this.key(childItem) >= key) break;
      items[index] = childItem;
      childItem.heapIndex = index;
      index = child;
    }
    items[index] = item;
    item.heapIndex = index;
  }
}
