/** A fixed-size buffer that keeps the newest `capacity` items; pushing never allocates. */
export class Ring<T> {
  private readonly items: (T | undefined)[];
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.items = new Array<T | undefined>(capacity);
  }

  /** Adds an item; returns the oldest one if it had to make room. */
  push(item: T): T | undefined {
    const end = (this.start + this.count) % this.capacity;
    const evicted = this.count === this.capacity ? this.items[end] : undefined;
    this.items[end] = item;
    if (this.count < this.capacity) this.count++;
    else this.start = (this.start + 1) % this.capacity;
    return evicted;
  }

  /** The newest `n` items (all by default), oldest first. */
  last(n = this.count): T[] {
    const take = Math.min(n, this.count);
    const out: T[] = [];
    for (let i = this.count - take; i < this.count; i++) {
      out.push(this.items[(this.start + i) % this.capacity] as T);
    }
    return out;
  }

  clear(): void {
    this.items.fill(undefined);
    this.start = 0;
    this.count = 0;
  }
}
