import type { CallOptions, ChatAdapterV1, GenerateRequest, GenerateResult } from "../spec/adapter.js";
import type { CommonSettings } from "./common-settings.js";
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
