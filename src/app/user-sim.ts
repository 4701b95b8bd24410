import type { ChatAdapterV1, GenerationSettings } from "../spec/adapter.js";
import type { RunManifest } from "../spec/run.js";
import type { KfmConfig } from "../adapters/config.js";
import { resolveEndpoint } from "../adapters/endpoint.js";
import { openEndpoint, type OpenEndpointContext } from "./open-endpoint.js";

export interface OpenedUserSim {
  adapter: ChatAdapterV1;
  settings: GenerationSettings;
  /** What the manifest records: which endpoint played the user, never its key. */
  record: NonNullable<RunManifest["userSim"]>;
  notes: string[];
  close(): Promise<void>;
}

/** tau2's default for the user simulator: deterministic replies (temperature 0). */
const USER_SIM_SETTINGS: GenerationSettings = { temperature: 0, maxTokens: 2048 };

/**
 * Opens the simulated user of a dual-control suite as an endpoint like any other (same adapters,
 * retries, key from its env variable), so `--user-sim gpt-4.1` names an endpoint in kfm.yaml, a
 * base URL with --user-sim-model, or `sim` (which plays the task's scripted user side).
 */
export async function openUserSim(
  config: KfmConfig,
  flags: { userSim: string; userSimModel?: string },
  env: NodeJS.ProcessEnv,
  simContext: Omit<OpenEndpointContext, "env">,
): Promise<OpenedUserSim> {
  const definition = resolveEndpoint(config, { endpoint: flags.userSim, ...(flags.userSimModel ? { model: flags.userSimModel } : {}) });
  const opened = await openEndpoint(definition, { env, ...simContext });
  return {
    adapter: opened.adapter,
    settings: USER_SIM_SETTINGS,
    record: {
      endpoint: definition.name,
      adapter: definition.adapter,
      model: definition.model,
      ...(definition.baseUrl ? { baseUrl: definition.baseUrl } : {}),
    },
    notes: opened.notes.map((line) => `user simulator: ${line}`),
    close: () => opened.close(),
  };
}
