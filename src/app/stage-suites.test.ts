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
    expect(await suitesForStage(file)).toEqual({ stage: "probe", suites: ["kmmlu"], missing: ["No Such Bench"], subsets: [] });
  });

  it("reads benchmark names through the registry's aliases, and runs a declared subset in a benchmark's place, saying so", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kfm-stage-"));
    const file = join(dir, "stage.yaml");
    await writeFile(
      file,
      "kfm: stage/v1\nid: probe\ntitle: t\nbenchmarks:\n  - { benchmark: GPQA Diamond }\n  - benchmark: HLE\n    subset: { benchmark: HLE (text only), why: no images }\n",
    );
    expect(await suitesForStage(file)).toEqual({
      stage: "probe",
      suites: ["gpqa-diamond", "hle"],
      missing: [],
      subsets: [{ benchmark: "HLE", suite: "hle", measures: "HLE (text only)", why: "no images" }],
    });
  });
});
