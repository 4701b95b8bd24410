import type { ItemRecord } from "../spec/record.js";

export interface ProgressOptions {
  total: number;
  /** Items already finished before this session (resume). */
  alreadyDone?: number;
  stream?: NodeJS.WriteStream;
  /** `bar` redraws one line on a TTY; `lines` prints a line now and then; `none` is silent. */
  mode: "bar" | "lines" | "none";
  now?: () => number;
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "--";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}h${String(m).padStart(2, "0")}m` : `${m}m${String(s % 60).padStart(2, "0")}s`;
}

/** Done/total, rate, ETA, accuracy so far and errors, on stderr so stdout stays machine-readable. */
export class Progress {
  private done: number;
  private correct = 0;
  private answered = 0;
  private errors = 0;
  private readonly started: number;
  private lastDraw = 0;
  private lastLinePercent = -1;
  private lastLineTime: number;
  private readonly stream: NodeJS.WriteStream;
  private readonly now: () => number;

  constructor(private readonly options: ProgressOptions) {
    this.done = options.alreadyDone ?? 0;
    this.now = options.now ?? Date.now;
    this.started = this.now();
    this.lastLineTime = this.started;
    this.stream = options.stream ?? process.stderr;
  }

  record(record: ItemRecord): void {
    this.done++;
    if (record.status === "error") this.errors++;
    else {
      this.answered++;
      if (record.status === "correct") this.correct++;
    }
    this.draw(false);
  }

  line(): string {
    const { total } = this.options;
    const elapsed = (this.now() - this.started) / 1000;
    const fresh = this.done - (this.options.alreadyDone ?? 0);
    const rate = elapsed > 0 ? fresh / elapsed : 0;
    const eta = rate > 0 ? (total - this.done) / rate : Number.NaN;
    const accuracy = this.answered > 0 ? `${((100 * this.correct) / this.answered).toFixed(1)}%` : "--";
    const percent = total > 0 ? Math.floor((100 * this.done) / total) : 100;
    return `${this.done}/${total} (${percent}%)  ${rate.toFixed(1)} items/s  ETA ${formatDuration(eta)}  acc ${accuracy}  errors ${this.errors}`;
  }

  private draw(final: boolean): void {
    const { mode, total } = this.options;
    if (mode === "none") return;
    const now = this.now();
    if (mode === "bar") {
      if (!final && now - this.lastDraw < 100) return;
      this.lastDraw = now;
      const width = 24;
      const filled = total > 0 ? Math.round((width * this.done) / total) : width;
      this.stream.write(`\r\x1b[2K[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${this.line()}`);
      if (final) this.stream.write("\n");
      return;
    }
    const percent = total > 0 ? Math.floor((10 * this.done) / total) * 10 : 100;
    if (final || percent > this.lastLinePercent || now - this.lastLineTime > 30_000) {
      this.lastLinePercent = percent;
      this.lastLineTime = now;
      this.stream.write(`kfm: ${this.line()}\n`);
    }
  }

  finish(): void {
    this.draw(true);
  }
}
