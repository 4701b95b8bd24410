import { mkdtemp, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KfmError } from "../spec/errors.js";
import { createRunDirectory, runDirectoryPossible } from "./run-directory.js";

describe("createRunDirectory", () => {
  it("makes the missing folders above the run, one level at a time", async () => {
    const root = await mkdtemp(join(tmpdir(), "kfm-run-dir-"));
    const paths = await createRunDirectory(join(root, "a", "b", "results"), "run");
    expect((await stat(paths.dir)).isDirectory()).toBe(true);
    expect(await runDirectoryPossible(join(root, "a", "b", "results"), "run")).toBe(false);
    expect(await runDirectoryPossible(join(root, "a", "b", "results"), "other")).toBe(true);
  });

  it("says a folder that cannot be made cannot be written, where Node's recursive mkdir would spin forever (/proc)", async () => {
    const error = await createRunDirectory("/proc/kfm-no-such/results", "run").catch((caught: unknown) => caught);
    expect(KfmError.isInstance(error)).toBe(true);
    expect((error as KfmError).message).toContain("cannot be written");
  });
});
