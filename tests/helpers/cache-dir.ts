// Vitest's global setup: the suite index cache of every test (and every kfm process a test spawns) is a
// folder of this run's own, removed when the run ends, never the user's ~/.cache/kfm.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), "kfm-test-cache-"));
  process.env.KFM_CACHE_DIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
