import type { CallOptions, ChatAdapterV1, GenerateRequest, GenerateResult } from "../spec/adapter.js";
import { printable } from "../spec/printable.js";
import type { CommonSettings } from "./common-settings.js";
import { contextOverflow, restateRefusal } from "./context-length.js";
import { resolveCredentials } from "./credentials.js";
import type { AdapterContext } from "./define-adapter.js";
import { JsonEndpoint } from "./json-endpoint.js";
import type { Sleep } from "./retry.js";

/** Test hooks: backoff without wall time. */
export interface AdapterTestHooks {
  sleep?: Sleep;
  random?: () => number;
}

export interface HttpAdapterWiring {
  /** Headers that carry the key in this protocol (`authorization`, `x-api-key`, `x-goog-api-key`, …). */
  authHeaders(apiKey: string | undefined): Record<string, string>;
  /** What to tell the user when the endpoint rejects the credentials. */
  authHint: string;
}

/**
 * What every built-in HTTP adapter shares: credentials from the environment, one JsonEndpoint
 * (pool, retries, timeouts, scrubbing), public settings without secrets. A protocol adds only
 * its request and response mapping in `doGenerate`.
 */
export abstract class HttpChatAdapter<Settings extends CommonSettings & { baseUrl: string }> implements ChatAdapterV1 {
  readonly specificationVersion = "v1" as const;
  abstract readonly adapterId: string;
  readonly modelId: string;
  readonly publicSettings: Record<string, unknown>;
  protected readonly endpoint: JsonEndpoint;

  constructor(
    protected readonly settings: Settings,
    context: AdapterContext,
    wiring: HttpAdapterWiring,
    hooks: AdapterTestHooks = {},
  ) {
    const { apiKey, headers, secrets } = resolveCredentials(settings, context);
    this.modelId = settings.model;
    this.endpoint = new JsonEndpoint({
      baseUrl: settings.baseUrl,
      headers: { "content-type": "application/json", accept: "application/json", ...headers, ...wiring.authHeaders(apiKey) },
      secrets,
      timeouts: settings.timeouts,
      retry: settings.retry,
      connections: settings.connections ?? context.concurrency,
      authHint: wiring.authHint,
      ...(settings.maxResponseBytes !== undefined ? { maxResponseBytes: settings.maxResponseBytes } : {}),
      ...(hooks.sleep ? { sleep: hooks.sleep } : {}),
      ...(hooks.random ? { random: hooks.random } : {}),
    });
    const { headers: _headers, ...rest } = settings;
    this.publicSettings = { ...rest, headers: Object.keys(settings.headers) };
    // Every protocol's replies pass through one gate before anything stores them (items.jsonl, probe
    // answers, agent trajectories): the subclass's doGenerate, wrapped here once. A request longer than
    // the endpoint's context (`contextTokens`) is refused before it is sent.
    const generate = this.doGenerate.bind(this);
    this.doGenerate = async (request, options) => {
      const overflow = contextOverflow(request, settings.contextTokens, settings.baseUrl);
      if (overflow) throw overflow;
      try {
        return guardReply(await generate(request, options), this.endpoint);
      } catch (error) {
        throw restateRefusal(error, request, settings.contextTokens);
      }
    };
  }

  abstract doGenerate(request: GenerateRequest, options?: CallOptions): Promise<GenerateResult>;

  async close(): Promise<void> {
    await this.endpoint.close();
  }
}

/** The usual hint: which variable holds the key for which endpoint. */
export function keyHint(apiKeyEnv: string | undefined, endpointName: string): string {
  return apiKeyEnv
    ? `check the key in ${apiKeyEnv} for endpoint "${endpointName}"`
    : `endpoint "${endpointName}" has no API key configured: set apiKeyEnv in kfm.yaml or pass --api-key-env NAME`;
}

/** Identifiers past this are not identifiers: a hostile endpoint's megabyte "model id" is cut. */
const MAX_IDENTIFIER = 200;

/**
 * A reply as kfm may store it: the run's secrets (key and `${env:…}` header values) scrubbed from
 * every string an endpoint that echoes its request could put them in, and the model id and
 * fingerprint kept only when they are strings, bounded and free of control characters.
 */
export function guardReply(result: GenerateResult, endpoint: Pick<JsonEndpoint, "scrub">): GenerateResult {
  result.text = endpoint.scrub(result.text);
  if (result.reasoning !== undefined) result.reasoning = endpoint.scrub(result.reasoning);
  for (const call of result.toolCalls ?? []) {
    call.name = endpoint.scrub(call.name);
    call.arguments = endpoint.scrub(call.arguments);
  }
  for (const field of ["responseModel", "fingerprint"] as const) {
    const value: unknown = result[field];
    if (value === undefined) continue;
    if (typeof value !== "string") delete result[field];
    else result[field] = printable(endpoint.scrub(value.slice(0, MAX_IDENTIFIER)), { oneLine: true });
  }
  return result;
}
