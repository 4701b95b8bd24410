import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadSuite } from "../suite/index.js";
import { checkSuite } from "./check-suite.js";

const aimeFolder = fileURLToPath(new URL("../../suites/aime", import.meta.url));

/** A copy of the AIME suite with `extra` lines appended to its YAML. */
async function aimeWith(extra: string): Promise<string> {
  const folder = join(await mkdtemp(join(tmpdir(), "kfm-headline-")), "aime");
  await cp(aimeFolder, folder, { recursive: true });
  const file = join(folder, "aime2025.yaml");
  await writeFile(file, `${await readFile(file, "utf8")}${extra}\n`);
  return file;
}

describe("checkSuite: headline", () => {
  it("refuses a headline the suite's scorer does not give per item, naming the line and field", async () => {
    const suite = await loadSuite(await aimeWith("headline: prompt_loose"), { index: true });
    expect(() => checkSuite(suite)).toThrow(
      /aime2025\.yaml:\d+ \(headline\): headline prompt_loose is not a number scorer boxed-integer gives per item/,
    );
  });

  it("accepts accuracy with any scorer", async () => {
    const suite = await loadSuite(await aimeWith("headline: accuracy"), { index: true });
    expect(() => checkSuite(suite)).not.toThrow();
    expect(suite.definition.headline).toBe("accuracy");
  });
});
