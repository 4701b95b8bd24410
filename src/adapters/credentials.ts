import { KfmError } from "../spec/errors.js";
import type { AdapterContext } from "./define-adapter.js";

const ENV_REFERENCE = /^\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}$/;

export interface Credentials {
  apiKey?: string;
  /** Extra headers with `${env:NAME}` references resolved. */
  headers: Record<string, string>;
  /** Every secret value, so responses and errors can be scrubbed of them. */
  secrets: string[];
}

/** Reads the key and header references from the environment; a named but unset variable is a config error naming it. */
export function resolveCredentials(
  settings: { apiKeyEnv?: string | undefined; headers: Record<string, string> },
  context: AdapterContext,
): Credentials {
  const secrets: string[] = [];
  let apiKey: string | undefined;
  if (settings.apiKeyEnv) {
    apiKey = context.env[settings.apiKeyEnv];
    if (!apiKey) {
      throw new KfmError("config", `endpoint "${context.endpointName}": environment variable ${settings.apiKeyEnv} is not set`, {
        hint: `Set ${settings.apiKeyEnv} to the API key for endpoint "${context.endpointName}" (export ${settings.apiKeyEnv}=...).`,
      });
    }
    checkHeaderValue(apiKey, `environment variable ${settings.apiKeyEnv}`, context.endpointName);
    secrets.push(apiKey);
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(settings.headers)) {
    const reference = ENV_REFERENCE.exec(value);
    if (!reference) {
      checkHeaderValue(value, `header ${name}`, context.endpointName);
      headers[name] = value;
      continue;
    }
    const resolved = context.env[reference[1]!];
    if (!resolved) {
      throw new KfmError(
        "config",
        `endpoint "${context.endpointName}": header ${name} needs environment variable ${reference[1]}, which is not set`,
        { hint: `Set ${reference[1]}.` },
      );
    }
    checkHeaderValue(resolved, `environment variable ${reference[1]} (header ${name})`, context.endpointName);
    headers[name] = resolved;
    secrets.push(resolved);
  }
  return { ...(apiKey ? { apiKey } : {}), headers, secrets };
}

/**
 * What an HTTP header value may hold: visible Latin-1 characters, spaces and tabs. undici drops a
 * request whose header has a line break or a character past Latin-1 without ever calling back, so
 * a key pasted with a trailing `\r` would leave the run waiting on nothing: refused here instead.
 */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** Names the variable or header (never the value: it is a secret) and the first bad character's position. */
export function checkHeaderValue(value: string, source: string, endpointName: string): void {
  if (HEADER_VALUE.test(value)) return;
  const index = [...value].findIndex((character) => !HEADER_VALUE.test(character));
  const character = [...value][index]!;
  const code = character.codePointAt(0)!;
  const what =
    code === 13
      ? "a carriage return (\\r)"
      : code === 10
        ? "a line break (\\n)"
        : code < 32 || code === 127
          ? "a control character"
          : "a character outside Latin-1";
  throw new KfmError(
    "config",
    `endpoint "${endpointName}": ${source} holds ${what} at position ${index + 1}; it cannot be sent in an HTTP header`,
    {
      hint: "Store the value again without it (a key copied from a Windows file often ends in \\r; `tr -d '\\r'` strips it).",
    },
  );
}

/** Replaces every secret in `text` with `[redacted]` (values under 4 characters are not secrets worth the false matches). */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let clean = text;
  for (const secret of secrets) if (secret.length >= 4) clean = clean.split(secret).join("[redacted]");
  return clean;
}
