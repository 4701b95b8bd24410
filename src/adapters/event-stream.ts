import { createParser, type EventSourceParser } from "eventsource-parser";

/** Decides whether a streamed event carries generated text (for time to first token). */
export type FirstTokenTest = (event: unknown) => boolean;

/**
 * A streamed reply read as server-sent events (WHATWG HTML §9.2) by eventsource-parser: lines may
 * end in CRLF, LF or CR, comments (`: keep-alive`) and fields other than `data` are skipped, and a
 * multi-line `data` is one event. Each event's data is JSON, except the closing `[DONE]`.
 */
export class EventStream {
  readonly parsed: unknown[] = [];
  /** The first `data` that was not JSON. */
  malformed: string | undefined;
  /** Milliseconds from the request to the first event that carries generated text. */
  firstTokenMs: number | undefined;
  private readonly parser: EventSourceParser;

  constructor(
    private readonly carriesToken: FirstTokenTest,
    private readonly started: number,
  ) {
    this.parser = createParser({ onEvent: ({ data }) => this.take(data) });
  }

  /** Text as it arrives, in pieces of any size (a line ending may be split between two). */
  read(text: string): void {
    this.parser.feed(text);
  }

  private take(data: string): void {
    if (data === "[DONE]") return;
    try {
      const event = JSON.parse(data) as unknown;
      this.parsed.push(event);
      if (this.firstTokenMs === undefined && this.carriesToken(event)) this.firstTokenMs = performance.now() - this.started;
    } catch {
      this.malformed ??= data;
    }
  }
}
