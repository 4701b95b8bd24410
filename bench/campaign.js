// The campaign section of `npm run bench`: five simulated teams, each its own server at 50 ms and its
// own concurrency, on two suites. It reports the campaign process's peak memory and each endpoint's
// achieved rate against C / latency (1.0: the endpoint was kept at its concurrency the whole time;
// teams must not wait on each other), and, as the yardstick, what one raw undici process reaches
// against the same servers with the same requests (bench/raw-campaign.js): on a small machine the
// simulators and the client share the cores, so C / latency may be out of any client's reach.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { run } from "./child-run.js";
import { requestPhase, startSim } from "./sim.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const SUITES = ["kmmlu", "hrm8k"];

/** The suites' requests as the campaign sends them (the same sample), one JSON body a line, for the raw process. */
async function writeBodies(folder, sample) {
  const { loadSuite, selectItems } = await import(join(root, "dist", "suite", "index.js"));
  const files = [];
  for (const id of SUITES) {
    const suite = await loadSuite(id);
    const maxTokens = suite.generation.maxTokens ?? 2048;
    const bodies = selectItems(suite.items, { sample }).map((item) =>
      JSON.stringify({ model: "kfm-sim-1", messages: suite.render(item).messages, temperature: 0, max_tokens: maxTokens }),
    );
    const bodiesFile = join(folder, `${id}.jsonl`);
    await writeFile(bodiesFile, `${bodies.join("\n")}\n`);
    files.push({ id, bodiesFile });
  }
  return files;
}

export async function benchCampaign(results) {
  const latencyMs = 50;
  const sample = Number(process.env.KFM_BENCH_CAMPAIGN_SAMPLE ?? 2000);
  const concurrencies = [4, 8, 16, 32, 64];
  const sims = await Promise.all(concurrencies.map(() => startSim(latencyMs, SUITES)));
  const folder = await mkdtemp(join(tmpdir(), "kfm-bench-campaign-"));
  try {
    const teams = concurrencies.map((concurrency, index) => ({ name: `team-${index + 1}`, url: sims[index].url, concurrency }));
    // The yardstick first, against the same servers.
    const plan = join(folder, "raw-plan.json");
    await writeFile(plan, JSON.stringify({ teams, suites: await writeBodies(folder, sample) }));
    const raw = await run([join(here, "raw-campaign.js"), plan]);

    const file = join(folder, "campaign.yaml");
    await writeFile(
      file,
      [
        "kfm: campaign/v1",
        "stage: kmmlu",
        `suites: [${SUITES.join(", ")}]`,
        `selection: { sample: ${sample} }`,
        "results: ./results",
        "teams:",
        ...teams.map((team) => `  - { name: ${team.name}, endpoint: "${team.url}", model: kfm-sim-1, concurrency: ${team.concurrency} }`),
        "",
      ].join("\n"),
    );
    const child = await run([join(here, "kfm-child.js"), "campaign", "run", file, "--json"], { capture: "stderr" });
    const cells = [];
    for (const team of teams) {
      for (const suite of SUITES) {
        const dir = join(folder, "results", team.name, suite);
        const summary = JSON.parse(await readFile(join(dir, "summary.json"), "utf8"));
        const rate = summary.done / (await requestPhase(join(dir, "items.jsonl")));
        const ideal = team.concurrency / (latencyMs / 1000);
        const rawCell = raw.cells.find((cell) => cell.team === team.name && cell.suite === suite);
        const rawRate = rawCell.items / rawCell.seconds;
        cells.push({
          team: team.name,
          suite,
          concurrency: team.concurrency,
          items: summary.done,
          requestsPerSecond: Math.round(rate),
          ofIdeal: Number((rate / ideal).toFixed(3)),
          rawRequestsPerSecond: Math.round(rawRate),
          rawOfIdeal: Number((rawRate / ideal).toFixed(3)),
          ofRaw: Number((rate / rawRate).toFixed(3)),
        });
      }
    }
    results.campaign = {
      latencyMs,
      sample,
      teams: concurrencies.length,
      seconds: Number(child.seconds.toFixed(1)),
      peakRssMb: Math.round(child.maxRssMb),
      rawSeconds: Number(raw.wallSeconds.toFixed(1)),
      cells,
    };
    console.log(
      `campaign: ${concurrencies.length} teams x ${SUITES.length} suites, ${sample} items each, at ${latencyMs} ms: ${results.campaign.seconds} s, peak RSS ${results.campaign.peakRssMb} MB (raw client: ${results.campaign.rawSeconds} s)`,
    );
    for (const cell of cells)
      console.log(
        `  ${cell.team} ${cell.suite} (C=${cell.concurrency}): kfm ${cell.requestsPerSecond} items/s, ${cell.ofIdeal} of C/latency; raw ${cell.rawRequestsPerSecond} items/s, ${cell.rawOfIdeal}; kfm/raw ${cell.ofRaw}`,
      );
  } finally {
    await Promise.all(sims.map((sim) => sim.stop()));
    await rm(folder, { recursive: true, force: true });
  }
}
