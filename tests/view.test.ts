import { mkdir, writeFile } from "node:fs/promises";
import { get as httpGet } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compare } from "../src/app/compare.js";
import { fixtureLeaderboard } from "../src/campaign/__fixtures__/leaderboards.js";
import { view } from "../src/app/view.js";
import { summarize } from "../src/results/summary.js";
import type { ItemRecord } from "../src/spec/record.js";
import type { RunManifest } from "../src/spec/run.js";
import type { ViewServer } from "../src/view/index.js";
import { Browser, chromiumAvailable, type Page } from "./helpers/chromium.js";
import { runKfm, startKfm, temporaryDirectory } from "./helpers/cli.js";

const SUBJECTS: Array<[string, string]> = [
  ["Accounting", "HUMSS"],
  ["Aviation-Engineering-and-Maintenance", "Applied Science"],
  ["korean-history", "HUMSS"],
  ["math", "STEM"],
  ["Chemistry", "STEM"],
];
const CAMPAIGN_HOSTILE = `<img src=x onerror="document.title='PWNED3'">`;
const HOSTILE = `</script><script>document.title='PWNED'</script><img src=x onerror="document.title='PWNED2'">`;
/** As many items as KMMLU's test split: the browser must stay usable at the real size. */
const ITEMS = 35_030;
const HASH = `sha256:${"c".repeat(64)}`;

/** A run directory as kfm writes it: manifest, one record a line, and the summary kfm's own fold makes of them. */
async function writeRun(
  root: string,
  name: string,
  options: { model: string; endpoint: string; right: (index: number) => boolean; items?: number; hash?: string; startedAt: string },
) {
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  const total = options.items ?? ITEMS;
  const manifest = {
    v: 1,
    runId: name,
    kfmVersion: "0.1.0",
    suite: {
      id: "kmmlu",
      version: "1.0.0",
      benchmark: "KMMLU",
      title: "KMMLU",
      contentHash: options.hash ?? HASH,
      path: "/nonexistent/kmmlu.yaml",
    },
    endpoint: { name: options.endpoint, adapter: "openai-compatible", model: options.model, settings: {}, concurrency: 8 },
    generation: {},
    scorer: { id: "multiple-choice", args: {} },
    selection: { total },
    startedAt: options.startedAt,
    endedAt: options.startedAt,
    status: "complete",
    command: [],
    warnings: [],
  } as unknown as RunManifest;
  const records: ItemRecord[] = Array.from({ length: total }, (_, index) => {
    const [subject, supercategory] = SUBJECTS[index % SUBJECTS.length]!;
    const right = options.right(index);
    const target = "ABCD"[index % 4]!;
    const extracted = right ? target : "ABCD"[(index + 1) % 4]!;
    return {
      v: 1,
      id: `${subject}-test:${Math.floor(index / SUBJECTS.length)}`,
      index,
      subject,
      supercategory,
      status: right ? "correct" : "incorrect",
      target,
      extracted,
      rule: "korean-answer",
      // One reply in the whole run carries a word to search for; every hundredth tries to break out of the page.
      reply: `${index === 31_337 ? "바늘 needle-31337 " : ""}${index % 100 === 7 ? HOSTILE : ""}정답: ${extracted}`,
      promptHash: "h",
      time: options.startedAt,
    };
  });
  await writeFile(join(dir, "manifest.json"), JSON.stringify(manifest));
  await writeFile(join(dir, "items.jsonl"), records.map((record) => `${JSON.stringify(record)}\n`).join(""));
  const summary = summarize(records, { manifest, status: "complete", total });
  await writeFile(join(dir, "summary.json"), JSON.stringify(summary));
  return dir;
}

const enabled = chromiumAvailable("view browser tests");

describe.runIf(enabled)("kfm view in headless Chromium", () => {
  let root: string;
  let server: ViewServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    root = await temporaryDirectory("kfm-view-");
    await writeRun(root, "team-a-kmmlu", {
      model: "team-a-32b",
      endpoint: "team-a",
      right: (index) => index % 10 < 7,
      startedAt: "2026-11-20T01:00:00Z",
    });
    await writeRun(join(root, "campaign-1"), "team-b-kmmlu", {
      model: "team-b-8b",
      endpoint: "team-b",
      right: (index) => index % 10 < 6,
      items: 3_000,
      startedAt: "2026-11-21T01:00:00Z",
    });
    await writeRun(root, "hostile", {
      model: `m"><svg onload=alert(1)>`,
      endpoint: `team<b>x</b>`,
      right: (index) => index % 2 === 0,
      items: 40,
      hash: `sha256:${"d".repeat(64)}`,
      startedAt: "2026-11-22T01:00:00Z",
    });
    // A campaign's results folder: its leaderboard (as kfm campaign report builds it) and one team's run.
    await writeRun(join(root, "mini", "alpha"), "kmmlu", {
      model: "alpha-32b",
      endpoint: "alpha",
      right: (index) => index % 10 < 8,
      items: 40,
      startedAt: "2026-11-23T01:00:00Z",
    });
    const board = fixtureLeaderboard("mini", [
      { name: "alpha", total: 81, decision: "PASS", ratio: 1.02, suites: ["kmmlu", "hrm8k"] },
      { name: CAMPAIGN_HOSTILE, total: 55, decision: "FAIL", ratio: 0.81, suites: ["kmmlu"] },
    ]);
    await writeFile(join(root, "mini", "leaderboard.json"), JSON.stringify(board));
    await mkdir(join(root, "other"));
    await writeFile(join(root, "other", "leaderboard.json"), JSON.stringify({ kfm: "campaign-status/v1" }));
    [server, browser] = await Promise.all([view({ resultsDir: root, port: 0 }), Browser.launch()]);
    page = await browser.newPage();
  });

  afterAll(async () => {
    await Promise.all([server?.close(), browser?.close()]);
  });

  it("lists every run (sub-folders included) with accuracy and interval, filters them, and escapes hostile names", async () => {
    await page.goto(server.url);
    const rows = await page.evaluate<string[]>(
      `[...document.querySelectorAll('#runs tbody tr')].map((row) => [...row.cells].map((cell) => cell.textContent.replace(/\\s+/g, ' ').trim()).join(' | '))`,
    );
    expect(rows).toHaveLength(4);
    expect(rows.find((row) => row.includes("team-a-32b"))).toMatch(
      /kmmlu \| team-a \| team-a-32b \| 2026-11-20 01:00 \| 35,030 \| 70\.0% 69\.5%–70\.5% \| complete/,
    );
    expect(rows.find((row) => row.includes("team-b-8b"))).toContain("60.0%");
    expect(await page.evaluate("document.title")).toBe("kfm view: runs");
    expect(await page.evaluate("document.querySelectorAll('svg, img').length")).toBe(0);
    await page.evaluate(
      `(() => { const select = document.getElementById('filter-endpoint'); select.value = 'team-b'; select.dispatchEvent(new Event('change')); })()`,
    );
    expect(await page.evaluate("document.getElementById('run-count').textContent")).toBe("1 of 4 runs");
    expect(page.errors).toEqual([]);
  });

  it("a run's page shows the report, finds one item among 35,030 by its reply text, and scrolls to the last", async () => {
    await page.goto(`${server.url}run?id=team-a-kmmlu`);
    await page.waitFor(`document.getElementById('item-count').textContent === '35030 items'`, "the item count");
    expect(await page.evaluate("document.querySelectorAll('#items-rows .item-row').length")).toBeLessThan(60);
    expect(await page.evaluate("document.getElementById('subject-heatmap').textContent")).toContain("Korean History");
    await page.evaluate(
      `(() => { const box = document.getElementById('item-search'); box.value = 'needle-31337'; box.dispatchEvent(new Event('input')); })()`,
    );
    await page.waitFor(`document.getElementById('item-count').textContent === '1 of 35030 items'`, "the search result");
    const row = await page.evaluate<string>("document.querySelector('#items-rows .item-row').textContent");
    expect(row).toContain("korean-history-test:6267");
    await page.evaluate("document.querySelector('#items-rows .item-row').click()");
    await page.waitFor(`document.getElementById('item-detail').textContent.includes('needle-31337')`, "the item's reply");
    // Clear the search, open the first hostile reply: it is text, nothing ran.
    await page.evaluate(
      `(() => { const box = document.getElementById('item-search'); box.value = ''; box.dispatchEvent(new Event('input')); })()`,
    );
    await page.waitFor(`document.getElementById('item-count').textContent === '35030 items'`, "all items again");
    await page.evaluate("document.getElementById('items').scrollTop = 1e9");
    await page.waitFor(
      `[...document.querySelectorAll('#items-rows .item-row span:first-child')].some((cell) => cell.textContent === '35030')`,
      "the last row",
    );
    await page.evaluate("document.getElementById('items').scrollTop = 0");
    await page.waitFor(
      `[...document.querySelectorAll('#items-rows .item-row span:first-child')].some((cell) => cell.textContent === '8')`,
      "the eighth row",
    );
    await page.evaluate(
      `[...document.querySelectorAll('#items-rows .item-row')].find((row) => row.firstChild.textContent === '8').click()`,
    );
    await page.waitFor(`document.getElementById('item-detail').textContent.includes('PWNED2')`, "the hostile reply as text");
    expect(await page.evaluate("document.title")).toBe("kfm view: kmmlu on team-a-32b");
    expect(await page.evaluate("document.querySelectorAll('img, iframe, script:not([src])').length")).toBe(0);
    expect(page.errors).toEqual([]);
  });

  it("the compare page shows kfm compare's paired difference for two runs", async () => {
    await page.goto(`${server.url}compare?a=team-a-kmmlu&b=${encodeURIComponent("campaign-1/team-b-kmmlu")}`);
    const heading = await page.evaluate<string>("document.getElementById('paired-difference').textContent");
    const expected = await compare({ runA: join(root, "team-a-kmmlu"), runB: join(root, "campaign-1", "team-b-kmmlu") });
    // B holds the first 3,000 items of A: kfm compare pairs those.
    expect(expected.shared).toBe(3_000);
    expect(expected.overall.differencePoints).toBeCloseTo(-10, 5);
    expect(heading).toContain(
      `Paired difference: ${expected.overall.differencePoints.toFixed(2)} points (95% interval ${expected.overall.intervalPoints[0].toFixed(2)} to ${expected.overall.intervalPoints[1].toFixed(2)})`,
    );
    expect(await page.evaluate("document.querySelectorAll('#compare-subjects tbody tr').length")).toBe(SUBJECTS.length);
    expect(await page.evaluate("document.getElementById('compare-subjects').textContent")).toContain(
      "Aviation Engineering and Maintenance",
    );
    expect(page.errors).toEqual([]);
  });

  it("says what to do when two runs used different suite contents", async () => {
    await page.goto(`${server.url}compare?a=team-a-kmmlu&b=hostile`);
    const text = await page.evaluate<string>("document.querySelector('main').textContent");
    expect(text).toContain("the runs used different suite contents");
    expect(text).toContain("Compare them anyway");
    // The 400 of the refused comparison is logged as a failed load; nothing else is.
    expect(page.errors.filter((error) => !error.includes("400"))).toEqual([]);
  });

  it("lists the campaign leaderboards, says why a file is not one, and shows a leaderboard with its runs linked", async () => {
    const list = await (await fetch(`${server.url}campaigns`)).text();
    expect(list).toContain('<a href="/campaign?id=mini">mini</a></td><td>A two-benchmark review</td>');
    expect(list).toContain('<td class="status final">final</td><td class="num">2</td>');
    expect(list).toContain(
      `${join(root, "other", "leaderboard.json")}</code>: kfm is &quot;campaign-status/v1&quot;, not &quot;leaderboard/v1&quot;`,
    );
    expect((await fetch(`${server.url}campaign?id=..%2F..`)).status).toBe(404);
    await page.goto(`${server.url}campaign?id=mini`);
    const ranking = await page.evaluate<string[]>(
      `[...document.querySelectorAll('table.leaderboard tr')].map((row) => [...row.cells].map((cell) => cell.textContent).join(' | '))`,
    );
    expect(ranking).toEqual([
      "rank | team | benchmarks | expert | user | total | ratio to reference | verdict",
      "1 | alpha | 31.0/40 | 28.0/35 | 22.0/25 | 81.0/100 | 102.0% [97.0%, 107.0%] | PASS",
      "── cut line ──",
      `2 | ${CAMPAIGN_HOSTILE} | 5.0/40 | 28.0/35 | 22.0/25 | 55.0/100 | 81.0% [76.0%, 86.0%] | FAIL`,
    ]);
    // alpha's kmmlu run is in the folder: a link to its page; its hrm8k run is not: text.
    const runs = await page.evaluate<string>("document.getElementById('team-alpha').lastElementChild.innerHTML");
    expect(runs).toBe('Runs: <a href="/run?id=mini%2Falpha%2Fkmmlu">kmmlu</a>, hrm8k');
    expect(await page.evaluate("document.title")).toBe("kfm view: A two-benchmark review");
    expect(await page.evaluate("document.querySelectorAll('img, script:not([src])').length")).toBe(0);
    // The page's errors accumulate: the refused comparison's 400 above is the only one.
    expect(page.errors.filter((error) => !error.includes("400"))).toEqual([]);
  });

  it("serves only loopback hosts, pages items by the API, and 404s an unknown run", async () => {
    const items = (await (await fetch(`${server.url}api/items?run=team-a-kmmlu&status=incorrect&offset=10&limit=5`)).json()) as {
      total: number;
      items: Array<{ n: number; status: string }>;
    };
    expect(items.total).toBe(ITEMS - 24_521);
    expect(items.items).toHaveLength(5);
    expect(items.items.every((item) => item.status === "incorrect")).toBe(true);
    expect((await fetch(`${server.url}api/items?run=../../etc`)).status).toBe(404);
    const one = await fetch(`${server.url}compare?a=team-a-kmmlu`);
    expect(one.status).toBe(400);
    expect(await one.text()).toContain("pick one run as A and another as B");
    // fetch() will not send another Host header; node:http will, as a rebinding page's browser would.
    const rebound = await new Promise<number>((resolve, reject) =>
      httpGet(server.url, { headers: { host: "attacker.example" } }, (response) => resolve(response.statusCode ?? 0)).on("error", reject),
    );
    expect(rebound).toBe(403);
    const csp = (await fetch(server.url)).headers.get("content-security-policy");
    expect(csp).toContain("script-src 'self'");
  });
});

describe("kfm view from the CLI", () => {
  it("prints the URL it serves on, and a results folder that does not exist is a usage error", async () => {
    const root = await temporaryDirectory("kfm-view-cli-");
    await writeRun(root, "small", { model: "m", endpoint: "e", right: () => true, items: 5, startedAt: "2026-11-20T01:00:00Z" });
    const { child, done } = startKfm(["view", root, "--port", "0"]);
    const url = await new Promise<string>((resolve) => {
      let text = "";
      child.stdout!.on("data", (chunk: string) => {
        text += chunk;
        const match = /kfm view: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(text);
        if (match) resolve(match[1]!);
      });
    });
    expect(await (await fetch(url)).text()).toContain("small");
    expect(await (await fetch(`${url}campaigns`)).text()).toContain("<code>kfm campaign report &lt;campaign.yaml&gt;</code> writes one");
    child.kill("SIGINT");
    expect((await done).code).toBe(0);
    const missing = await runKfm(["view", join(root, "nope")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("cannot read results folder");
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  });
});
