import type { ChatAdapterV1, GenerateRequest, CallOptions, LogLikelihoodRequest } from "../spec/adapter.js";
import { scrubSecrets } from "./credentials.js";
import type { AdapterContext } from "./define-adapter.js";
import { guardReply } from "./http-chat-adapter.js";

/** Variable names that hold credentials by convention (OPENAI_API_KEY, HF_TOKEN, DB_PASSWORD, …). */
const CREDENTIAL_NAME = /KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|AUTH|COOKIE|SESSION|PRIVATE/i;
const ENV_REFERENCE = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Variable names a plugin's settings point at: `apiKeyEnv: NAME` (or any field ending in `Env`
 * whose value is a variable name) and `${env:NAME}` anywhere in a string.
 */
export function namedVariables(settings: unknown, into = new Set<string>()): Set<string> {
  if (typeof settings === "string") {
    for (const match of settings.matchAll(ENV_REFERENCE)) into.add(match[1]!);
  } else if (Array.isArray(settings)) {
    for (const value of settings) namedVariables(value, into);
  } else if (settings !== null && typeof settings === "object") {
    for (const [key, value] of Object.entries(settings)) {
      if (/Env$/.test(key) && typeof value === "string" && /^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) into.add(value);
      else namedVariables(value, into);
    }
  }
  return into;
}

/** A credential-named variable's value that looks like a credential, not a switch (`AUTH_MODE=none`). */
function looksSecret(value: string): boolean {
  return value.length >= 8 && !/\s/.test(value) && (/\d/.test(value) || value.length >= 20);
}

/**
 * The environment a plugin is given, watching what it reads. A plugin reads its own credentials
 * (kfm cannot know them the way it knows `apiKeyEnv` for its built-in adapters), so every value it
 * reads through `context.env` is a secret when the settings named the variable, or when the name
 * says credential (`*_KEY`, `*_TOKEN`, `*SECRET*`, …) and the value looks like one. A plugin that
 * enumerates the environment is taken to have read all of it.
 */
export function watchedEnvironment(env: NodeJS.ProcessEnv, settings: unknown): { env: NodeJS.ProcessEnv; secrets(): string[] } {
  const named = namedVariables(settings);
  const read = new Set<string>();
  let enumerated = false;
  const watched = new Proxy(env, {
    get(target, name, receiver) {
      if (typeof name === "string") read.add(name);
      return Reflect.get(target, name, receiver) as unknown;
    },
    ownKeys(target) {
      enumerated = true;
      return Reflect.ownKeys(target);
    },
  });
  const secrets = () => {
    const found = new Set<string>();
    for (const name of named) {
      const value = env[name];
      if (value) found.add(value);
    }
    for (const name of enumerated ? Object.keys(env) : read) {
      const value = env[name];
      if (value && CREDENTIAL_NAME.test(name) && looksSecret(value)) found.add(value);
    }
    // Longest first, so a secret that contains another is removed whole.
    return [...found].sort((a, b) => b.length - a.length);
  };
  return { env: watched, secrets };
}

/** Every string in a JSON-like value with the secrets scrubbed (a plugin's public settings). */
function scrubDeep(value: unknown, scrub: (text: string) => string): unknown {
  if (typeof value === "string") return scrub(value);
  if (Array.isArray(value)) return value.map((entry) => scrubDeep(entry, scrub));
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, scrubDeep(entry, scrub)]));
  return value;
}

/** The error a plugin threw, with the secrets scrubbed from its message and stack (kept as the same object, so its shape still says retryable or not). */
function scrubError(error: unknown, scrub: (text: string) => string): unknown {
  if (!(error instanceof Error)) return typeof error === "string" ? scrub(error) : error;
  error.message = scrub(error.message);
  if (error.stack) error.stack = scrub(error.stack);
  return error;
}

/**
 * A plugin adapter held to the rule the built-in ones keep: the run's secrets never reach a record,
 * a log, an error or a report. Replies (text, reasoning, tool calls, model id), errors and the
 * public settings recorded in the manifest are scrubbed of every secret `secrets()` names.
 */
export function guardPluginAdapter(adapter: ChatAdapterV1, secrets: () => string[]): ChatAdapterV1 {
  // The secrets as known now (a plugin may read a variable late): worked out once per reply, not once per string.
  const scrubber = (): ((text: string) => string) => {
    const known = secrets();
    return (text) => scrubSecrets(text, known);
  };
  const guarded = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw scrubError(error, scrubber());
    }
  };
  const wrapped: ChatAdapterV1 = {
    specificationVersion: adapter.specificationVersion,
    adapterId: adapter.adapterId,
    modelId: scrubber()(adapter.modelId),
    get publicSettings() {
      return scrubDeep(adapter.publicSettings, scrubber()) as Record<string, unknown>;
    },
    doGenerate: (request: GenerateRequest, options?: CallOptions) =>
      guarded(async () => {
        // A copy: a plugin that edits the request it is handed must not change kfm's rendered prompt
        // (the record's prompt hash is worked out after the request, and later turns resend it).
        const result = await adapter.doGenerate(structuredClone(request), options);
        return guardReply(result, { scrub: scrubber() });
      }),
  };
  const { doLogLikelihood, doListModels, doContextLength, close } = adapter;
  if (doLogLikelihood)
    wrapped.doLogLikelihood = (requests: LogLikelihoodRequest[], options?: CallOptions) =>
      guarded(() => doLogLikelihood.call(adapter, requests, options));
  if (doListModels)
    wrapped.doListModels = (options?: CallOptions) =>
      guarded(async () => {
        const models = await doListModels.call(adapter, options);
        const scrub = scrubber();
        return models.map((model) => scrub(String(model)));
      });
  if (doContextLength) wrapped.doContextLength = (options?: CallOptions) => guarded(() => doContextLength.call(adapter, options));
  if (close) wrapped.close = () => guarded(() => close.call(adapter));
  return wrapped;
}

/** The context a plugin is created with, and the guard to put around what it returns. */
export function pluginContext(
  context: AdapterContext,
  settings: unknown,
): { context: AdapterContext; guard(adapter: ChatAdapterV1): ChatAdapterV1 } {
  const watched = watchedEnvironment(context.env, settings);
  return { context: { ...context, env: watched.env }, guard: (adapter) => guardPluginAdapter(adapter, watched.secrets) };
}
