import type { ChatAdapterV1 } from "../spec/adapter.js";
import { KfmError, SuiteError } from "../spec/errors.js";
import { closestName } from "../spec/closest-name.js";
import { formatPath } from "../yaml/yaml-source.js";
import type { SettingsSource } from "./config.js";
import type { AdapterContext, AdapterDefinition } from "./define-adapter.js";
import { pluginContext } from "./plugin-guard.js";
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
  source?: SettingsSource,
): Promise<ChatAdapterV1> {
  const definition = (adapterRegistry.get(id) as AdapterDefinition<unknown> | undefined) ?? plugins.get(id);
  if (!definition) {
    throw new KfmError("config", `endpoint "${context.endpointName}": unknown adapter "${id}"`, {
      hint: `Known adapters: ${[...adapterRegistry.keys(), ...plugins.keys()].join(", ")}, simulated. A third-party adapter is loaded by naming it under plugins: in kfm.yaml.`,
    });
  }
  const parsed = definition.settingsSchema.safeParse(rawSettings);
  if (!parsed.success) {
    // A misspelt key explains the "missing" field it was meant to be: name the typo first.
    const { issues } = parsed.error;
    const issue = issues.find((candidate) => candidate.code === "unrecognized_keys") ?? issues[0]!;
    throw settingsError(issue, definition, context.endpointName, source);
  }
  if (adapterRegistry.has(id)) return definition.create(parsed.data, context);
  // A plugin reads its own credentials: kfm watches what it reads and scrubs those values from all it returns.
  const guarded = pluginContext(context, rawSettings);
  return guarded.guard(await definition.create(parsed.data, guarded.context));
}

/** Fields of an endpoint in kfm.yaml that the runner reads before the adapter sees the rest. */
const RUNNER_FIELDS = ["adapter", "concurrency", "requestsPerMinute", "simulation", "price"];

/**
 * The first problem with an endpoint's settings, named by kfm.yaml's file, line and field when the
 * settings came from it, with the key a typo most likely meant.
 */
function settingsError(
  issue: { code: string; path: PropertyKey[]; message: string; keys?: string[] },
  definition: AdapterDefinition<unknown>,
  endpointName: string,
  source: SettingsSource | undefined,
): KfmError {
  const unknownKey = issue.code === "unrecognized_keys" ? issue.keys?.[0] : undefined;
  const path = unknownKey !== undefined ? [...issue.path, unknownKey] : issue.path;
  let message = issue.message;
  if (unknownKey !== undefined) {
    const shape = (definition.settingsSchema as { shape?: Record<string, unknown> }).shape;
    const known = [...Object.keys(shape ?? {}), ...RUNNER_FIELDS];
    const suggestion = issue.path.length === 0 ? closestName(unknownKey, known) : undefined;
    message = `unknown key "${unknownKey}" for adapter ${definition.id}${suggestion ? ` (did you mean "${suggestion}"?)` : ""}`;
  }
  const hint = "See the README section on kfm.yaml.";
  if (!source) return new KfmError("config", `endpoint "${endpointName}": ${formatPath(path) || "(settings)"}: ${message}`, { hint });
  const full = [...source.path, ...path];
  const line = source.lineOf(full);
  return new SuiteError({ file: source.file, ...(line !== undefined ? { line } : {}), path: formatPath(full) }, message, {
    code: "config",
    hint,
  });
}

/** Log-likelihood scoring needs an adapter that can ask for prompt log-probabilities: refused before the run starts otherwise. */
export function requireScoringMethod(adapter: ChatAdapterV1, endpoint: { name: string; adapter: string }, method: string): void {
  if (method === "loglikelihood" && !adapter.doLogLikelihood)
    throw new KfmError("config", `endpoint "${endpoint.name}" (adapter ${endpoint.adapter}) cannot score by log-likelihood`, {
      hint: "Log-likelihood needs a completions server that echoes prompt log-probabilities (openai-compatible: vLLM, SGLang); or pass --scoring generate.",
    });
}
