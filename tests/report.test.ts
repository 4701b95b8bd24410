import { execFile } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { renderHtml, renderJUnit, renderMarkdown, type ReportInput } from "../src/report/index.js";
import type { Verdict } from "../src/spec/verdict.js";
import type { ItemRecord } from "../src/spec/record.js";
import type { RunManifest, RunSummary } from "../src/spec/run.js";
import { runKfm, temporaryDirectory } from "./helpers/cli.js";
import { CHROMIUM, CHROMIUM_FLAGS, chromiumAvailable } from "./helpers/chromium.js";

const HOSTILE_REPLY = `</script><script>document.title='PWNED'</script><img src=x onerror="document.title='PWNED2'"> 정답: B`;

/** A run directory whose replies try to break out of the report. */
async function hostileRun(): Promise<string> {
  const dir = join(await temporaryDirectory(), "hostile");
  await mkdir(dir);
  const manifest = {
    v: 1,
    runId: "hostile",
    kfmVersion: "0.1.0",
    suite: { id: "kmmlu", version: "1.0.0", benchmark: "KMMLU", title: "t", contentHash: "sha256:none", path: "/nonexistent.yaml" },
    endpoint: { name: "team<b>x</b>", adapter: "openai-compatible", model: 'm"><svg onload=alert(1)>', settings: {}, concurrency: 1 },
    generation: {},
    scorer: { id: "multiple-choice", args: {} },
    selection: { total: 2 },
    startedAt: "2026-11-23T00:00:00Z",
    endedAt: "2026-11-23T00:01:00Z",
    status: "complete",
    command: [],
    warnings: [],
  } as unknown as RunManifest;
  const records: ItemRecord[] = [
    {
      v: 1,
      id: "Law-test:0",
      index: 0,
      subject: "Law",
      supercategory: "HUMSS",
      status: "correct",
      target: "B",
      extracted: "B",
      rule: "korean-answer",
      reply: HOSTILE_REPLY,
      reasoning: "<iframe src=javascript:alert(1)>",
      promptHash: "x",
      time: "t",
    },
    {
      v: 1,
      id: "math-test:0",
      index: 1,
      subject: "math",
      supercategory: "STEM",
      status: "incorrect",
      target: "A",
      extracted: "C",
      rule: "bare-letter",
      reply: "C",
      promptHash: "y",
      time: "t",
    },
  ];
  const counts = { correct: 1, incorrect: 1, "no-answer": 0, error: 0 };
  const group = (c: typeof counts) => ({ total: 1, counts: c, accuracy: c.correct });
  const summary: RunSummary = {
    v: 1,
    runId: "hostile",
    status: "complete",
    suite: { id: "kmmlu", version: "1.0.0", benchmark: "KMMLU", contentHash: "sha256:none" },
    endpoint: { name: "team<b>x</b>", model: 'm"><svg onload=alert(1)>' },
    total: 2,
    done: 2,
    counts,
    accuracy: 0.5,
    macroAccuracy: 0.5,
    noAnswerRate: 0,
    errorRate: 0,
    bySubject: { Law: group({ ...counts, incorrect: 0 }), math: group({ ...counts, correct: 0 }) },
    bySupercategory: { HUMSS: group({ ...counts, incorrect: 0 }), STEM: group({ ...counts, correct: 0 }) },
    tokens: { input: 0, output: 0, reasoning: 0 },
    latencyMs: {},
  };
  await writeFile(join(dir, "manifest.json"), JSON.stringify(manifest));
  await writeFile(join(dir, "summary.json"), JSON.stringify(summary));
  await writeFile(join(dir, "items.jsonl"), records.map((record) => JSON.stringify(record)).join("\n") + "\n");
  return dir;
}

const model = (name: string) => ({
  model: name,
  vendor: "V",
  score: 0,
  releaseDate: "2026-07-01",
  citation: "c",
  provenance: "primary" as const,
});
const verdict: Verdict = {
  asOf: "2026-11-23",
  window: "6mo",
  windowStart: "2026-05-23",
  boundaryRule: "windowStart < release_date <= asOf",
  rule: "best",
  threshold: 0.95,
  decideBy: "ratio-of-averages",
  seed: 0,
  replicates: 2000,
  level: 0.95,
  overall: {
    decision: "INCONCLUSIVE",
    decidedBy: "ratio-of-averages",
    ratioOfAverages: { estimate: 0.96, low: 0.93, high: 0.99 },
    meanOfRatios: { estimate: 0.9, low: 0.88, high: 0.93 },
    benchmarks: ["KMMLU", "HRM8K"],
  },
  benchmarks: [
    {
      benchmark: "KMMLU",
      team: { estimate: 70.1, low: 69, high: 71, items: 35030, source: "run r", selfReported: false },
      reference: {
        estimate: 72.0,
        low: 72,
        high: 72,
        rule: "best",
        models: [model("Model <X>")],
        uncertainty: { kind: "published", entries: 1, known: 1, items: 35030, unknown: [], text: "bootstrap over 35030 items" },
      },
      ratio: { estimate: 0.974, low: 0.95, high: 0.998 },
      decision: "PASS",
      excluded: [],
      notes: [],
    },
    {
      benchmark: "HRM8K",
      team: { estimate: 50, low: 49, high: 51, source: "run s", selfReported: false },
      reference: { estimate: 60, low: 60, high: 60, rule: "best", models: [model("Y")], uncertainty: { kind: "exact", text: "exact" } },
      ratio: { estimate: 0.833, low: 0.8, high: 0.87 },
      decision: "FAIL",
      excluded: [],
      notes: [],
    },
  ],
  timeline: [
    { date: "2026-06-30", benchmark: "KMMLU", reference: 70, model: "A" },
    { date: "2026-09-30", benchmark: "KMMLU", reference: 72, model: "B" },
    { date: "2026-10-31", benchmark: "KMMLU", reference: 66, model: "C", fellByAgeing: { previous: 72, agedOut: ["B"] } },
  ],
  reviews: ["2026-07-15"],
  reasons: ["HRM8K is below 95% of Y"],
};

describe("report renderers", () => {
  let input: ReportInput;
  beforeAll(async () => {
    const { buildReport } = await import("../src/app/report.js");
    input = { ...(await buildReport({ runDirs: [await hostileRun()] })), verdict };
  });

  it("HTML is self-contained and escapes every piece of model output", () => {
    const html = renderHtml(input);
    expect(html).not.toMatch(/<(link|img|iframe)\b/i);
    expect(html).not.toMatch(/src="https?:/);
    expect(html).not.toContain("<script>document.title");
    expect(html).not.toContain("<svg onload");
    expect(html).toContain("Model &lt;X&gt;");
    expect(html).toContain('id="ratio-bars"');
    expect(html).toContain('id="reference-timeline"');
    expect(html).toContain(
      'class="fell-by-ageing"><title>2026-10-31 KMMLU: 66 (C); fell from 72 by ageing alone: B aged out, nothing newer</title>',
    );
    expect(html).toContain('id="subject-heatmap"');
    expect(html).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
  });

  it("the ratio chart has an axis with ticks, and the values sit in their own column right of every whisker", () => {
    const bars = renderHtml(input).match(/<svg class="chart" id="ratio-bars"[\s\S]*?<\/svg>/)![0];
    for (const tick of ["0%", "20%", "100%", "120%"]) expect(bars).toContain(`class="tick">${tick}</text>`);
    expect(bars).toContain("team score ÷ reference score");
    const whiskerEnds = [...bars.matchAll(/<line x1="[\d.]+" x2="([\d.]+)"[^>]*class="interval"/g)].map((match) => Number(match[1]));
    const labels = [...bars.matchAll(/<text x="([\d.]+)" y="[\d.]+" class="value">/g)].map((match) => Number(match[1]));
    expect(labels).toHaveLength(3);
    expect(Math.min(...labels)).toBeGreaterThan(Math.max(...whiskerEnds));
  });

  it("the timeline breaks its line where there was no reference and shows every review date", () => {
    const gapped: Verdict = {
      ...verdict,
      timeline: [
        { date: "2026-06-30", benchmark: "KMMLU", reference: 70, model: "A" },
        { date: "2026-07-31", benchmark: "KMMLU", reference: null },
        { date: "2026-08-31", benchmark: "KMMLU", reference: 71, model: "B" },
        { date: "2026-09-30", benchmark: "KMMLU", reference: 72, model: "B" },
      ],
      reviews: ["2026-07-15", "2026-12-30"],
    };
    const timeline = renderHtml({ ...input, verdict: gapped }).match(/<svg class="chart" id="reference-timeline"[\s\S]*?<\/svg>/)![0];
    const path = timeline.match(/<path d="([^"]+)"/)![1]!;
    // Two segments: June alone, then August to September; July is a marked gap.
    expect(path.match(/M/g)).toHaveLength(2);
    expect(timeline).toContain("2026-07-31 KMMLU: no reference in the window");
    expect(timeline).toContain(">review 2026-07-15</text>");
    expect(timeline).toContain(">review 2026-12-30 (after the as-of date)</text>");
  });

  it("groups subjects by supercategory under readable names", () => {
    const heatmap = renderHtml(input).match(/<svg class="chart" id="subject-heatmap"[\s\S]*?<\/svg>/)![0];
    const texts = [...heatmap.matchAll(/class="(group|tick)">([^<]+)<\/text>/g)].map((match) => `${match[1]}:${match[2]}`);
    expect(texts.filter((text) => !text.includes("·"))).toEqual(["group:HUMSS", "tick:Law", "group:STEM", "tick:Math"]);
  });

  it("Markdown carries the verdict table and escapes pipes", () => {
    const markdown = renderMarkdown(input);
    expect(markdown).toContain("Verdict: **INCONCLUSIVE**");
    expect(markdown).toContain("| KMMLU | 70.1 | 72.0 | Model <X> | 97.4% |");
  });

  it("JUnit has a case per run, per benchmark verdict and overall; FAIL fails, INCONCLUSIVE is skipped", () => {
    const xml = renderJUnit(input);
    expect(xml).toContain('tests="4" failures="1" skipped="1"');
    expect(xml).toContain('<failure message="FAIL: ratio 83.3%');
    expect(xml).toContain("Model &lt;X&gt;");
  });
});

describe("report in a real headless Chromium", () => {
  it.runIf(chromiumAvailable("report browser test"))("draws the charts and verdict, and a hostile reply does not execute", async () => {
    const dir = await hostileRun();
    const out = join(dir, "report.html");
    const { buildReport } = await import("../src/app/report.js");
    await writeFile(out, renderHtml({ ...(await buildReport({ runDirs: [dir] })), verdict }));
    const { stdout } = await promisify(execFile)(
      CHROMIUM!,
      [...CHROMIUM_FLAGS, `--user-data-dir=${join(dir, "profile")}`, "--dump-dom", `file://${out}?q=law`],
      { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
    );
    // The DOM after scripts ran: kfm's browser listed the items, nothing else ran.
    expect(stdout).toContain('id="verdict"');
    expect(stdout).toContain('id="ratio-bars"');
    expect(stdout).toContain('id="subject-heatmap"');
    // The item browser drew both items as rows under its column headers.
    expect(stdout).toMatch(/<div class="item-head"><span>#<\/span><span>item<\/span>/);
    expect(stdout).toMatch(/<div class="item-row status-correct"[^>]*><span>1<\/span><span>Law-test:0<\/span>/);
    // Opened with a search in its URL (as a reviewer would share it), the browser filtered on load.
    expect(stdout).toContain("1 of 2 items");
    expect(stdout).not.toContain("<span>math-test:0</span>");
    // The payload is still there as data, but it never ran: the title is the report's own.
    expect(stdout).toContain("PWNED");
    expect(stdout.match(/<title>([^<]*)<\/title>/)?.[1]).toBe('kfm report: kmmlu on m"&gt;&lt;svg onload=alert(1)&gt;');
    expect(stdout).not.toMatch(/<img[^>]*src="x"/);
    expect(stdout).not.toMatch(/<iframe/);
  });

  it("kfm report writes html, md, junit and json from the CLI", async () => {
    const dir = await hostileRun();
    for (const format of ["html", "md", "junit", "json"]) {
      const file = join(dir, `r.${format}`);
      const result = await runKfm(["report", dir, "--format", format, "--out", file]);
      expect(result.code).toBe(0);
      expect((await readFile(file, "utf8")).length).toBeGreaterThan(100);
    }
    // Without --out the report goes beside the run, and kfm says where.
    const beside = await runKfm(["report", dir]);
    expect(beside.stdout).toBe(`kfm: wrote ${join(dir, "report.html")}\n`);
    expect(await readFile(join(dir, "report.html"), "utf8")).toContain("<!doctype html>");
    const bad = await runKfm(["report", dir, "--format", "pdf"]);
    expect(bad.code).toBe(2);
  });
});
