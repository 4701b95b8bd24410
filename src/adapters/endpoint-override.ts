import { isDeepStrictEqual } from "node:util";
import { KfmError } from "../spec/errors.js";
import type { ConnectionChange, RunManifest } from "../spec/run.js";
import { loadConfig } from "./config.js";
import { endpointFromManifest, rebuildEndpoint, resolveEndpoint, type EndpointDefinition } from "./endpoint.js";

/**
 * Settings that say how kfm reaches an endpoint, not what it asks it: a resumed run may change
 * them (a corrected URL, a new key variable, longer timeouts) and still be the same run.
 */
export const CONNECTION_SETTINGS = ["baseUrl", "apiKeyEnv", "headers", "timeouts", "retry", "connections", "maxResponseBytes"] as const;

/** Recorded settings that are not the adapter's (they sit beside `settings` in the definition). */
const RUNNER_SETTINGS = ["concurrency", "requestsPerMinute"] as const;

/**
 * The recorded endpoint of a resumed run with the connection settings of `given` (an endpoint
 * named or given as a URL on the command line) laid over it, and what changed. Anything that
 * changes what is asked (adapter, model, parameters, request fields) is refused: the items
 * already done were answered under it.
 */
export function overrideConnection(
  recorded: EndpointDefinition,
  given: EndpointDefinition,
): { endpoint: EndpointDefinition; change: ConnectionChange | undefined } {
  if (given.adapter !== recorded.adapter || given.model !== recorded.model) {
    const what = given.adapter !== recorded.adapter ? `adapter ${given.adapter}` : `model "${given.model}"`;
    const was = given.adapter !== recorded.adapter ? `adapter ${recorded.adapter}` : `model "${recorded.model}"`;
    throw new KfmError("usage", `--resume: the run was made with ${was}; the endpoint given uses ${what}`, {
      hint: "A resumed run keeps its model and suite; only how kfm reaches the endpoint (URL, key variable, headers, timeouts, concurrency, rate limit) may change. Start a new run for another model.",
    });
  }
  const settings: Record<string, unknown> = { ...recorded.settings };
  const changed: ConnectionChange["changed"] = {};
  const publicOf = (definition: EndpointDefinition) => definition.publicDefinition.settings as Record<string, unknown>;
  for (const field of CONNECTION_SETTINGS) {
    const before = recorded.settings[field];
    const after = given.settings[field];
    if (after === undefined || isDeepStrictEqual(before, after)) continue;
    settings[field] = after;
    // Header values are recorded as the manifest records them: `${env:NAME}` references, never literals.
    changed[field] = { from: publicOf(recorded)[field] ?? null, to: publicOf(given)[field] };
  }
  const runner: Partial<Pick<EndpointDefinition, "concurrency" | "requestsPerMinute">> = {};
  for (const field of RUNNER_SETTINGS) {
    const after = given[field];
    if (after === undefined || after === recorded[field]) continue;
    runner[field] = after;
    changed[field] = { from: recorded[field] ?? null, to: after };
  }
  const asked = (definition: EndpointDefinition) => {
    const rest = { ...definition.settings };
    for (const field of CONNECTION_SETTINGS) delete rest[field];
    return rest;
  };
  const differing = Object.keys({ ...asked(recorded), ...asked(given) }).filter(
    (field) => given.settings[field] !== undefined && !isDeepStrictEqual(asked(recorded)[field], asked(given)[field]),
  );
  if (differing.length > 0)
    throw new KfmError("usage", `--resume: the endpoint given asks differently from the run (${differing.join(", ")})`, {
      hint: "Items already done were answered with the recorded settings; a resumed run may change only the connection (URL, key variable, headers, timeouts, concurrency, rate limit). Start a new run to change the rest.",
    });
  if (Object.keys(changed).length === 0) return { endpoint: recorded, change: undefined };
  const endpoint = rebuildEndpoint({ ...recorded, ...runner, settings });
  return { endpoint, change: { time: new Date().toISOString(), changed } };
}

/**
 * The endpoint a resumed run talks to: the recorded one, with the connection settings given now
 * (`--endpoint` URL or kfm.yaml name, `--api-key-env`, `--concurrency`) laid over it, and the
 * change for the manifest's history. A different model or request settings are refused.
 */
export async function resumedEndpoint(
  manifest: RunManifest,
  flags: { endpoint?: string; model?: string; apiKeyEnv?: string; concurrency?: number; cwd?: string; configFile?: string },
): Promise<{ endpoint: EndpointDefinition; change: ConnectionChange | undefined }> {
  const recorded = endpointFromManifest(manifest);
  if (flags.model !== undefined && flags.model !== recorded.model)
    throw new KfmError("usage", `--resume: the run was made with model "${recorded.model}", not "${flags.model}"`, {
      hint: "A resumed run keeps its model and suite; start a new run for another model.",
    });
  if (flags.endpoint === undefined && flags.apiKeyEnv === undefined && flags.concurrency === undefined)
    return { endpoint: recorded, change: undefined };
  const given = flags.endpoint
    ? resolveEndpoint(await loadConfig({ cwd: flags.cwd ?? process.cwd(), file: flags.configFile }), {
        endpoint: flags.endpoint,
        model: recorded.model,
        apiKeyEnv: flags.apiKeyEnv,
        // Concurrency changes only by --concurrency: a URL carries none, and the recorded one is what the user last chose.
        concurrency: flags.concurrency ?? recorded.concurrency,
      })
    : {
        ...recorded,
        settings: flags.apiKeyEnv ? { apiKeyEnv: flags.apiKeyEnv } : {},
        ...(flags.concurrency ? { concurrency: flags.concurrency } : {}),
      };
  return overrideConnection(recorded, given);
}
