import { adapterRegistry, createAdapter, loadAdapterPlugins } from "../adapters/index.js";
import { simOptionsSchema, startSimServer, type AnswerKeyEntry, type ToolKeyEntry } from "../sim/index.js";
import type { ChatAdapterV1 } from "../spec/adapter.js";
import { KfmError, SuiteError } from "../spec/errors.js";
import type { RenderedPrompt, SuiteItem } from "../spec/item.js";
import { SIMULATED, type EndpointDefinition } from "./endpoint.js";

export interface OpenedEndpoint {
  adapter: ChatAdapterV1;
  /** What the user should know about this endpoint (e.g. that it is simulated). */
  notes: string[];
  close(): Promise<void>;
}

const TRAILING_OPTIONS = /\nA\. [^\n]*\nB\. [^\n]*(?:\n[C-E]\. [^\n]*)*\s*(?:정답\s*[:：]\s*)?$/;

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
      const user = render(item).messages.filter((message) => message.role === "user").at(-1)?.content;
      const stripped = user?.replace(TRAILING_OPTIONS, "");
      if (stripped && stripped !== user) question = stripped;
    }
    if (question !== undefined) key.push({ question, choices: item.choices ?? [], answer: item.target, subject: item.subject });
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

export interface OpenEndpointContext {
  env: NodeJS.ProcessEnv;
  /** The suite's items, for the simulator's answer key (read only when the endpoint is the simulator). */
  answerKeyItems?: () => Promise<readonly SuiteItem[]>;
  render?: (item: SuiteItem) => RenderedPrompt;
  /** The suite offers tools: the adapter must be able to send them (and the simulator plays the tasks, in loop mode when set). */
  tools?: { loop: boolean };
}

export async function openEndpoint(definition: EndpointDefinition, context: OpenEndpointContext): Promise<OpenedEndpoint> {
  const adapterContext = { endpointName: definition.name, env: context.env, concurrency: definition.concurrency };
  if (definition.adapter !== SIMULATED) {
    const plugins = definition.plugins?.length ? await loadAdapterPlugins(definition.plugins, new Set(adapterRegistry.keys())) : new Map();
    const capabilities = (plugins.get(definition.adapter) ?? adapterRegistry.get(definition.adapter))?.capabilities as { tools?: boolean } | undefined;
    if (context.tools && capabilities && !capabilities.tools) {
      const able = [...adapterRegistry.values()].filter((candidate) => (candidate.capabilities as { tools?: boolean }).tools).map((candidate) => candidate.id);
      throw new KfmError("config", `endpoint "${definition.name}" uses adapter ${definition.adapter}, which cannot send tools; this suite is a tool-use suite`, {
        hint: `Use an endpoint whose adapter supports tools (${able.join(", ")}).`,
      });
    }
    const adapter = await createAdapter(definition.adapter, definition.settings, adapterContext, plugins);
    return { adapter, notes: [], close: async () => adapter.close?.() };
  }
  const parsed = simOptionsSchema.safeParse({ ...(definition.simulation ?? {}), model: definition.model });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new SuiteError({ file: `endpoint "${definition.name}"`, path: ["simulation", ...issue.path].join(".") }, issue.message, { code: "config" });
  }
  const keyItems = (await context.answerKeyItems?.()) ?? [];
  const server = await startSimServer({
    ...parsed.data,
    answerKey: answerKey(keyItems, context.render),
    ...(context.tools ? { toolKey: toolKey(keyItems, context.tools.loop) } : {}),
  });
  // The simulator is sent what a real server would be: the endpoint's parameters and extra fields too.
  const { parameters, request } = definition.settings;
  const adapter = await createAdapter("openai-compatible", { baseUrl: server.url, model: definition.model, ...(parameters ? { parameters } : {}), ...(request ? { request } : {}) }, adapterContext).catch(async (error: unknown) => {
    await server.close();
    throw error;
  });
  return {
    adapter,
    notes: [`endpoint "${definition.name}" is kfm's built-in simulated model at ${server.url} (answers at a set accuracy; not a real model)`],
    close: async () => {
      await adapter.close?.();
      await server.close();
    },
  };
}
