import { adapterRegistry, createAdapter, loadAdapterPlugins } from "../adapters/index.js";
import { simOptionsSchema, startSimServer, type AnswerKeyEntry } from "../sim/index.js";
import type { ChatAdapterV1 } from "../spec/adapter.js";
import { SuiteError } from "../spec/errors.js";
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

export async function openEndpoint(
  definition: EndpointDefinition,
  context: { env: NodeJS.ProcessEnv; answerKeyItems?: readonly SuiteItem[]; render?: (item: SuiteItem) => RenderedPrompt },
): Promise<OpenedEndpoint> {
  const adapterContext = { endpointName: definition.name, env: context.env, concurrency: definition.concurrency };
  if (definition.adapter !== SIMULATED) {
    const plugins = definition.plugins?.length ? await loadAdapterPlugins(definition.plugins, new Set(adapterRegistry.keys())) : new Map();
    const adapter = await createAdapter(definition.adapter, definition.settings, adapterContext, plugins);
    return { adapter, notes: [], close: async () => adapter.close?.() };
  }
  const parsed = simOptionsSchema.safeParse({ ...(definition.simulation ?? {}), model: definition.model });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new SuiteError({ file: `endpoint "${definition.name}"`, path: ["simulation", ...issue.path].join(".") }, issue.message, { code: "config" });
  }
  const server = await startSimServer({ ...parsed.data, answerKey: answerKey(context.answerKeyItems ?? [], context.render) });
  const adapter = await createAdapter("openai-compatible", { baseUrl: server.url, model: definition.model }, adapterContext);
  return {
    adapter,
    notes: [`endpoint "${definition.name}" is kfm's built-in simulated model at ${server.url} (answers at a set accuracy; not a real model)`],
    close: async () => {
      await adapter.close?.();
      await server.close();
    },
  };
}
