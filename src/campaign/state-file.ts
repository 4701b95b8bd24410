import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { CampaignState, CellStatus } from "../spec/campaign.js";

export const STATE_FILE = "campaign-state.json";

export function stateFileOf(resultsDir: string): string {
  return join(resultsDir, STATE_FILE);
}

/** The state a previous campaign process left, or undefined when none ran here yet. */
export async function readCampaignState(resultsDir: string): Promise<CampaignState | undefined> {
  try {
    const state = JSON.parse(await readFile(stateFileOf(resultsDir), "utf8")) as CampaignState;
    return state?.kfm === "campaign-state/v1" ? state : undefined;
  } catch {
    // No state yet, or one torn by a crash mid-write (writes are atomic, so only a foreign file): start afresh.
    return undefined;
  }
}

/** A process id that still runs (signal 0 tests without sending anything). */
export function processAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export const cellKey = (team: string, suite: string) => `${team}/${suite}`;

/**
 * `campaign-state.json`, rewritten whole (temp file + rename) each time a cell changes; writes are
 * queued so two teams finishing together never interleave.
 */
export class CampaignStateFile {
  private queue: Promise<void> = Promise.resolve();

  private constructor(
    private readonly resultsDir: string,
    private readonly state: CampaignState,
  ) {}

  static async open(resultsDir: string, campaign: string, suites: string[]): Promise<CampaignStateFile> {
    await mkdir(resultsDir, { recursive: true });
    const previous = await readCampaignState(resultsDir);
    const now = new Date().toISOString();
    const state: CampaignState = {
      kfm: "campaign-state/v1",
      campaign,
      pid: process.pid,
      startedAt: now,
      updatedAt: now,
      suites,
      cells: previous?.cells ?? {},
    };
    const file = new CampaignStateFile(resultsDir, state);
    await file.write();
    return file;
  }

  set(cell: Omit<CellStatus, "action">): Promise<void> {
    this.state.cells[cellKey(cell.team, cell.suite)] = cell;
    return this.write();
  }

  /** The campaign process is done: no pid, so `status` shows nothing as running. */
  close(): Promise<void> {
    delete this.state.pid;
    return this.write();
  }

  private write(): Promise<void> {
    this.queue = this.queue.then(async () => {
      this.state.updatedAt = new Date().toISOString();
      const file = stateFileOf(this.resultsDir);
      const temporary = `${file}.tmp-${process.pid}`;
      await writeFile(temporary, `${JSON.stringify(this.state, null, 2)}\n`);
      await rename(temporary, file);
    });
    return this.queue;
  }
}
