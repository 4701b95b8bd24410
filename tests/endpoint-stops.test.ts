import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { answerKey } from "../src/app/open-endpoint.js";
import { startSimServer } from "../src/sim/index.js";
import type { RunManifest, RunSummary } from "../src/spec/run.js";
import { loadSuite } from "../src/suite/index.js";
import { runKfm, temporaryDirectory } from "./helpers/cli.js";

/** A server that answers 404 to everything, as a real one does for a base URL without /v1. */
async function notFoundServer(): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    request.resume();
    response.writeHead(404, { "content-type": "application/json" }).end('{"detail":"Not Found"}');
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const readManifest = async (dir: string) => JSON.parse(await readFile(join(dir, "manifest.json"), "utf8")) as RunManifest;

describe("--resume with a corrected endpoint", () => {
  it("a run stopped by a wrong URL resumes against the corrected one, and the manifest records the change", async () => {
    const { server, url } = await notFoundServer();
    const suite = await loadSuite("kmmlu");
    const sim = await startSimServer({ model: "m", answerKey: answerKey(suite.items) });
    try {
      const out = await temporaryDirectory();
      const dir = join(out, "run");
      const first = await runKfm(["eval", "kmmlu", "--endpoint", url, "--model", "m", "--out", out, "--run-id", "run", "--sample", "5"]);
      expect(first.code).toBe(2);
      expect(first.stderr).toContain(`kfm eval --resume ${dir} --endpoint <corrected base URL>`);

      const otherModel = await runKfm(["eval", "--resume", dir, "--endpoint", sim.url, "--model", "other"]);
      expect(otherModel.code).toBe(2);
      expect(otherModel.stderr).toContain('the run was made with model "m", not "other"');

      const resumed = await runKfm(["eval", "--resume", dir, "--endpoint", sim.url, "--json"]);
      expect(resumed.code).toBe(0);
      expect((JSON.parse(resumed.stdout) as RunSummary).done).toBe(5);
      const manifest = await readManifest(dir);
      expect(manifest.endpoint.baseUrl).toBe(sim.url);
      expect(manifest.connectionChanges).toHaveLength(1);
      expect(manifest.connectionChanges![0]!.changed).toEqual({ baseUrl: { from: url, to: sim.url } });
    } finally {
      await sim.close();
      await new Promise((resolve) => server.close(resolve));
    }
  }, 60_000);
});
