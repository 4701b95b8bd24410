import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { suitesForStage } from "./stage-suites.js";

describe("suitesForStage", () => {
  it("names the first suite of each benchmark in id order, and the benchmarks without one", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kfm-stage-"));
    const file = join(dir, "stage.yaml");
    await writeFile(file, "kfm: stage/v1\nid: probe\ntitle: t\nbenchmarks:\n  - { benchmark: KMMLU }\n  - { benchmark: No Such Bench }\n");
    expect(await suitesForStage(file)).toEqual({ stage: "probe", suites: ["kmmlu"], missing: ["No Such Bench"] });
  });
});
