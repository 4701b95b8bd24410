import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { LineCounter, parseDocument, isMap, isSeq, type Node } from "yaml";
import { z } from "zod";
import { KfmError, SuiteError } from "../spec/errors.js";

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
  })
  .catchall(z.unknown());

export const configSchema = z
  .object({
    kfm: z.literal("config/v1").optional(),
    defaultEndpoint: z.string().optional(),
    endpoints: z.record(z.string().regex(/^[A-Za-z0-9._-]+$/, "endpoint names use letters, digits, '.', '_' and '-'"), endpointSchema).default({}),
  })
  .strict();

export type EndpointConfig = z.infer<typeof endpointSchema>;

export interface KfmConfig {
  /** The file it came from; absent when there is none. */
  file?: string;
  defaultEndpoint?: string;
  endpoints: Record<string, EndpointConfig>;
}

export const CONFIG_FILE = "kfm.yaml";

/** The line of the node at `path` (or its nearest parent that exists). */
function lineOf(root: Node | null | undefined, path: readonly PropertyKey[], counter: LineCounter): number | undefined {
  let node: unknown = root;
  let line: number | undefined;
  const position = (candidate: unknown) => {
    const range = (candidate as { range?: [number, number, number] } | undefined)?.range;
    return range ? counter.linePos(range[0]).line : undefined;
  };
  line = position(node);
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => (item.key as { value?: unknown } | null)?.value === key);
      if (!pair) break;
      line = position(pair.key) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof key === "number") {
      node = node.items[key];
      line = position(node) ?? line;
    } else break;
  }
  return line;
}

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
  const counter = new LineCounter();
  const document = parseDocument(text, { lineCounter: counter, prettyErrors: false, maxAliasCount: 100 });
  const syntax = document.errors[0];
  if (syntax) {
    const line = counter.linePos(syntax.pos[0]).line;
    throw new SuiteError({ file, line }, `YAML syntax error: ${syntax.message.split("\n")[0]}`, { code: "config" });
  }
  const parsed = configSchema.safeParse(document.toJS({ maxAliasCount: 100 }) ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const line = lineOf(document.contents, issue.path, counter);
    throw new SuiteError({ file, ...(line !== undefined ? { line } : {}), path: issue.path.join(".") }, issue.message, {
      code: "config",
      hint: "See the README section 'Endpoints' for the kfm.yaml format.",
    });
  }
  const config: KfmConfig = { file, endpoints: parsed.data.endpoints };
  if (parsed.data.defaultEndpoint) {
    if (!config.endpoints[parsed.data.defaultEndpoint] && parsed.data.defaultEndpoint !== "sim") {
      throw new SuiteError({ file, path: "defaultEndpoint" }, `defaultEndpoint "${parsed.data.defaultEndpoint}" is not one of the endpoints`, { code: "config" });
    }
    config.defaultEndpoint = parsed.data.defaultEndpoint;
  }
  return config;
}
