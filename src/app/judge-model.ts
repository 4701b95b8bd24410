import pLimit from "p-limit";
import type { JudgeModel } from "../spec/scorer.js";
import type { RunManifest } from "../spec/run.js";
import type { KfmConfig } from "../adapters/config.js";
import { helperRecord, resolveEndpoint } from "../adapters/endpoint.js";
import { openEndpoint } from "./open-endpoint.js";

export interface OpenedJudge {
  model: JudgeModel;
  /** What the manifest records: which endpoint judged, never its key. */
  record: NonNullable<RunManifest["judge"]>;
  notes: string[];
  close(): Promise<void>;
}

/** Judge requests are deterministic: temperature 0 and room for the explanation before the rating. */
const JUDGE_SETTINGS = { temperature: 0, maxTokens: 2048 };

/**
 * Opens the judge as an endpoint like any other (same adapters, retries, key handling, concurrency
 * limit), so `--judge gpt-4o` names an endpoint in kfm.yaml, a base URL with --judge-model, or `sim`.
 */
export async function openJudge(
  config: KfmConfig,
  flags: { judge: string; judgeModel?: string },
  env: NodeJS.ProcessEnv,
): Promise<OpenedJudge> {
  const definition = resolveEndpoint(config, { endpoint: flags.judge, ...(flags.judgeModel ? { model: flags.judgeModel } : {}) });
  const opened = await openEndpoint(definition, { env });
  const limit = pLimit(definition.concurrency);
  const model: JudgeModel = {
    id: definition.model,
    complete: (request) =>
      limit(async () => {
        const messages = [
          ...(request.system ? [{ role: "system" as const, content: request.system }] : []),
          { role: "user" as const, content: request.prompt },
        ];
        const result = await opened.adapter.doGenerate({ messages, settings: JUDGE_SETTINGS });
        return { text: result.text };
      }),
  };
  return {
    model,
    record: helperRecord(definition),
    notes: opened.notes.map((note) => `judge: ${note}`),
    close: () => opened.close(),
  };
}

export { absentJudge, judgeCacheFrom } from "../scoring/judge-cache.js";
