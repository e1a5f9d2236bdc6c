/**
 * Rows of one record kind: `seeded` rows generated on demand from their index, plus rows created,
 * changed or deleted through the API, kept as overrides. Reading a row or a page costs O(1) per row,
 * whatever the number of seeded rows.
 */
export class Table<T> {
  readonly #overrides = new Map<number, T | null>();
  #next: number;
  #deleted = 0;

  constructor(
    readonly seeded: number,
    readonly generate: (index: number) => T,
  ) {
    this.#next = seeded;
  }

  get(index: number): T | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.#next) return undefined;
    const override = this.#overrides.get(index);
    if (override === null) return undefined;
    return override ?? (index < this.seeded ? this.generate(index) : undefined);
  }

  insert(row: T): number {
    const index = this.#next++;
    this.#overrides.set(index, row);
    return index;
  }

  update(index: number, row: T): void {
    this.#overrides.set(index, row);
  }

  delete(index: number): boolean {
    if (this.get(index) === undefined) return false;
    this.#overrides.set(index, null);
    this.#deleted++;
    return true;
  }

  /** Live rows. */
  get size(): number {
    return this.#next - this.#deleted;
  }

  /** Upper bound of indexes (exclusive). */
  get end(): number {
    return this.#next;
  }

  /** Live rows among the given indexes (ascending) and every row changed through the API. */
  *scanCandidates(candidates: number[]): Generator<[number, T]> {
    const indexes = new Set(candidates.filter((i) => i < this.seeded && !this.#overrides.has(i)));
    for (const i of this.#overrides.keys()) indexes.add(i);
    for (const i of [...indexes].sort((a, b) => a - b)) {
      const row = this.get(i);
      if (row !== undefined) yield [i, row];
    }
  }

  /** Live rows from `start` on, in index order. */
  *scan(start = 0): Generator<[number, T]> {
    for (let i = Math.max(0, start); i < this.#next; i++) {
      const row = this.get(i);
      if (row !== undefined) yield [i, row];
    }
  }
}
