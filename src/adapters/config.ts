import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, resolve } from "node:path";
import * as z from "zod";
import { KfmError, SuiteError } from "../spec/errors.js";
import { lineOf, parseWithSchema, parseYamlSource } from "../yaml/yaml-source.js";

export const priceSchema = z
  .object({
    currency: z.string().default("USD"),
    input: z.number().min(0),
    output: z.number().min(0),
    /** Only for APIs that bill reasoning tokens apart from output tokens (e.g. Gemini's thoughts). */
    reasoning: z.number().min(0).optional(),
  })
  .strict();

/**
 * kfm.yaml: named endpoints. Runner-level fields (adapter, concurrency, requestsPerMinute) are
 * checked here; everything else belongs to the adapter and is checked by its own schema.
 */
const endpointSchema = z
  .object({
    adapter: z.string().default("openai-compatible"),
    concurrency: z.int().min(1).max(4096).optional(),
    requestsPerMinute: z.number().positive().optional(),
    /** Options of the built-in simulated endpoint (adapter: simulated). */
    simulation: z.record(z.string(), z.unknown()).optional(),
    /** Prices per million tokens, for the cost estimate and --max-cost. */
    price: priceSchema.optional(),
  })
  .catchall(z.unknown());

export const configSchema = z
  .object({
    kfm: z.literal("config/v1").optional(),
    defaultEndpoint: z.string().optional(),
    /** Adapter plugins: paths relative to this file, or package names. Loaded only when listed here. */
    plugins: z.array(z.string().min(1)).default([]),
    endpoints: z
      .record(z.string().regex(/^[A-Za-z0-9._-]+$/, "endpoint names use letters, digits, '.', '_' and '-'"), endpointSchema)
      .default({}),
  })
  .strict();

export type EndpointConfig = z.infer<typeof endpointSchema>;

export interface KfmConfig {
  /** The file it came from; absent when there is none. */
  file?: string;
  defaultEndpoint?: string;
  endpoints: Record<string, EndpointConfig>;
  /** Adapter plugin modules, resolved: absolute paths or package names. */
  plugins?: string[];
  /** The line of a field path in the file, so an adapter's own checks can name it too. */
  lineOf?: (path: readonly PropertyKey[]) => number | undefined;
}

/** Where an endpoint's settings were written: kfm.yaml and the path of the endpoint in it. */
export interface SettingsSource {
  file: string;
  /** e.g. ["endpoints", "team-a"] */
  path: readonly PropertyKey[];
  lineOf(path: readonly PropertyKey[]): number | undefined;
}

export const CONFIG_FILE = "kfm.yaml";

/** Reads kfm.yaml from `file`, or from `cwd` when present; an absent default file is an empty config. */
export async function loadConfig(options: { cwd?: string; file?: string } = {}): Promise<KfmConfig> {
  const file = resolve(options.cwd ?? process.cwd(), options.file ?? CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" && !options.file) return { endpoints: {} };
    throw new KfmError("config", `cannot read config ${file}: ${(error as Error).message}`, { hint: "Check the --config path." });
  }
  const source = parseYamlSource(file, text, "config", { endpoints: "endpoint name" });
  const parsed = parseWithSchema(
    source,
    configSchema,
    "config",
    "See the README section 'Evaluating a real endpoint' for the kfm.yaml format.",
  );
  const config: KfmConfig = { file, endpoints: parsed.endpoints, lineOf: (path) => lineOf(source, path) };
  if (parsed.plugins.length > 0)
    config.plugins = parsed.plugins.map((spec) => (spec.startsWith(".") || isAbsolute(spec) ? resolve(dirname(file), spec) : spec));
  if (parsed.defaultEndpoint) {
    if (!Object.hasOwn(config.endpoints, parsed.defaultEndpoint) && parsed.defaultEndpoint !== "sim") {
      throw new SuiteError({ file, path: "defaultEndpoint" }, `defaultEndpoint "${parsed.defaultEndpoint}" is not one of the endpoints`, {
        code: "config",
      });
    }
    config.defaultEndpoint = parsed.defaultEndpoint;
  }
  return config;
}
