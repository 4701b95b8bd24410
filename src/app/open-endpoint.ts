import { createAdapter } from "../adapters/index.js";
import { simOptionsSchema, startSimServer, type AnswerKeyEntry } from "../sim/index.js";
import type { ChatAdapterV1 } from "../spec/adapter.js";
import { SuiteError } from "../spec/errors.js";
import type { SuiteItem } from "../spec/item.js";
import { SIMULATED, type EndpointDefinition } from "./endpoint.js";

export interface OpenedEndpoint {
  adapter: ChatAdapterV1;
  /** What the user should know about this endpoint (e.g. that it is simulated). */
  notes: string[];
  close(): Promise<void>;
}

/** The simulated endpoint knows the answers of the suite it serves; its accuracy is set, not earned. */
export function answerKey(items: readonly SuiteItem[]): AnswerKeyEntry[] {
  const key: AnswerKeyEntry[] = [];
  for (const item of items) {
    const question = item.fields.question;
    if (question !== undefined) key.push({ question, choices: item.choices ?? [], answer: item.target, subject: item.subject });
  }
  return key;
}

export async function openEndpoint(
  definition: EndpointDefinition,
  context: { env: NodeJS.ProcessEnv; answerKeyItems?: readonly SuiteItem[] },
): Promise<OpenedEndpoint> {
  const adapterContext = { endpointName: definition.name, env: context.env, concurrency: definition.concurrency };
  if (definition.adapter !== SIMULATED) {
    const adapter = await createAdapter(definition.adapter, definition.settings, adapterContext);
    return { adapter, notes: [], close: async () => adapter.close?.() };
  }
  const parsed = simOptionsSchema.safeParse({ ...(definition.simulation ?? {}), model: definition.model });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new SuiteError({ file: `endpoint "${definition.name}"`, path: ["simulation", ...issue.path].join(".") }, issue.message, { code: "config" });
  }
  const server = await startSimServer({ ...parsed.data, answerKey: answerKey(context.answerKeyItems ?? []) });
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
