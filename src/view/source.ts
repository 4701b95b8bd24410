import type { Leaderboard, LeaderboardSearch } from "../spec/campaign.js";
import type { Comparison } from "../spec/comparison.js";

/** One run as the runs table shows it. */
export interface RunRow {
  /** The run's folder relative to the results folder: the key every page and API call uses. */
  id: string;
  runId: string;
  suite: string;
  benchmark: string;
  endpoint: string;
  model: string;
  /** When the run started (ISO). */
  date: string;
  /** Items selected, and items with a final record. */
  total: number;
  done: number;
  /** How the items were selected when not all of them (`sample 100, seed 0`). */
  selection?: string;
  accuracy: number;
  /** 95% binomial interval of the accuracy over the answered items (the verdict's team interval). */
  interval?: [number, number];
  status: string;
  contentHash: string;
}

/** One item in the list: what a row shows, its position for opening it, and the text a search matches. */
export interface ItemEntry {
  id: string;
  subject: string;
  status: string;
  target: string;
  extracted?: string;
  text: string;
}

/**
 * What the viewer reads, supplied by the caller (app/view.ts wires it to results/, report/ and the
 * compare use case): the viewer itself reads no file and computes no statistic of its own.
 */
export interface ViewSource<Entry extends ItemEntry = ItemEntry> {
  resultsDir: string;
  runs(): Promise<RunRow[]>;
  /** The HTML report's sections for one run, its item browser fed by the given API. */
  runSections(id: string, itemsApi: { list: string; item: string }): Promise<string>;
  /** A key that changes when the run's item log does: the viewer keeps a run's item list while it stays the same. */
  itemsVersion(id: string): Promise<string>;
  /** The run's items in order (the final record of each). */
  items(id: string): Promise<Entry[]>;
  /** One item of `items` in full, as the item browser's detail shows it. */
  item(id: string, entry: Entry): Promise<object>;
  /** kfm compare's numbers for two runs (B − A). */
  compare(a: string, b: string, force: boolean): Promise<Comparison>;
  /** A subject as a reader names it (the report's rule), for the comparison's subject table. */
  subjectName(subject: string): string;
  /** The campaign leaderboards (leaderboard.json) in the results folder, and the files passed over with the reason. */
  leaderboards(): Promise<LeaderboardSearch>;
  /** A leaderboard's ranking, notes and team sections as the report renders them; a run link undefined is shown as text. */
  leaderboardSections(board: Leaderboard, links: { run(runDir: string): string | undefined }): string;
  /** Styles and the item browser's script, served as files so the CSP allows no inline code. */
  assets: { reportStyle: string; itemBrowserScript: string };
}
