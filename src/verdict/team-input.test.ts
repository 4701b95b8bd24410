import { describe, expect, it } from "vitest";
import type { Stage } from "../baseline/stage.js";
import { stageResult } from "./stage-result.js";
import { selectTeams, settingAsSent, teamFromRun, type RunInput } from "./team-input.js";
import type { BenchmarkVerdict } from "../spec/verdict.js";

function run(thinking?: "on" | "off", reasoning: "none" | "allowed" | "required" = "allowed"): RunInput {
  return {
    dir: "runs/r",
    manifest: {
      runId: "r",
      status: "complete",
      selection: {} as RunInput["manifest"]["selection"],
      suite: { id: "kmmlu", benchmark: "KMMLU", contentHash: "sha256:x", setting: { shots: 0, reasoning } },
      endpoint: { adapter: "openai-compatible", model: "m" },
      ...(thinking ? { thinking } : {}),
    },
    answered: [
      { id: "a", outcome: 1 },
      { id: "b", outcome: 0 },
    ],
    errors: 0,
    skippedLines: 0,
  };
}

describe("the run's setting as sent", () => {
  it("thinking switched off is a direct answer, on is thinking mode, whatever the suite declared; shots stand", () => {
    expect(settingAsSent({ shots: 0, reasoning: "allowed" }, "off")).toEqual({ shots: 0, reasoning: "none" });
    expect(settingAsSent({ shots: 5, reasoning: "allowed" }, "on")).toEqual({ shots: 5, reasoning: "required" });
    expect(settingAsSent({ shots: 0, reasoning: "allowed" }, undefined)).toEqual({ shots: 0, reasoning: "allowed" });
    expect(settingAsSent(undefined, "off")).toEqual({ reasoning: "none" });
  });

  it("a run sent with enable_thinking: false is compared as answering directly, and the verdict says why", () => {
    const team = teamFromRun(run("off"));
    expect(team.setting).toEqual({ shots: 0, reasoning: "none" });
    expect(team.notes).toContainEqual({ kind: "setting-as-sent", thinking: "off", reasoning: "none", declared: "allowed" });
    expect(teamFromRun(run()).notes.some((note) => note.kind === "setting-as-sent")).toBe(false);
    expect(teamFromRun(run("on", "required")).notes.some((note) => note.kind === "setting-as-sent")).toBe(false);
  });
});

describe("a stage row filled by a declared subset", () => {
  const stage = {
    id: "s",
    title: "t",
    file: "s.yaml",
    benchmarks: [
      { benchmark: "Humanity's Last Exam", weight: 1, subset: { benchmark: "Humanity's Last Exam (text only)", why: "no images" } },
    ],
    scorecard: { benchmarks: 40, expert: 0, user: 0 },
  } as unknown as Stage;
  const textOnly = { ...teamFromRun(run()), benchmark: "Humanity's Last Exam (text only)" };

  it("keeps the subset's run for the row, with a note naming both, and counts its ratio in the scorecard", () => {
    const { teams, ignored } = selectTeams([textOnly], stage);
    expect(ignored).toEqual([]);
    expect(teams[0]!.notes).toContainEqual({
      kind: "stage-subset",
      stageBenchmark: "Humanity's Last Exam",
      measured: "Humanity's Last Exam (text only)",
      why: "no images",
    });
    const rows = [{ benchmark: "Humanity's Last Exam (text only)", ratio: { estimate: 0.5 } }] as unknown as BenchmarkVerdict[];
    const result = stageResult(stage, teams, [], rows, {});
    expect(result.missing).toEqual([]);
    expect(result.scorecard!.benchmarkPoints).toBeCloseTo(20, 9);
  });

  it("a run of the full set itself takes the row without a subset note", () => {
    const full = { ...teamFromRun(run()), benchmark: "Humanity's Last Exam" };
    const { teams } = selectTeams([full], stage);
    expect(teams[0]!.notes.some((note) => note.kind === "stage-subset")).toBe(false);
  });
});
