import type { RenderedPrompt, SuiteItem } from "../spec/item.js";
import type { AnswerKeyEntry, DualKeyEntry, ToolKeyEntry } from "./options.js";

const TRAILING_OPTIONS = /\nA\. [^\n]*\nB\. [^\n]*(?:\n[C-J]\. [^\n]*)*\s*(?:정답\s*[:：]\s*)?$/;

/**
 * The simulated endpoint knows the answers of the suite it serves; its accuracy is set, not earned.
 * A multiple-choice item is known by its options and by the prompt text before them (so items that
 * share options, such as 예 / 아니요, stay apart); an open item by its question.
 */
export function answerKey(items: readonly SuiteItem[], render?: (item: SuiteItem) => RenderedPrompt): AnswerKeyEntry[] {
  const key: AnswerKeyEntry[] = [];
  for (const item of items) {
    let question = item.fields.question;
    if (item.choices && render) {
      const user = render(item)
        .messages.filter((message) => message.role === "user")
        .at(-1)?.content;
      const stripped = user?.replace(TRAILING_OPTIONS, "");
      if (stripped && stripped !== user) question = stripped;
    }
    if (question === undefined) continue;
    const entry: AnswerKeyEntry = { question, choices: item.choices ?? [], answer: item.target, subject: item.subject };
    // A code-generation item (its suite maps starter_code): the simulator answers with a program.
    if (item.fields.starter_code !== undefined)
      entry.program = {
        starter: item.fields.starter_code,
        ...(item.fields.kfm_reference_solution ? { reference: item.fields.kfm_reference_solution } : {}),
      };
    key.push(entry);
  }
  return key;
}

/**
 * The tool-use tasks the simulated endpoint can play, from a suite's items: each is known by its
 * last user message (and, for a dialog turn, how many messages follow it); a loop task plays its
 * reference solution one call per turn.
 */
export function toolKey(items: readonly SuiteItem[], loop: boolean): ToolKeyEntry[] {
  const key: ToolKeyEntry[] = [];
  for (const item of items) {
    const task = item.task;
    if (!task) continue;
    const lastUser = task.messages.map((message) => message.role).lastIndexOf("user");
    if (lastUser < 0) continue;
    const calls = (loop ? (task.solution ?? task.expected.calls) : task.expected.calls) ?? [];
    const entry: ToolKeyEntry = {
      cue: task.messages[lastUser]!.content,
      offset: task.messages.length - lastUser - 1,
      loop,
      decision: task.expected.decision,
      calls: calls.map(({ name, arguments: args }) => ({ name, arguments: args })),
      tools: task.tools.map((tool) => tool.name),
    };
    if (task.expected.reply !== undefined) entry.reply = task.expected.reply;
    key.push(entry);
  }
  return key;
}

/**
 * The dual-control tasks (tau2-bench) the simulated endpoint can play from both sides, by task id:
 * the reference actions of each task's evaluation criteria, in order, each with its side. With
 * `into`, tasks are added to it (a suite read a batch at a time); a task id seen before is kept as first seen.
 */
export function dualKey(items: readonly SuiteItem[], into = new Map<string, DualKeyEntry>()): DualKeyEntry[] {
  const key = into;
  for (const item of items) {
    const task = item.task;
    const criteria = task?.state?.evaluation_criteria as { actions?: DualKeyEntry["actions"] } | undefined;
    if (!task?.user || !criteria || key.has(task.id)) continue;
    key.set(task.id, {
      task: task.id,
      agentTools: task.tools.map((tool) => tool.name),
      actions: (criteria.actions ?? []).map(({ requestor, name, arguments: args }) => ({ requestor, name, arguments: args })),
    });
  }
  return [...key.values()];
}

/** What the simulator is given to play a suite: its answer key, and its tool and dual-control keys for a tool-use suite. */
export interface SimulatorKeys {
  answerKey: AnswerKeyEntry[];
  toolKey?: ToolKeyEntry[];
  dualKey?: DualKeyEntry[];
}

/** The keys built from one item source, shared by every simulator that plays it (a campaign's simulated teams); entries are never changed. */
const built = new WeakMap<object, Promise<SimulatorKeys>>();

/**
 * The simulator's keys for a suite's items, read a batch at a time (a data file's worth), so the
 * whole suite's items are never held at once: only the keys, which keep the question, options and
 * answer of each item. `items` names the source: the same function (one per loaded suite) gives
 * the same keys, built once, so simulated teams on one suite share them.
 */
export function simulatorKeys(source: {
  items?: () => AsyncIterable<readonly SuiteItem[]>;
  render?: (item: SuiteItem) => RenderedPrompt;
  tools?: { loop: boolean };
}): Promise<SimulatorKeys> {
  const build = async (): Promise<SimulatorKeys> => {
    const keys: Required<SimulatorKeys> = { answerKey: [], toolKey: [], dualKey: [] };
    const dual = new Map<string, DualKeyEntry>();
    for await (const batch of source.items?.() ?? []) {
      for (const entry of answerKey(batch, source.render)) keys.answerKey.push(entry);
      if (!source.tools) continue;
      for (const entry of toolKey(batch, source.tools.loop)) keys.toolKey.push(entry);
      dualKey(batch, dual);
    }
    return source.tools ? { ...keys, dualKey: [...dual.values()] } : { answerKey: keys.answerKey };
  };
  if (!source.items) return build();
  const owner = source.items;
  let keys = built.get(owner);
  if (!keys) {
    keys = build();
    built.set(owner, keys);
    keys.catch(() => built.delete(owner));
  }
  return keys;
}
