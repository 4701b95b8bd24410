import type { ChatAdapterV1, GenerationSettings } from "../spec/adapter.js";
import type { KfmConfig } from "../adapters/config.js";
import { helperRecord, resolveEndpoint, type EndpointFlags, type HelperEndpointRecord } from "../adapters/endpoint.js";
import { openEndpoint, type OpenEndpointContext } from "./open-endpoint.js";

export interface OpenedUserSim {
  adapter: ChatAdapterV1;
  /** tau2's default for the user simulator: deterministic replies (temperature 0). */
  settings: GenerationSettings;
  record: HelperEndpointRecord;
  notes: string[];
  close(): Promise<void>;
}

/**
 * Opens the simulated user of a dual-control suite as an endpoint like any other (same adapters,
 * retries, key from its env variable): `--user-sim gpt-4.1` names an endpoint in kfm.yaml, a base
 * URL with --user-sim-model, or `sim` (which plays the task's scripted user side).
 */
export async function openUserSim(
  config: KfmConfig,
  flags: EndpointFlags,
  env: NodeJS.ProcessEnv,
  simContext: Omit<OpenEndpointContext, "env">,
): Promise<OpenedUserSim> {
  const definition = resolveEndpoint(config, flags);
  const opened = await openEndpoint(definition, { env, ...simContext });
  const notes = opened.notes.map((line) => `user simulator: ${line}`);
  return { ...opened, settings: { temperature: 0, maxTokens: 2048 }, record: helperRecord(definition), notes };
}
