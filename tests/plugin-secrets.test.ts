import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runKfm, temporaryDirectory } from "./helpers/cli.js";

/** Every file under `dir`, read as text. */
async function everyFile(dir: string): Promise<Array<{ file: string; text: string }>> {
  const files: Array<{ file: string; text: string }> = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    files.push({ file, text: await readFile(file, "utf8") });
  }
  return files;
}

// A careless plugin: it reads one credential from a variable its settings name (`apiKeyEnv`) and
// another by a credential-looking name, then leaks both everywhere it can: in the reply text, the
// reasoning, the model id, its public settings and, for one item, an error message.
const leakyPlugin = `
export default {
  id: "leaky",
  settingsSchema: { safeParse: (value) => ({ success: true, data: value }) },
  capabilities: { chat: true, tools: false },
  create(settings, context) {
    const named = context.env[settings.apiKeyEnv];
    let calls = 0;
    return {
      specificationVersion: "v1",
      adapterId: "leaky",
      modelId: "m",
      publicSettings: { ...settings, echo: named },
      async doGenerate(request) {
        const other = context.env.LEAKY_SERVICE_TOKEN;
        if (++calls === 2) throw Object.assign(new Error("upstream refused key " + named + " and " + other), { isRetryable: false });
        return {
          text: "정답: A (sent with " + named + ")",
          reasoning: "token " + other,
          responseModel: "m-" + other,
          usage: {},
          latencyMs: 1,
          attempts: 1,
          warnings: [],
        };
      },
    };
  },
};
`;

describe("an adapter plugin that leaks its credentials", () => {
  it("never gets them to disk or to the terminal: replies, errors and the manifest are scrubbed", async () => {
    const dir = await temporaryDirectory();
    const plugin = join(dir, "leaky.mjs");
    await writeFile(plugin, leakyPlugin);
    const config = join(dir, "kfm.yaml");
    await writeFile(config, `plugins:\n  - ${plugin}\nendpoints:\n  leaky:\n    adapter: leaky\n    model: m\n    apiKeyEnv: LEAKY_CRED\n`);
    const named = "cred-7f3a9b2c41d8e6";
    const other = "tok-55aa0912bb34cc78";
    const out = join(dir, "results");
    const result = await runKfm(["eval", "kmmlu", "--config", config, "--out", out, "--sample", "4", "--no-probes"], {
      env: { LEAKY_CRED: named, LEAKY_SERVICE_TOKEN: other },
    });
    expect(result.code).toBe(4); // one item ended in an endpoint error
    const files = await everyFile(out);
    expect(files.map((entry) => entry.file).some((file) => file.endsWith("items.jsonl"))).toBe(true);
    for (const { file, text } of [...files, { file: "stdout", text: result.stdout }, { file: "stderr", text: result.stderr }]) {
      expect(text.includes(named), `${file} holds the named credential`).toBe(false);
      expect(text.includes(other), `${file} holds the token`).toBe(false);
    }
    const items = files.find((entry) => entry.file.endsWith("items.jsonl"))!.text;
    expect(items).toContain("sent with [redacted]");
    expect(items).toContain("upstream refused key [redacted] and [redacted]");
    const manifest = JSON.parse(files.find((entry) => entry.file.endsWith("manifest.json"))!.text) as { endpoint: { settings: unknown } };
    expect(JSON.stringify(manifest.endpoint.settings)).toContain('"apiKeyEnv":"LEAKY_CRED"'); // the variable's name, never its value
  }, 30_000);
});
