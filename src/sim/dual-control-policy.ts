import type { DualKeyEntry } from "./options.js";
import type { WireMessage } from "./tool-key.js";
import { wrongArguments, type SimToolReply } from "./tool-policy.js";

/** The model id that makes the simulated agent play its reference calls with one argument wrong. */
export const WRONG_ACTIONS_MODEL = "kfm-sim-wrong-actions";

/** How the simulated agent asks the simulated user for one of the user's reference actions. */
export const USER_ACTION_REQUEST = "Please do this on your phone:";

/** The header kfm sends with each request of an item: its id, URI-encoded (harmless to real endpoints, never secret). */
export const ITEM_HEADER = "x-kfm-item";

const textOf = (message: WireMessage | undefined): string => (typeof message?.content === "string" ? message.content : "");
const hasCalls = (message: WireMessage) => Array.isArray(message.tool_calls) && message.tool_calls.length > 0;

/**
 * The simulator's play of a dual-control task, from whichever side asks, worked out from the
 * conversation alone so every request stands on its own (no state kept between requests):
 *
 * - as the agent, the reference actions come in order: its own are tool calls; for the user's it
 *   asks "Please do this on your phone: name {args}". Its position is the calls it has made plus
 *   the requests it has sent (each answered before its next turn). When all are done it says so
 *   (or that the user is transferred, when the last action is the transfer).
 * - as the user, it opens with its reason for calling, performs its next reference action when the
 *   agent asks for one, reports the result, and ends with ###STOP### (###TRANSFER### after a transfer).
 *
 * With the wrong-actions model, the agent's own calls carry one wrong argument: the tasks whose
 * assertions depend on those calls fail, the others still pass.
 */
export function dualControlReply(
  entry: DualKeyEntry,
  messages: readonly WireMessage[],
  offered: readonly string[],
  options: { wrongActions: boolean; requestNumber: number },
): SimToolReply {
  const id = `call_sim_${options.requestNumber}`;
  const asAgent = offered.every((name) => entry.agentTools.includes(name));
  if (asAgent) {
    const greeting = messages.findIndex((message) => message.role === "assistant");
    const after = messages.slice(greeting + 1);
    const position =
      after.filter((message) => message.role === "tool").length +
      after.filter((message) => message.role === "assistant" && !hasCalls(message)).length;
    const action = entry.actions[position];
    if (!action) {
      const transferred = entry.actions.at(-1)?.name === "transfer_to_human_agents";
      return {
        content: transferred
          ? "YOU ARE BEING TRANSFERRED TO A HUMAN AGENT. PLEASE HOLD ON."
          : "Everything on my side is done: your issue should now be resolved.",
        toolCalls: [],
        outcome: "final",
      };
    }
    if (action.requestor === "user")
      return { content: `${USER_ACTION_REQUEST} ${action.name} ${JSON.stringify(action.arguments)}`, toolCalls: [], outcome: "reply" };
    const args = options.wrongActions ? wrongArguments(action.arguments, 0) : action.arguments;
    return {
      content: "",
      toolCalls: [{ id, name: action.name, arguments: JSON.stringify(args) }],
      outcome: options.wrongActions ? "wrong-argument" : "call",
    };
  }
  const last = messages.at(-1);
  if (last?.role === "tool") return { content: `Done. ${textOf(last)}`, toolCalls: [], outcome: "reply" };
  const spoken = messages.filter((message) => message.role === "assistant" && !hasCalls(message)).length;
  if (spoken === 0) return { content: "Hi, I have a problem with my phone service and need help.", toolCalls: [], outcome: "reply" };
  if (textOf(last).includes(USER_ACTION_REQUEST)) {
    const done = messages.filter((message) => message.role === "tool").length;
    const action = entry.actions.filter((candidate) => candidate.requestor === "user")[done];
    if (action)
      return { content: "", toolCalls: [{ id, name: action.name, arguments: JSON.stringify(action.arguments) }], outcome: "call" };
  }
  const transferred = entry.actions.at(-1)?.name === "transfer_to_human_agents";
  return { content: transferred ? "###TRANSFER###" : "Thank you, that fixed it. ###STOP###", toolCalls: [], outcome: "final" };
}
