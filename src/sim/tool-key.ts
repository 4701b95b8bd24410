import { squash } from "./answer-key.js";
import type { ToolKeyEntry } from "./options.js";

/** A chat message as it arrives on the wire (OpenAI shape). */
export interface WireMessage {
  role?: string;
  content?: unknown;
  tool_calls?: unknown[];
}

/** Where a request stands in a known task: the entry, and for a loop how many reference calls have succeeded so far. */
export interface ToolKeyMatch {
  entry: ToolKeyEntry;
  /** Reference calls already answered without an error (the next one to make). */
  step: number;
  /** Assistant turns since the task's conversation: a retry after a malformed call is a new attempt. */
  attempt: number;
}

/**
 * Finds the tool-use task a request belongs to by its last user message; a single-step entry
 * also needs the same number of messages after it (a dialog's call turn and its completion turn
 * share the user message). For a loop, the tool results since then say which step comes next.
 */
export class ToolKey {
  private readonly byCue = new Map<string, ToolKeyEntry[]>();

  constructor(entries: readonly ToolKeyEntry[]) {
    for (const entry of entries) {
      const cue = squash(entry.cue);
      const list = this.byCue.get(cue);
      if (list) list.push(entry);
      else this.byCue.set(cue, [entry]);
    }
  }

  get size(): number {
    return this.byCue.size;
  }

  lookup(messages: readonly WireMessage[], toolNames: readonly string[] = []): ToolKeyMatch | undefined {
    let lastUser = -1;
    for (let index = messages.length - 1; index >= 0; index--) {
      if (messages[index]?.role === "user") {
        lastUser = index;
        break;
      }
    }
    if (lastUser < 0 || typeof messages[lastUser]!.content !== "string") return undefined;
    const all = this.byCue.get(squash(messages[lastUser]!.content as string));
    if (!all) return undefined;
    // Entries offered the same tools come first (FunctionChat asks the same question with and without the right tool).
    const offered = [...toolNames].sort().join(",");
    const candidates = [...all.filter((entry) => entry.tools !== undefined && [...entry.tools].sort().join(",") === offered), ...all];
    const tail = messages.length - lastUser - 1;
    const single = candidates.find((entry) => !entry.loop && entry.offset === tail);
    if (single) return { entry: single, step: 0, attempt: 0 };
    const loop = candidates.find((entry) => entry.loop && entry.offset <= tail);
    if (!loop) return undefined;
    const after = messages.slice(lastUser + 1 + loop.offset);
    const step = after.filter(
      (message) => message.role === "tool" && !(typeof message.content === "string" && message.content.startsWith('{"error"')),
    ).length;
    const attempt = after.filter((message) => message.role === "assistant").length;
    return { entry: loop, step, attempt };
  }
}
