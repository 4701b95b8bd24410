import type * as z from "zod";
import type { ChatAdapterV1 } from "../spec/adapter.js";

/** What an adapter gets besides its settings: where it runs, and the environment to read keys from. */
export interface AdapterContext {
  endpointName: string;
  env: NodeJS.ProcessEnv;
  /** Requests the runner will keep in flight; a connection pool sizes itself to it. */
  concurrency: number;
}

export interface AdapterCapabilities {
  chat: boolean;
  streaming: boolean;
  tools: boolean;
  logprobs: boolean;
}

export interface AdapterDefinition<Settings = unknown> {
  id: string;
  description: string;
  settingsSchema: z.ZodType<Settings>;
  capabilities: AdapterCapabilities;
  create(settings: Settings, context: AdapterContext): ChatAdapterV1 | Promise<ChatAdapterV1>;
}

/** Typed helper for built-in and third-party adapters. */
export function defineAdapter<Settings>(definition: AdapterDefinition<Settings>): AdapterDefinition<Settings> {
  return definition;
}
