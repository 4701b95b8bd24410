import type { ItemRecord } from "../spec/record.js";

/** Makes an item's record: at once for a rule-based scorer, a promise while a judge decides. */
export type MakeRecord = () => ItemRecord | Promise<ItemRecord>;

/**
 * The records of finished items, made and written on the turn of the event loop after their
 * replies arrived, so that when many replies arrive at once each worker sends its next request
 * first: the endpoint is never kept waiting on our bookkeeping. The records of a turn are made in
 * one pass (one immediate for all of them, not a timer and a promise chain each); a record whose
 * judge or write is still pending stays in `finishing` until it settles.
 *
 * A record that cannot be made or written goes to `fail`, which stops the run: going on would lose
 * answers. `written` counts the records the writer took.
 */
export class RecordQueue {
  written = 0;
  private queued: MakeRecord[] = [];
  private readonly finishing = new Set<Promise<void>>();
  private drainScheduled = false;
  private drained: { promise: Promise<void>; resolve: () => void } | undefined;

  constructor(
    private readonly write: (record: ItemRecord) => void | Promise<void>,
    private readonly fail: (error: unknown) => void,
  ) {}

  /** Records waiting to be made, or made and waiting on a judge or the writer. */
  get unfinished(): number {
    return this.queued.length + this.finishing.size;
  }

  /** Queues a record to be made and written on the next turn. */
  defer(make: MakeRecord): void {
    this.queued.push(make);
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    setImmediate(() => this.drain());
  }

  /** Waits while more than `most` records are unfinished (the caller's back-pressure). */
  async roomFor(most: number): Promise<void> {
    while (this.unfinished > most) await (this.queued.length > 0 ? this.nextDrain() : Promise.race(this.finishing));
  }

  /** Waits until every record queued so far is written, or has failed. */
  async settle(): Promise<void> {
    while (this.unfinished > 0) await (this.queued.length > 0 ? this.nextDrain() : Promise.all([...this.finishing]));
  }

  private drain(): void {
    this.drainScheduled = false;
    const made = this.queued;
    this.queued = [];
    for (const make of made) {
      let pending: void | Promise<void>;
      try {
        const record = make();
        pending = record instanceof Promise ? record.then((judged) => this.complete(judged)) : this.complete(record);
      } catch (error) {
        this.fail(error);
        continue;
      }
      if (pending === undefined) continue;
      const task: Promise<void> = pending.catch(this.fail).finally(() => this.finishing.delete(task));
      this.finishing.add(task);
    }
    const waiting = this.drained;
    this.drained = undefined;
    waiting?.resolve();
  }

  private complete(record: ItemRecord): void | Promise<void> {
    const writing = this.write(record);
    if (!(writing instanceof Promise)) {
      this.written++;
      return;
    }
    return writing.then(() => {
      this.written++;
    });
  }

  /** Settles once the records queued so far are made. */
  private nextDrain(): Promise<void> {
    if (this.drained === undefined) {
      let resolve!: () => void;
      const promise = new Promise<void>((settle) => (resolve = settle));
      this.drained = { promise, resolve };
    }
    return this.drained.promise;
  }
}
