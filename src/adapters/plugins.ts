import { isAbsolute } from "node:path";
import { pathToFileURL } from "node:url";
import { KfmError } from "../spec/errors.js";
import type { AdapterDefinition } from "./define-adapter.js";

function looksLikeDefinition(value: unknown): value is AdapterDefinition<unknown> {
  const candidate = value as Partial<AdapterDefinition<unknown>> | undefined;
  return (
    typeof candidate?.id === "string" &&
    typeof candidate.create === "function" &&
    typeof (candidate.settingsSchema as { safeParse?: unknown } | undefined)?.safeParse === "function"
  );
}

/**
 * Loads adapter plugins named explicitly in kfm.yaml: absolute paths (kfm.yaml resolves relative
 * ones) or package names. Nothing is discovered by scanning. A module exports one definition as
 * default, or `adapters: [...]`. A plugin cannot replace a built-in adapter.
 */
export async function loadAdapterPlugins(
  specs: readonly string[],
  builtIn: ReadonlySet<string>,
): Promise<Map<string, AdapterDefinition<unknown>>> {
  const loaded = new Map<string, AdapterDefinition<unknown>>();
  for (const spec of specs) {
    let module: Record<string, unknown>;
    try {
      module = (await import(isAbsolute(spec) ? pathToFileURL(spec).href : spec)) as Record<string, unknown>;
    } catch (error) {
      throw new KfmError("config", `cannot load adapter plugin ${spec}: ${(error as Error).message}`, {
        cause: error,
        hint: "Check the path (relative to kfm.yaml) or install the package.",
      });
    }
    const exported = Array.isArray(module.adapters) ? (module.adapters as unknown[]) : [module.default];
    for (const definition of exported) {
      if (!looksLikeDefinition(definition)) {
        throw new KfmError("config", `adapter plugin ${spec} does not export an adapter definition`, {
          hint: "Export default { id, settingsSchema, capabilities, create } (see examples/adapter-plugin).",
        });
      }
      if (builtIn.has(definition.id))
        throw new KfmError("config", `adapter plugin ${spec} uses the built-in id "${definition.id}"`, {
          hint: "Give the plugin's adapter an id of its own.",
        });
      loaded.set(definition.id, definition);
    }
  }
  return loaded;
}
