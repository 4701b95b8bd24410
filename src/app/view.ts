import { stat } from "node:fs/promises";
import { itemViewOf } from "../report/item-view.js";
import { readableSubject } from "../report/subject-names.js";
import { ITEM_BROWSER_SCRIPT } from "../report/item-browser.js";
import { REPORT_STYLE, renderReportSections } from "../report/html.js";
import { leaderboardSections } from "../report/leaderboard.js";
import { findLeaderboards } from "../campaign/index.js";
import { indexItemLog, listRunDirs, listRuns, readRecordAt, runPaths, summarySoFar, type IndexedRecord } from "../results/index.js";
import { scorers } from "../scoring/index.js";
import { KfmError } from "../spec/errors.js";
import { runRowOf, startViewServer, type ViewServer } from "../view/index.js";
import { compare } from "./compare.js";
import { runSuite, type SuiteCache } from "../suite/index.js";
import { buildReport } from "./report.js";

export interface ViewOptions {
  /** Folder of run directories (searched three levels down). */
  resultsDir: string;
  /** 0 picks any free port. */
  port?: number;
}

/** `kfm view`: the local viewer over a results folder, wired to the run directories, the report and kfm compare. */
export async function view(options: ViewOptions): Promise<ViewServer> {
  const { resultsDir } = options;
  await listRuns(resultsDir); // a folder that cannot be read is the user's mistake, said before the server starts
  const suites: SuiteCache = new Map();
  const runOf = async (id: string) => {
    const run = (await listRunDirs(resultsDir)).find((candidate) => candidate.id === id);
    if (!run) throw new KfmError("usage", `no run ${id} in ${resultsDir}`);
    return run;
  };
  const dirOf = async (id: string) => (await runOf(id)).dir;
  return startViewServer<IndexedRecord>({
    port: options.port,
    source: {
      resultsDir,
      // A run still going (or stopped before its end) is listed with its numbers so far.
      runs: async () =>
        Promise.all(
          (await listRunDirs(resultsDir)).map(async (run) =>
            runRowOf(
              run.id,
              run.manifest,
              run.summary ?? (await summarySoFar(run.dir, run.manifest, scorers.metricsOf(run.manifest.scorer.id))),
            ),
          ),
        ),
      runSections: async (id, itemsApi) =>
        renderReportSections(await buildReport({ runDirs: [await dirOf(id)], items: "none", suites, soFar: true }), { itemsApi }),
      itemsVersion: async (id) => {
        const info = await stat(runPaths(await dirOf(id)).items).catch(() => undefined);
        return info ? `${info.size}:${info.mtimeMs}` : "none";
      },
      items: async (id) => indexItemLog(runPaths(await dirOf(id)).items),
      item: async (id, entry) => {
        const run = await runOf(id);
        const record = await readRecordAt(runPaths(run.dir).items, entry.offset, entry.length);
        return itemViewOf(record, (await runSuite(run.manifest, suites)).promptOf(record.id));
      },
      compare: async (a, b, force) => compare({ runA: await dirOf(a), runB: await dirOf(b), force }),
      leaderboards: () => findLeaderboards(resultsDir),
      leaderboardSections,
      subjectName: readableSubject,
      assets: { reportStyle: REPORT_STYLE, itemBrowserScript: ITEM_BROWSER_SCRIPT },
    },
  });
}
