/**
 * What a new run starts before the suite is loaded, and before the CLI has loaded the rest of kfm:
 * its config read, and a built-in real endpoint opened with its first identity probe sent. The
 * modules this needs (config, adapters, undici) are a part of what `kfm eval` loads, so the CLI
 * starts it first and loads the suite reader, the scorers and the runner while the probe is on
 * the wire; `evaluate` starts it itself when not handed one. Nothing here throws: a mistake in the
 * config or the endpoint is said by `planNew`, after the suite's own errors, and nothing is sent.
 */
import { loadConfig, type KfmConfig } from "../adapters/config.js";
import { resolveEndpoint, SIMULATED, withRunRequest, type EndpointDefinition } from "../adapters/endpoint.js";
import { probeFirst } from "../adapters/identity.js";
import { requirePrice } from "../results/cost-guard.js";
import { runDirectoryPossible } from "../results/run-directory.js";
import { reservedRequestField } from "../spec/adapter.js";
import { KfmError } from "../spec/errors.js";
import type { EarlyEndpoint, EarlyStart, EvaluateOptions } from "./evaluate-options.js";
import { openEndpoint } from "./open-endpoint.js";

/** Reads the config and, when the endpoint it names allows, opens it and sends the first probe. */
export function startEarly(options: EvaluateOptions): EarlyStart {
  const config = loadConfig({ cwd: options.cwd ?? process.cwd(), file: options.configFile });
  config.catch(() => {}); // awaited by planNew, after the suite's own errors
  const endpoint = config.then(
    (loaded) => {
      if (!options.suite) return undefined; // no run: planNew says so, and nothing is sent
      let definition: EndpointDefinition;
      try {
        definition = runEndpoint(loaded, options);
        requirePrice(options.maxCost, definition.price, definition.name);
      } catch {
        return undefined; // said by planNew, after the suite's own errors; nothing is sent
      }
      return openEarly(definition, options).catch(() => undefined);
    },
    () => undefined,
  );
  return { config, endpoint };
}

/** The endpoint a new run talks to, from the config and the flags; a usage error for a reserved request field. */
export function runEndpoint(config: KfmConfig, options: EvaluateOptions): EndpointDefinition {
  const resolved = resolveEndpoint(config, {
    endpoint: options.endpoint,
    model: options.model,
    apiKeyEnv: options.apiKeyEnv,
    // A concurrency of 0 means the endpoint's own.
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    ...(options.requestsPerMinute ? { requestsPerMinute: options.requestsPerMinute } : {}),
  });
  const reserved = options.request && reservedRequestField(options.request);
  if (reserved)
    throw new KfmError("usage", `--set request.${reserved.field}: ${reserved.message}`, {
      hint: "Set generation fields in the suite's generation: or the endpoint's parameters: in kfm.yaml.",
    });
  return withRunRequest(resolved, options.request);
}

/**
 * Opens a built-in real endpoint and sends its first identity probe while the suite is still
 * loading, so the probe's round trip is not added to the run's start. Not for the simulator (its
 * answer key is the suite), an adapter plugin, or a run without probes; the probe's answer is
 * awaited where it always was (`startProbes`), so a rejected key stops the run at the same point.
 */
async function openEarly(endpoint: EndpointDefinition, options: EvaluateOptions): Promise<EarlyEndpoint | undefined> {
  if (endpoint.adapter === SIMULATED || endpoint.plugins?.length || options.noProbes) return undefined;
  // Nothing is sent for a run that could not be written (a results folder that cannot be, a run id taken).
  if (!(await runDirectoryPossible(options.outDir ?? "results", options.runId))) return undefined;
  // An endpoint that cannot be opened here is opened again after the suite load, and says why there.
  const opened = await openEndpoint(endpoint, { env: options.env ?? process.env });
  const probe = probeFirst(opened.adapter, options.abortSignal);
  probe.catch(() => {}); // awaited in startProbes; a run that stops before then closes the endpoint
  return { opened, probe };
}
