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
    secrets.push(apiKey);
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(settings.headers)) {
    const reference = ENV_REFERENCE.exec(value);
    if (!reference) {
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
    headers[name] = resolved;
    secrets.push(resolved);
  }
  return { ...(apiKey ? { apiKey } : {}), headers, secrets };
}
