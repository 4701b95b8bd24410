import { adapterRegistry } from "../adapters/index.js";
import { conformanceRows, type CheckRow } from "../adapters/conformance.js";
import { loadConfig } from "../adapters/config.js";
import { resolveEndpoint } from "../adapters/endpoint.js";
import { loadSuite } from "../suite/index.js";
import { openEndpoint } from "./open-endpoint.js";

export interface AdapterCheckOptions {
  /** Endpoint name from kfm.yaml, `sim`, or a base URL. */
  endpoint?: string;
  model?: string;
  apiKeyEnv?: string;
  configFile?: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Suites to be run on the endpoint: what they need (tool calls, log-probabilities) becomes a required check. */
  suites?: string[];
}

export { TOOL_PROBE, type CheckRow, type CheckStatus } from "../adapters/conformance.js";

export interface AdapterCheckResult {
  endpoint: string;
  adapter: string;
  model: string;
  /** Suites whose needs were checked (`--suite`). */
  suites: string[];
  rows: CheckRow[];
  ok: boolean;
}

/**
 * A conformance run against one endpoint: reachable, authenticated, model listed, chat, the
 * adapter's capabilities, determinism at temperature 0, max_tokens respected, latency p50.
 * It passes when chat works and, with `suites`, whatever those suites need (tool calls, log-probabilities).
 */
export async function adapterCheck(options: AdapterCheckOptions): Promise<AdapterCheckResult> {
  // What the named suites need beyond chat: tool calls (tool-use suites), log-probabilities (log-likelihood scoring).
  const needs = new Set<"tool calls" | "log-probabilities">();
  for (const ref of options.suites ?? []) {
    const suite = await loadSuite(ref, { cwd: options.cwd ?? process.cwd() });
    if (suite.agentic) needs.add("tool calls");
    if (suite.definition.scoring_method === "loglikelihood") needs.add("log-probabilities");
  }
  const config = await loadConfig({ cwd: options.cwd ?? process.cwd(), file: options.configFile });
  const definition = resolveEndpoint(config, { endpoint: options.endpoint, model: options.model, apiKeyEnv: options.apiKeyEnv });
  // A check should answer quickly: one retry, short backoff (built-in adapters take the setting).
  const settings = adapterRegistry.has(definition.adapter)
    ? { ...definition.settings, retry: { maxRetries: 1, baseDelayMs: 200, maxDelayMs: 1000 } }
    : definition.settings;
  const opened = await openEndpoint({ ...definition, settings, concurrency: 2 }, { env: options.env ?? process.env });
  let rows: CheckRow[];
  try {
    rows = await conformanceRows(opened.adapter, {
      model: definition.model,
      apiKeyEnv: definition.settings.apiKeyEnv,
      contextTokens: definition.settings.contextTokens,
      capabilities: adapterRegistry.get(opened.adapter.adapterId)?.capabilities,
    });
  } finally {
    await opened.close();
  }
  for (const row of rows) if (needs.has(row.check as "tool calls")) row.required = true;
  const ok = rows.filter((row) => row.required).every((row) => row.status === "yes");
  return { endpoint: definition.name, adapter: definition.adapter, model: definition.model, suites: options.suites ?? [], rows, ok };
}
