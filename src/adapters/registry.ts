import type { ChatAdapterV1 } from "../spec/adapter.js";
import { KfmError } from "../spec/errors.js";
import type { AdapterContext, AdapterDefinition } from "./define-adapter.js";
import { anthropicAdapter } from "./anthropic/messages.js";
import { geminiAdapter } from "./gemini/generate-content.js";
import { openAICompatibleAdapter } from "./openai-compatible/index.js";

/** Built-in adapters by id. Plugins join through explicit config only, never by scanning. */
export const adapterRegistry: ReadonlyMap<string, AdapterDefinition<never>> = new Map<string, AdapterDefinition<never>>([
  [openAICompatibleAdapter.id, openAICompatibleAdapter as unknown as AdapterDefinition<never>],
  [anthropicAdapter.id, anthropicAdapter as unknown as AdapterDefinition<never>],
  [geminiAdapter.id, geminiAdapter as unknown as AdapterDefinition<never>],
]);

/** Validates the settings with the adapter's own schema; errors name the endpoint and the field. */
export async function createAdapter(
  id: string,
  rawSettings: unknown,
  context: AdapterContext,
  plugins: ReadonlyMap<string, AdapterDefinition<unknown>> = new Map(),
): Promise<ChatAdapterV1> {
  const definition = (adapterRegistry.get(id) as AdapterDefinition<unknown> | undefined) ?? plugins.get(id);
  if (!definition) {
    throw new KfmError("config", `endpoint "${context.endpointName}": unknown adapter "${id}"`, {
      hint: `Known adapters: ${[...adapterRegistry.keys(), ...plugins.keys()].join(", ")}, simulated. A third-party adapter is loaded by naming it under plugins: in kfm.yaml.`,
    });
  }
  const parsed = definition.settingsSchema.safeParse(rawSettings);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.join(".") || "(settings)";
    throw new KfmError("config", `endpoint "${context.endpointName}": ${path}: ${issue.message}`, {
      hint: "See the README section on kfm.yaml.",
    });
  }
  return definition.create(parsed.data, context);
}
