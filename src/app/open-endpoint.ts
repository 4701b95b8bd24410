import { adapterRegistry, createAdapter, loadAdapterPlugins } from "../adapters/index.js";
import type { ChatAdapterV1 } from "../spec/adapter.js";
import { KfmError, SuiteError } from "../spec/errors.js";
import type { RenderedPrompt, SuiteItem } from "../spec/item.js";
import { SIMULATED, type EndpointDefinition } from "../adapters/endpoint.js";

export interface OpenedEndpoint {
  adapter: ChatAdapterV1;
  /** What the user should know about this endpoint (e.g. that it is simulated). */
  notes: string[];
  close(): Promise<void>;
}

export interface OpenEndpointContext {
  env: NodeJS.ProcessEnv;
  /** The suite's items, for the simulator's answer key (read only when the endpoint is the simulator). */
  answerKeyItems?: () => AsyncIterable<readonly SuiteItem[]>;
  render?: (item: SuiteItem) => RenderedPrompt;
  /** The suite offers tools: the adapter must be able to send them (and the simulator plays the tasks, in loop mode when set). */
  tools?: { loop: boolean };
}

/** A tool-use suite needs an adapter that can send tools: a config error naming those that can, otherwise. */
export function requireTools(definition: EndpointDefinition, plugins: ReadonlyMap<string, { capabilities: unknown }> = new Map()): void {
  const capabilities = (plugins.get(definition.adapter) ?? adapterRegistry.get(definition.adapter))?.capabilities as
    { tools?: boolean } | undefined;
  if (!capabilities || capabilities.tools) return;
  const able = [...adapterRegistry.values()]
    .filter((candidate) => (candidate.capabilities as { tools?: boolean }).tools)
    .map((candidate) => candidate.id);
  throw new KfmError(
    "config",
    `endpoint "${definition.name}" uses adapter ${definition.adapter}, which cannot send tools; this suite is a tool-use suite`,
    {
      hint: `Use an endpoint whose adapter supports tools (${able.join(", ")}).`,
    },
  );
}

export async function openEndpoint(definition: EndpointDefinition, context: OpenEndpointContext): Promise<OpenedEndpoint> {
  const adapterContext = { endpointName: definition.name, env: context.env, concurrency: definition.concurrency };
  if (definition.adapter !== SIMULATED) {
    const plugins = definition.plugins?.length ? await loadAdapterPlugins(definition.plugins, new Set(adapterRegistry.keys())) : new Map();
    if (context.tools) requireTools(definition, plugins);
    const adapter = await createAdapter(definition.adapter, definition.settings, adapterContext, plugins, definition.source);
    return { adapter, notes: [], close: async () => adapter.close?.() };
  }
  // The simulator's code is loaded only when a run uses it (it is not needed before a real endpoint's first request).
  const { simOptionsSchema, simulatorKeys, startSimServer } = await import("../sim/index.js");
  const parsed = simOptionsSchema.safeParse({ ...(definition.simulation ?? {}), model: definition.model });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new SuiteError({ file: `endpoint "${definition.name}"`, path: ["simulation", ...issue.path].join(".") }, issue.message, {
      code: "config",
    });
  }
  const keys = await simulatorKeys({ items: context.answerKeyItems, render: context.render, tools: context.tools });
  const server = await startSimServer({ ...parsed.data, ...keys });
  // The simulator is sent what a real server would be: the endpoint's parameters and extra fields too.
  const { parameters, request } = definition.settings;
  const adapter = await createAdapter(
    "openai-compatible",
    { baseUrl: server.url, model: definition.model, ...(parameters ? { parameters } : {}), ...(request ? { request } : {}) },
    adapterContext,
  ).catch(async (error: unknown) => {
    await server.close();
    throw error;
  });
  return {
    adapter,
    notes: [
      `endpoint "${definition.name}" is kfm's built-in simulated model at ${server.url} (answers at a set accuracy; not a real model)`,
    ],
    close: async () => {
      await adapter.close?.();
      await server.close();
    },
  };
}
