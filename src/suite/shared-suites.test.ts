import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { builtInSuitesDir } from "./catalog.js";
import { SharedSuites } from "./shared-suites.js";

describe("SharedSuites", () => {
  it("loads a suite once for every run that asks for it, by id or by path", async () => {
    const shared = new SharedSuites();
    const [first, second] = await Promise.all([shared.load("hrm8k", { index: true }), shared.load("hrm8k", { index: true })]);
    expect(second).toBe(first);
    expect(await shared.load(first.file, { index: true })).toBe(first);
    // Another window or data folder is another load.
    expect(await shared.load("hrm8k", { index: true, dataDir: tmpdir() })).not.toBe(first);
  });

  it("forgets a failed load, so a later run loads the suite again", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kfm-shared-"));
    await cp(join(builtInSuitesDir, "hrm8k"), dir, { recursive: true });
    const suiteFile = join(dir, "hrm8k.yaml");
    const good = await readFile(suiteFile, "utf8");
    await writeFile(suiteFile, "kfm: suite/v1\nid: [broken\n");
    const shared = new SharedSuites();
    await expect(shared.load(suiteFile, { index: true })).rejects.toThrow();
    await writeFile(suiteFile, good);
    expect((await shared.load(suiteFile, { index: true })).definition.id).toBe("hrm8k");
  });
});
