import { open, readFile, unlink } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { KfmError } from "../spec/errors.js";

export const LOCK_FILE = "kfm.lock";

/** Who holds a run directory: written into `kfm.lock` while a run or resume is going. */
export interface LockHolder {
  pid: number;
  host: string;
  since: string;
}

export interface RunLock {
  release(): Promise<void>;
}

/** Whether a process with this id runs on this machine (EPERM: it does, as another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Takes the run directory for this process, so two `kfm eval --resume` on one run never both send
 * the remaining items (double cost). The lock file is created exclusively; one left by a process
 * that is gone (killed, crashed) on this host is stale and taken over. One held by a live process,
 * or by another host (which kfm cannot check), is refused, naming the holder.
 */
export async function lockRunDirectory(dir: string): Promise<RunLock> {
  const file = join(dir, LOCK_FILE);
  const me: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(file, "wx");
      await handle.writeFile(`${JSON.stringify(me)}\n`);
      await handle.close();
      let released = false;
      return {
        release: async () => {
          if (released) return;
          released = true;
          await unlink(file).catch(() => {});
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = await readHolder(file);
    // A lock file being written this instant reads as empty: look again.
    if (holder === undefined) continue;
    if (holder.host === me.host && !alive(holder.pid)) {
      await unlink(file).catch(() => {});
      continue;
    }
    throw new KfmError("usage", `run directory ${dir} is in use by kfm process ${holder.pid} on ${holder.host} (since ${holder.since})`, {
      hint:
        holder.host === me.host
          ? "Wait for it to finish or stop it (Ctrl-C); a second run on the same directory would send every remaining item twice."
          : `kfm cannot check a process on another host: if that run is over (its machine went down), delete ${file} and resume again.`,
    });
  }
  throw new KfmError("usage", `run directory ${dir}: cannot take ${file}`, {
    hint: `Check who writes to it; delete it if no kfm runs there.`,
  });
}

/** Runs `work` holding the lock of every directory named (in order), and releases them however it ends. */
export async function withRunLocks<T>(dirs: readonly string[], work: () => Promise<T>): Promise<T> {
  const locks: RunLock[] = [];
  try {
    for (const dir of dirs) locks.push(await lockRunDirectory(dir));
    return await work();
  } finally {
    for (const lock of locks.reverse()) await lock.release();
  }
}

/**
 * Refuses shards a live kfm still writes (`kfm merge` of a shard being run or resumed would miss its
 * last items). The shards are only read, so no lock is taken there: they may sit on read-only storage.
 */
export async function refuseRunningShards(dirs: readonly string[]): Promise<void> {
  for (const dir of dirs) {
    const file = join(dir, LOCK_FILE);
    const holder = await readHolder(file);
    if (holder === undefined || (holder.host === hostname() && !alive(holder.pid))) continue;
    throw new KfmError("usage", `shard ${dir} is still running: kfm process ${holder.pid} on ${holder.host} (since ${holder.since})`, {
      hint:
        holder.host === hostname()
          ? "Merge once it has finished (or stop it, and merge with --allow-partial)."
          : `kfm cannot check a process on another host: if that run is over, delete ${file} and merge again.`,
    });
  }
}

async function readHolder(file: string): Promise<LockHolder | undefined> {
  try {
    const holder = JSON.parse(await readFile(file, "utf8")) as Partial<LockHolder>;
    if (typeof holder.pid === "number" && typeof holder.host === "string") return { since: "?", ...holder } as LockHolder;
  } catch {
    // Unreadable or half-written: treated as being written.
  }
  return undefined;
}
