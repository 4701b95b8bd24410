import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Verdict } from "../../src/spec/verdict.js";
import { runKfm } from "./cli.js";

/** A run directory with `n` items of which `correct` are right (written as kfm writes them). */
export async function syntheticRun(
  root: string,
  name: string,
  benchmark: string,
  n: number,
  correct: number,
  contentHash = `sha256:${"a".repeat(64)}`,
) {
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  const manifest = {
    v: 1,
    runId: name,
    kfmVersion: "0.1.0",
    suite: {
      id: benchmark.toLowerCase(),
      version: "1",
      benchmark,
      title: benchmark,
      contentHash,
      path: "/x.yaml",
      setting: { shots: 0, reasoning: "allowed" },
    },
    endpoint: { name: "team-a", adapter: "openai-compatible", model: "team-a-32b", settings: {}, concurrency: 8 },
    generation: {},
    scorer: { id: "multiple-choice", args: {} },
    selection: { total: n },
    startedAt: "2026-11-01T00:00:00Z",
    endedAt: "2026-11-01T01:00:00Z",
    status: "complete",
    command: [],
    warnings: [],
  };
  const lines = Array.from({ length: n }, (_, index) =>
    JSON.stringify({
      v: 1,
      id: `q:${index}`,
      index,
      subject: "s",
      status: index < correct ? "correct" : "incorrect",
      target: "A",
      promptHash: "h",
      time: "t",
    }),
  );
  await writeFile(join(dir, "manifest.json"), JSON.stringify(manifest));
  await writeFile(join(dir, "items.jsonl"), `${lines.join("\n")}\n`);
  await writeFile(join(dir, "summary.json"), JSON.stringify({ runId: name }));
  return dir;
}

/** `kfm verdict … --json`: the exit code, the parsed verdict (when one was printed) and stderr. */
export async function verdictOf(args: string[]) {
  const result = await runKfm(["verdict", ...args, "--json"]);
  return { code: result.code, report: result.stdout ? (JSON.parse(result.stdout) as Verdict) : undefined, stderr: result.stderr };
}
