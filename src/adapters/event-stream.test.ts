import { describe, expect, it } from "vitest";
import { EventStream } from "./event-stream.js";

/** An OpenAI-style stream: a comment, two chunks (one with an `event:` and an `id:` field), then `[DONE]`. */
function stream(eol: string): string {
  return [
    ": keep-alive",
    "",
    `data: ${JSON.stringify({ choices: [{ delta: { content: "정답은 " } }] })}`,
    "",
    "event: message",
    "id: 2",
    `data: ${JSON.stringify({ choices: [{ delta: { content: "B입니다" } }] })}`,
    "",
    "data: [DONE]",
    "",
    "",
  ].join(eol);
}

const EXPECTED = [{ choices: [{ delta: { content: "정답은 " } }] }, { choices: [{ delta: { content: "B입니다" } }] }];

/** Reads the text cut at `cut`: every cut, so a line ending split between two pieces is covered too. */
function readCut(text: string, cut: number): EventStream {
  const events = new EventStream(() => true, performance.now());
  events.read(text.slice(0, cut));
  events.read(text.slice(cut));
  return events;
}

describe("EventStream", () => {
  it.each([
    ["CRLF", "\r\n"],
    ["LF", "\n"],
    ["CR", "\r"],
  ])("reads events delimited by %s, skipping comments and other fields, wherever the text is cut", (_name, eol) => {
    const text = stream(eol);
    for (let cut = 0; cut <= text.length; cut++) {
      const events = readCut(text, cut);
      expect(events.parsed).toEqual(EXPECTED);
      expect(events.malformed).toBeUndefined();
    }
  });

  it("joins a multi-line data field into one event, and keeps the first data that is not JSON", () => {
    const events = new EventStream(() => false, performance.now());
    events.read('data: {"a":\r\ndata: 1}\r\n\r\ndata: {"b": 2\r\n\r\ndata: {"c": 3}\r\n\r\n');
    expect(events.parsed).toEqual([{ a: 1 }, { c: 3 }]);
    expect(events.malformed).toBe('{"b": 2');
    expect(events.firstTokenMs).toBeUndefined();
  });
});
