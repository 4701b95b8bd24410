/**
 * What a run needs to choose items without holding them: every item's id and subject by position,
 * packed. Ids are kept as one string per data file with offsets, subjects as numbers into a list,
 * so the index costs the ids' characters plus 8 bytes an item, whatever the suite's size.
 */
export class ItemIndex {
  readonly #files: Array<{ start: number; text: string; offsets: Uint32Array }> = [];
  readonly #subjects: string[] = [];
  readonly #subjectNumbers = new Map<string, number>();
  #subjectOf = new Uint32Array(1024);
  #size = 0;
  #pending: string[] = [];

  get size(): number {
    return this.#size;
  }

  /** Adds the next item; call `endFile()` after each data file's last item. */
  add(id: string, subject: string): void {
    let number = this.#subjectNumbers.get(subject);
    if (number === undefined) {
      number = this.#subjects.push(subject) - 1;
      this.#subjectNumbers.set(subject, number);
    }
    if (this.#size === this.#subjectOf.length) {
      const grown = new Uint32Array(this.#subjectOf.length * 2);
      grown.set(this.#subjectOf);
      this.#subjectOf = grown;
    }
    this.#subjectOf[this.#size++] = number;
    this.#pending.push(id);
  }

  endFile(): void {
    if (this.#pending.length === 0) return;
    const offsets = new Uint32Array(this.#pending.length + 1);
    for (let index = 0; index < this.#pending.length; index++) offsets[index + 1] = offsets[index]! + this.#pending[index]!.length;
    this.#files.push({ start: this.#size - this.#pending.length, text: this.#pending.join(""), offsets });
    this.#pending = [];
  }

  /**
   * Adds a data file's items at once, packed as `endFile()` keeps them: the ids end to end in `text`,
   * where id k runs from offsets[k] to offsets[k + 1], and each item's subject as a number into `subjects`.
   */
  addPacked(text: string, offsets: Uint32Array, subjectOf: Uint32Array, subjects: readonly string[]): void {
    if (this.#pending.length > 0) throw new Error("addPacked after add() without endFile()");
    const count = subjectOf.length;
    if (count === 0) return;
    const numbers = subjects.map((subject) => {
      let number = this.#subjectNumbers.get(subject);
      if (number === undefined) {
        number = this.#subjects.push(subject) - 1;
        this.#subjectNumbers.set(subject, number);
      }
      return number;
    });
    let room = this.#subjectOf.length;
    while (room < this.#size + count) room *= 2;
    if (room !== this.#subjectOf.length) {
      const grown = new Uint32Array(room);
      grown.set(this.#subjectOf);
      this.#subjectOf = grown;
    }
    for (let at = 0; at < count; at++) this.#subjectOf[this.#size + at] = numbers[subjectOf[at]!]!;
    this.#files.push({ start: this.#size, text, offsets });
    this.#size += count;
  }

  id(position: number): string {
    const file = this.#fileOf(position);
    const at = position - file.start;
    return file.text.slice(file.offsets[at], file.offsets[at + 1]);
  }

  subject(position: number): string {
    if (position < 0 || position >= this.#size) throw new RangeError(`no item at position ${position}`);
    return this.#subjects[this.#subjectOf[position]!]!;
  }

  /** The subjects in order of first appearance. */
  subjects(): readonly string[] {
    return this.#subjects;
  }

  #fileOf(position: number): { start: number; text: string; offsets: Uint32Array } {
    const files = this.#files;
    let low = 0;
    let high = files.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (files[middle]!.start <= position) low = middle;
      else high = middle - 1;
    }
    const file = files[low];
    if (!file || position < file.start || position >= file.start + file.offsets.length - 1)
      throw new RangeError(`no item at position ${position}`);
    return file;
  }
}

/**
 * A run's items as positions in the suite (and, for a task run k times, which trial), packed:
 * what a selection, a shard or the part left to resume is, without the items themselves.
 */
export class ItemSelection {
  constructor(
    readonly index: ItemIndex,
    readonly positions: Int32Array,
    /** Trial of each entry, 1-based; absent when each task runs once. */
    readonly trials?: Uint16Array,
  ) {}

  /** Every item of the suite, once each, in suite order. */
  static all(index: ItemIndex): ItemSelection {
    return new ItemSelection(
      index,
      Int32Array.from({ length: index.size }, (_, position) => position),
    );
  }

  get length(): number {
    return this.positions.length;
  }

  /** The id the entry's record carries: the item's, or `<id>#<trial>` for a repeated task. */
  id(entry: number): string {
    const id = this.index.id(this.positions[entry]!);
    return this.trials ? `${id}#${this.trials[entry]}` : id;
  }

  trial(entry: number): number | undefined {
    return this.trials?.[entry];
  }

  filter(keep: (entry: number) => boolean): ItemSelection {
    const kept: number[] = [];
    for (let entry = 0; entry < this.length; entry++) if (keep(entry)) kept.push(entry);
    return new ItemSelection(
      this.index,
      Int32Array.from(kept, (entry) => this.positions[entry]!),
      this.trials ? Uint16Array.from(kept, (entry) => this.trials![entry]!) : undefined,
    );
  }

  ids(): Set<string> {
    const ids = new Set<string>();
    for (let entry = 0; entry < this.length; entry++) ids.add(this.id(entry));
    return ids;
  }
}
