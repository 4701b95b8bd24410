import { deepMerge, redactRequestFields } from "./request-fields.js";
import { KfmError } from "../spec/errors.js";
import type { PriceTable, RunManifest } from "../spec/run.js";
import type { KfmConfig, SettingsSource } from "./config.js";

/** Everything needed to open an endpoint; holds no secret (keys are named by `apiKeyEnv`). */
export interface EndpointDefinition {
  name: string;
  /** Adapter id, or `simulated` for the built-in simulated endpoint. */
  adapter: string;
  model: string;
  baseUrl?: string;
  concurrency: number;
  requestsPerMinute?: number;
  /** Settings handed to the adapter (validated by its own schema when opened). */
  settings: Record<string, unknown>;
  /** Options of the built-in simulated endpoint. */
  simulation?: Record<string, unknown>;
  /** Adapter plugin modules the endpoint needs (from kfm.yaml). */
  plugins?: string[];
  price?: PriceTable;
  /** Where the settings were written (kfm.yaml), so a wrong one is named by file, line and field. */
  source?: SettingsSource;
  /** What the manifest records; `endpointFromManifest` turns it back into a definition on resume. */
  publicDefinition: Record<string, unknown>;
}

export const SIMULATED = "simulated";
export const BUILT_IN_SIM_NAME = "sim";
export const DEFAULT_CONCURRENCY = 8;

export interface EndpointFlags {
  endpoint?: string;
  model?: string;
  apiKeyEnv?: string;
  concurrency?: number;
  requestsPerMinute?: number;
}

/** Header values may be credentials: only `${env:NAME}` references are recorded, literal values are not. */
export const REDACTED = "[redacted: literal header value]";

function publicSettings(settings: Record<string, unknown>): Record<string, unknown> {
  const { headers, request } = settings;
  const recorded =
    request && typeof request === "object" ? { ...settings, request: redactRequestFields(request as Record<string, unknown>) } : settings;
  if (!headers || typeof headers !== "object") return recorded;
  const redacted = Object.fromEntries(
    Object.entries(headers as Record<string, unknown>).map(([key, value]) => [
      key,
      typeof value === "string" && /^\$\{env:[A-Za-z_][A-Za-z0-9_]*\}$/.test(value) ? value : REDACTED,
    ]),
  );
  return { ...recorded, headers: redacted };
}

/** A definition whose settings changed, with its recorded form made again from them. */
export function rebuildEndpoint(definition: EndpointDefinition): EndpointDefinition {
  const { publicDefinition: _recorded, ...rest } = definition;
  const baseUrl = rest.settings.baseUrl;
  return finish({ ...rest, ...(typeof baseUrl === "string" ? { baseUrl } : {}) });
}

function finish(definition: Omit<EndpointDefinition, "publicDefinition">): EndpointDefinition {
  const publicDefinition: Record<string, unknown> = {
    adapter: definition.adapter,
    model: definition.model,
    settings: publicSettings(definition.settings),
    concurrency: definition.concurrency,
  };
  if (definition.baseUrl) publicDefinition.baseUrl = definition.baseUrl;
  if (definition.requestsPerMinute) publicDefinition.requestsPerMinute = definition.requestsPerMinute;
  if (definition.simulation) publicDefinition.simulation = definition.simulation;
  if (definition.plugins?.length) publicDefinition.plugins = definition.plugins;
  return { ...definition, publicDefinition };
}

function looksLikeUrl(value: string): boolean {
  return /^https?:\/\//i.test(value);
}

/**
 * Chooses the endpoint for a run: a name from kfm.yaml, a base URL given on the command line,
 * or the built-in simulated endpoint (`sim`, also the default when nothing is configured).
 */
export function resolveEndpoint(config: KfmConfig, flags: EndpointFlags): EndpointDefinition {
  const chosen =
    flags.endpoint ?? config.defaultEndpoint ?? (Object.keys(config.endpoints).length === 1 ? Object.keys(config.endpoints)[0] : undefined);

  if (chosen && looksLikeUrl(chosen)) {
    if (!flags.model) {
      throw new KfmError("usage", `--endpoint ${chosen} needs --model <id>`, {
        hint: "Give the model id the server serves, e.g. --model Qwen/Qwen3-8B (GET <baseUrl>/models lists them).",
      });
    }
    const settings: Record<string, unknown> = { baseUrl: chosen, model: flags.model };
    if (flags.apiKeyEnv) settings.apiKeyEnv = flags.apiKeyEnv;
    return finish({
      name: new URL(chosen).host.replace(/[^A-Za-z0-9._-]+/g, "-"),
      adapter: "openai-compatible",
      model: flags.model,
      baseUrl: chosen,
      concurrency: flags.concurrency ?? DEFAULT_CONCURRENCY,
      ...(flags.requestsPerMinute ? { requestsPerMinute: flags.requestsPerMinute } : {}),
      settings,
    });
  }

  const name = chosen ?? BUILT_IN_SIM_NAME;
  const configured = Object.hasOwn(config.endpoints, name) ? config.endpoints[name] : undefined;
  if (!configured) {
    if (name === BUILT_IN_SIM_NAME) {
      const model = flags.model ?? "kfm-sim-1";
      return finish({ name, adapter: SIMULATED, model, concurrency: flags.concurrency ?? 16, settings: { model }, simulation: {} });
    }
    const known = [...Object.keys(config.endpoints), BUILT_IN_SIM_NAME];
    throw new KfmError("usage", `unknown endpoint "${name}"${config.file ? ` (not in ${config.file})` : " (no kfm.yaml found)"}`, {
      hint: `Known endpoints: ${known.join(", ")}. Or pass a base URL: --endpoint http://host:8000/v1 --model <id>.`,
    });
  }
  const { adapter, concurrency, requestsPerMinute, simulation, price, ...settings } = configured;
  const given = flags.model ?? (typeof settings.model === "string" ? settings.model : adapter === SIMULATED ? "kfm-sim-1" : undefined);
  // The OpenAI protocol names the model in every request; other adapters may default it in their schema.
  if (!given && adapter === "openai-compatible")
    throw new KfmError("config", `endpoint "${name}" in ${config.file}: model is required`, { hint: "Add `model: <id>` to the endpoint." });
  const model = given ?? adapter;
  if (given) settings.model = given;
  if (flags.apiKeyEnv) settings.apiKeyEnv = flags.apiKeyEnv;
  const definition: Omit<EndpointDefinition, "publicDefinition"> = {
    name,
    adapter,
    model,
    concurrency: flags.concurrency ?? concurrency ?? DEFAULT_CONCURRENCY,
    settings,
  };
  if (typeof settings.baseUrl === "string") definition.baseUrl = settings.baseUrl;
  if (flags.requestsPerMinute ?? requestsPerMinute) definition.requestsPerMinute = flags.requestsPerMinute ?? requestsPerMinute;
  if (adapter === SIMULATED) definition.simulation = simulation ?? {};
  if (config.plugins?.length) definition.plugins = config.plugins;
  if (price) definition.price = price;
  const { file, lineOf } = config;
  if (file && lineOf) definition.source = { file, path: ["endpoints", name], lineOf };
  return finish(definition);
}

/** The endpoint with extra request fields for one run (`--set request.x=y`) merged over its own `request`. */
export function withRunRequest(definition: EndpointDefinition, fields: Record<string, unknown> | undefined): EndpointDefinition {
  if (fields === undefined || Object.keys(fields).length === 0) return definition;
  const { publicDefinition: _recorded, ...rest } = definition;
  const current = definition.settings.request as Record<string, unknown> | undefined;
  return finish({ ...rest, settings: { ...definition.settings, request: deepMerge(current, fields) } });
}

/** Rebuilds the endpoint a run used from its manifest, so `--resume` needs no config file. */
export function endpointFromManifest(manifest: RunManifest, concurrency?: number): EndpointDefinition {
  const recorded = manifest.endpoint.settings as Partial<EndpointDefinition> & { settings?: Record<string, unknown> };
  const definition: Omit<EndpointDefinition, "publicDefinition"> = {
    name: manifest.endpoint.name,
    adapter: manifest.endpoint.adapter,
    model: manifest.endpoint.model,
    concurrency: concurrency ?? manifest.endpoint.concurrency,
    settings: recorded.settings ?? { model: manifest.endpoint.model },
  };
  if (manifest.endpoint.baseUrl) definition.baseUrl = manifest.endpoint.baseUrl;
  if (manifest.endpoint.requestsPerMinute) definition.requestsPerMinute = manifest.endpoint.requestsPerMinute;
  if (recorded.simulation) definition.simulation = recorded.simulation as Record<string, unknown>;
  if (Array.isArray(recorded.plugins)) definition.plugins = recorded.plugins as string[];
  if (manifest.endpoint.price) definition.price = manifest.endpoint.price;
  return finish(definition);
}

/** The endpoint as a run's manifest records it: its public settings, never a secret. */
export function endpointRecord(endpoint: EndpointDefinition): RunManifest["endpoint"] {
  return {
    name: endpoint.name,
    adapter: endpoint.adapter,
    model: endpoint.model,
    ...(endpoint.baseUrl ? { baseUrl: endpoint.baseUrl } : {}),
    settings: endpoint.publicDefinition,
    concurrency: endpoint.concurrency,
    ...(endpoint.requestsPerMinute ? { requestsPerMinute: endpoint.requestsPerMinute } : {}),
    ...(endpoint.price ? { price: endpoint.price } : {}),
  };
}

/** How a run's manifest names a helper endpoint (the judge, the simulated user): which one, never its key. */
export type HelperEndpointRecord = NonNullable<RunManifest["judge"]>;

export function helperRecord(definition: EndpointDefinition): HelperEndpointRecord {
  return {
    endpoint: definition.name,
    adapter: definition.adapter,
    model: definition.model,
    ...(definition.baseUrl ? { baseUrl: definition.baseUrl } : {}),
  };
}

/** The helper endpoint to open: the one named now, or (resuming without a name) the one the run recorded; undefined when neither. */
export function helperFlags(named: { endpoint?: string; model?: string }, recorded?: HelperEndpointRecord): EndpointFlags | undefined {
  const endpoint = named.endpoint ?? recorded?.baseUrl ?? recorded?.endpoint;
  if (endpoint === undefined) return undefined;
  const model = named.model ?? (named.endpoint ? undefined : recorded?.model);
  return { endpoint, ...(model ? { model } : {}) };
}
