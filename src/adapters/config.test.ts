import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KfmError } from "../spec/errors.js";
import { loadConfig } from "./config.js";
import { endpointFromManifest, REDACTED, resolveEndpoint } from "./endpoint.js";
import type { RunManifest } from "../spec/run.js";

async function configFile(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "kfm-config-"));
  await writeFile(join(dir, "kfm.yaml"), text);
  return dir;
}

async function failure(promise: Promise<unknown>): Promise<KfmError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(KfmError.isInstance(error)).toBe(true);
  return error as KfmError;
}

describe("kfm.yaml", () => {
  it("is optional in the working directory", async () => {
    const config = await loadConfig({ cwd: await mkdtemp(join(tmpdir(), "kfm-empty-")) });
    expect(config.endpoints).toEqual({});
  });

  it("reads endpoints and the default", async () => {
    const cwd = await configFile(
      "kfm: config/v1\ndefaultEndpoint: a\nendpoints:\n  a:\n    baseUrl: http://127.0.0.1:1/v1\n    model: m\n    concurrency: 3\n",
    );
    const config = await loadConfig({ cwd });
    expect(config.defaultEndpoint).toBe("a");
    expect(config.endpoints.a).toMatchObject({ adapter: "openai-compatible", concurrency: 3, model: "m" });
  });

  it("names file, line and field path of a bad value", async () => {
    const cwd = await configFile("endpoints:\n  a:\n    baseUrl: http://x/v1\n    concurrency: lots\n");
    const error = await failure(loadConfig({ cwd }));
    expect(error.code).toBe("config");
    expect(error.message).toContain("kfm.yaml:4");
    expect(error.message).toContain("endpoints.a.concurrency");
  });

  it("names the line of a YAML syntax error", async () => {
    const cwd = await configFile("endpoints:\n  a: [unclosed\n");
    const error = await failure(loadConfig({ cwd }));
    expect(error.message).toMatch(/kfm\.yaml:[23]:\d+: YAML syntax error/);
  });

  it("rejects an unknown top-level key", async () => {
    const cwd = await configFile("endpoint:\n  a: {}\n");
    const error = await failure(loadConfig({ cwd }));
    expect(error.message).toContain("kfm.yaml:1");
  });

  it("an endpoint or header named __proto__ is refused naming file, line and key, never dropped", async () => {
    const cwd = await configFile(
      "endpoints:\n  a: { baseUrl: http://x/v1, model: m }\n  __proto__:\n    baseUrl: http://y/v1\n    model: m\n",
    );
    const error = await failure(loadConfig({ cwd }));
    expect(error.code).toBe("config");
    expect(error.message).toContain('kfm.yaml:3 (endpoints.__proto__): endpoint name "__proto__" is reserved; rename it');
    const header = await configFile("endpoints:\n  a:\n    baseUrl: http://x/v1\n    model: m\n    headers: { __proto__: x }\n");
    expect((await failure(loadConfig({ cwd: header }))).message).toContain(
      'kfm.yaml:5 (endpoints.a.headers.__proto__): key "__proto__" is reserved',
    );
  });

  it("an explicit --config that does not exist is an error", async () => {
    const error = await failure(loadConfig({ file: "/nonexistent/kfm.yaml" }));
    expect(error.isUserError).toBe(true);
  });
});

describe("resolveEndpoint", () => {
  const config = {
    file: "kfm.yaml",
    endpoints: {
      team: {
        adapter: "openai-compatible",
        baseUrl: "http://h/v1",
        model: "m",
        apiKeyEnv: "K",
        headers: { "X-Token": "secret-literal", "X-Ref": "${env:TOKEN}" },
      },
    },
  };

  it("an endpoint named like an inherited member (toString) is unknown, not Object.prototype's function", () => {
    expect(() => resolveEndpoint(config, { endpoint: "toString" })).toThrow(/unknown endpoint "toString"/);
  });

  it("a base URL needs a model", () => {
    expect(() => resolveEndpoint({ endpoints: {} }, { endpoint: "http://127.0.0.1:8000/v1" })).toThrow(/--model/);
    const endpoint = resolveEndpoint({ endpoints: {} }, { endpoint: "http://127.0.0.1:8000/v1", model: "q", apiKeyEnv: "KEY" });
    expect(endpoint).toMatchObject({
      adapter: "openai-compatible",
      model: "q",
      baseUrl: "http://127.0.0.1:8000/v1",
      name: "127.0.0.1-8000",
    });
    expect(endpoint.settings.apiKeyEnv).toBe("KEY");
  });

  it("uses the only configured endpoint when none is named, and the simulated one when none is configured", () => {
    expect(resolveEndpoint(config, {}).name).toBe("team");
    expect(resolveEndpoint({ endpoints: {} }, {})).toMatchObject({ name: "sim", adapter: "simulated" });
  });

  it("an unknown name lists the known ones", () => {
    let error: unknown;
    try {
      resolveEndpoint(config, { endpoint: "nope" });
    } catch (caught) {
      error = caught;
    }
    expect((error as KfmError).message).toContain('unknown endpoint "nope"');
    expect((error as KfmError).hint).toContain("team, sim");
  });

  it("records literal header values redacted, env references as they are", () => {
    const endpoint = resolveEndpoint(config, { endpoint: "team" });
    const headers = (endpoint.publicDefinition.settings as { headers: Record<string, string> }).headers;
    expect(headers["X-Token"]).toBe(REDACTED);
    expect(headers["X-Ref"]).toBe("${env:TOKEN}");
    expect(JSON.stringify(endpoint.publicDefinition)).not.toContain("secret-literal");
  });

  it("round-trips through the manifest for --resume", () => {
    const endpoint = resolveEndpoint(config, { endpoint: "team", concurrency: 5 });
    const manifest = {
      endpoint: {
        name: endpoint.name,
        adapter: endpoint.adapter,
        model: endpoint.model,
        baseUrl: endpoint.baseUrl,
        settings: endpoint.publicDefinition,
        concurrency: endpoint.concurrency,
      },
    } as unknown as RunManifest;
    const again = endpointFromManifest(manifest);
    expect(again).toMatchObject({ name: "team", adapter: "openai-compatible", model: "m", concurrency: 5 });
    expect(again.settings.apiKeyEnv).toBe("K");
  });
});
