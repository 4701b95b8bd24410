import { readFile } from "node:fs/promises";
import { basename, dirname, isAbsolute, resolve } from "node:path";
import * as z from "zod";
import type { CampaignFile } from "../spec/campaign.js";
import { KfmError, SuiteError } from "../spec/errors.js";
import { lineOf, parseWithSchema, parseYamlSource, type YamlSource } from "../yaml/yaml-source.js";

const name = z.string().regex(/^[A-Za-z0-9._-]+$/, "use letters, digits, '.', '_' and '-' (it names a folder)");
const score = z.number().min(0).max(100);

const endpointSchema = z
  .object({
    /** A name from kfm.yaml, `sim`, or a base URL. */
    endpoint: z.string().min(1),
    model: z.string().min(1).optional(),
  })
  .strict();

const teamSchema = z
  .object({
    name,
    endpoint: z.string().min(1),
    model: z.string().min(1).optional(),
    api_key_env: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "name the environment variable that holds the key (never the key itself)")
      .optional(),
    concurrency: z.int().min(1).max(4096).optional(),
    requests_per_minute: z.number().positive().optional(),
    comparison_model: z.string().min(1).optional(),
    panels: z.object({ expert: score.optional(), user: score.optional() }).strict().default({}),
  })
  .strict();

export const campaignSchema = z
  .object({
    kfm: z.literal("campaign/v1"),
    name: name.optional(),
    stage: z.string().min(1),
    suites: z.array(z.string().min(1)).min(1).optional(),
    selection: z
      .object({ sample: z.int().min(1).optional(), seed: z.int().min(0).optional(), limit: z.int().min(1).optional() })
      .strict()
      .default({}),
    results: z.string().min(1).optional(),
    data: z.string().min(1).optional(),
    config: z.string().min(1).optional(),
    baselines: z.string().min(1).optional(),
    judge: endpointSchema.optional(),
    user_simulator: endpointSchema.optional(),
    teams: z.array(teamSchema).min(1),
  })
  .strict();

const looksLikeUrl = (value: string) => /^https?:\/\//i.test(value);
/** A stage or suite given as a file (it has a slash or ends in .yaml) is relative to the campaign file. */
const looksLikePath = (value: string) => /\.ya?ml$/i.test(value) || value.includes("/");

/** Checks what the schema cannot: unique team names, a model for every URL endpoint. */
function checkTeams(source: YamlSource, parsed: z.infer<typeof campaignSchema>): void {
  const fail = (path: Array<string | number>, message: string, hint?: string): never => {
    const line = lineOf(source, path);
    throw new SuiteError({ file: source.file, ...(line !== undefined ? { line } : {}), path: path.join(".") }, message, {
      code: "config",
      ...(hint ? { hint } : {}),
    });
  };
  const seen = new Map<string, number>();
  parsed.teams.forEach((team, index) => {
    const earlier = seen.get(team.name);
    if (earlier !== undefined) fail(["teams", index, "name"], `team "${team.name}" is named twice (also teams[${earlier}])`);
    seen.set(team.name, index);
    if (looksLikeUrl(team.endpoint) && !team.model)
      fail(["teams", index, "endpoint"], `team "${team.name}": a base URL needs a model`, "Add `model: <id>` to the team.");
  });
  for (const key of ["judge", "user_simulator"] as const) {
    const endpoint = parsed[key];
    if (endpoint && looksLikeUrl(endpoint.endpoint) && !endpoint.model)
      fail([key, "endpoint"], `${key}: a base URL needs a model`, `Add \`model: <id>\` under ${key}.`);
  }
}

/** Reads and checks a campaign file; every error names the file, the line and the field. */
export async function loadCampaign(file: string, cwd: string = process.cwd()): Promise<CampaignFile> {
  const path = resolve(cwd, file);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new KfmError("usage", `cannot read campaign file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
      hint: "Pass the path of a campaign YAML (`kfm: campaign/v1`); the README's Campaign section has an example.",
    });
  }
  const source = parseYamlSource(path, text, "config");
  const parsed = parseWithSchema(
    source,
    campaignSchema,
    "config",
    "See the README section 'A stage review in one command' for the format.",
  );
  checkTeams(source, parsed);
  const folder = dirname(path);
  const at = (value: string) => (isAbsolute(value) ? value : resolve(folder, value));
  const campaignName = parsed.name ?? basename(path).replace(/\.ya?ml$/i, "");
  return {
    kfm: "campaign/v1",
    file: path,
    name: campaignName,
    stage: looksLikePath(parsed.stage) ? at(parsed.stage) : parsed.stage,
    ...(parsed.suites ? { suites: parsed.suites.map((suite) => (looksLikePath(suite) ? at(suite) : suite)) } : {}),
    selection: parsed.selection,
    resultsDir: at(parsed.results ?? `results/${campaignName}`),
    ...(parsed.data ? { dataDir: at(parsed.data) } : {}),
    ...(parsed.config ? { configFile: at(parsed.config) } : {}),
    ...(parsed.baselines ? { baselinesDir: at(parsed.baselines) } : {}),
    ...(parsed.judge ? { judge: parsed.judge } : {}),
    ...(parsed.user_simulator ? { userSimulator: parsed.user_simulator } : {}),
    teams: parsed.teams.map((team) => ({
      name: team.name,
      endpoint: team.endpoint,
      ...(team.model ? { model: team.model } : {}),
      ...(team.api_key_env ? { apiKeyEnv: team.api_key_env } : {}),
      ...(team.concurrency ? { concurrency: team.concurrency } : {}),
      ...(team.requests_per_minute ? { requestsPerMinute: team.requests_per_minute } : {}),
      ...(team.comparison_model ? { comparisonModel: team.comparison_model } : {}),
      panels: team.panels,
    })),
  };
}

/** The folder of one cell's run: `<results>/<team>/<suite>` (a suite given as a path is named by its file). */
export function cellName(suite: string): string {
  return basename(suite).replace(/\.ya?ml$/i, "");
}
