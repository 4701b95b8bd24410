import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { builtInSuitesDir, findSuite, listSuites } from "./catalog.js";
import { loadSuite } from "./load.js";

const suite = (id: string) => `kfm: suite/v1\nid: ${id}\nversion: "1"\ntitle: ${id}\n`;

describe("findSuite", () => {
  it("finds every built-in suite where listSuites does", async () => {
    const listed = await listSuites(builtInSuitesDir);
    expect(listed.length).toBeGreaterThan(10);
    for (const entry of listed) expect(await findSuite(entry.id)).toBe(entry.file);
  });

  it("tries <id>/<id>.yaml first, then any file whose id: names it, then every file parsed", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kfm-catalog-"));
    await mkdir(join(dir, "alpha"));
    await mkdir(join(dir, "group"));
    await writeFile(join(dir, "alpha", "alpha.yaml"), suite("alpha"));
    await writeFile(join(dir, "group", "variant.yml"), suite("beta"));
    // An id written as a flow mapping is not on an `id:` line: found by parsing every file.
    await writeFile(join(dir, "group", "odd.yaml"), `{kfm: suite/v1, id: gamma, version: "1", title: gamma}\n`);
    // A usual-place file that names another id is not taken for this one.
    await mkdir(join(dir, "delta"));
    await writeFile(join(dir, "delta", "delta.yaml"), suite("epsilon"));
    expect(await findSuite("alpha", dir)).toBe(join(dir, "alpha", "alpha.yaml"));
    expect(await findSuite("beta", dir)).toBe(join(dir, "group", "variant.yml"));
    expect(await findSuite("gamma", dir)).toBe(join(dir, "group", "odd.yaml"));
    expect(await findSuite("epsilon", dir)).toBe(join(dir, "delta", "delta.yaml"));
    expect(await findSuite("delta", dir)).toBeUndefined();
    expect(await findSuite("..", dir)).toBeUndefined();
  });

  it("takes a usual-place file on its kfm: and id: lines, so the load (not the search) says where it is broken", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kfm-catalog-"));
    await mkdir(join(dir, "broken"));
    await writeFile(join(dir, "broken", "broken.yaml"), `${suite("broken")}prompt: [unclosed\n`);
    expect(await findSuite("broken", dir)).toBe(join(dir, "broken", "broken.yaml"));
    await expect(loadSuite(join(dir, "broken", "broken.yaml"))).rejects.toThrow(/broken\.yaml/);
    // Without its kfm: line it is parsed, and a file of another kind is no suite.
    await mkdir(join(dir, "stage"));
    await writeFile(join(dir, "stage", "stage.yaml"), "kfm: stage/v1\nid: stage\n");
    expect(await findSuite("stage", dir)).toBeUndefined();
  });
});
