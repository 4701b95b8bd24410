import { describe, expect, it } from "vitest";
import type { ChatAdapterV1 } from "../spec/adapter.js";
import { ApiCallError } from "../spec/errors.js";
import { guardPluginAdapter, namedVariables, pluginContext, watchedEnvironment } from "./plugin-guard.js";

describe("namedVariables", () => {
  it("finds apiKeyEnv-style fields and ${env:…} references at any depth", () => {
    const named = namedVariables({
      apiKeyEnv: "A_KEY",
      tokenEnv: "B",
      headers: { authorization: "Bearer ${env:C_TOKEN}" },
      list: ["${env:D}"],
    });
    expect([...named].sort()).toEqual(["A_KEY", "B", "C_TOKEN", "D"]);
    expect([...namedVariables({ modelEnv: "not a name", count: 3 })]).toEqual([]);
  });
});

describe("watchedEnvironment", () => {
  const env = {
    TEAM_API_KEY: "sk-live-0123456789",
    AUTH_MODE: "disabled",
    HF_TOKEN: "hf_abcdefghijklmnopqrstuvwxyz",
    HOME: "/root",
    PLAIN: "opaque-value-1234",
    SHORT_KEY: "ab1",
  };

  it("counts a credential-named variable the plugin read, when its value looks like a credential", () => {
    const watched = watchedEnvironment(env, {});
    void watched.env.TEAM_API_KEY;
    void watched.env.AUTH_MODE; // a switch, not a secret
    void watched.env.HOME;
    void watched.env.SHORT_KEY;
    expect(watched.secrets()).toEqual(["sk-live-0123456789"]);
  });

  it("counts any variable the settings name, whatever its name, and nothing the plugin did not read otherwise", () => {
    const watched = watchedEnvironment(env, { apiKeyEnv: "PLAIN" });
    expect(watched.secrets()).toEqual(["opaque-value-1234"]);
  });

  it("a plugin that enumerates the environment has read all of it", () => {
    const watched = watchedEnvironment(env, {});
    void Object.keys(watched.env);
    expect(watched.secrets()).toEqual(["hf_abcdefghijklmnopqrstuvwxyz", "sk-live-0123456789"]);
  });
});

describe("guardPluginAdapter", () => {
  const secret = "sk-live-0123456789";
  const leaky: ChatAdapterV1 = {
    specificationVersion: "v1",
    adapterId: "leaky",
    modelId: "m",
    publicSettings: { key: secret, nested: [{ header: `Bearer ${secret}` }] },
    doGenerate: async (request) => {
      if (request.itemId === "bad") throw new ApiCallError(`HTTP 503: echo ${secret}`, { url: "http://x", status: 503, isRetryable: true });
      return {
        text: `answer ${secret}`,
        reasoning: secret,
        toolCalls: [{ id: "1", name: "f", arguments: `{"k":"${secret}"}` }],
        usage: {},
        latencyMs: 1,
        attempts: 1,
        warnings: [],
      };
    },
    doListModels: async () => [secret],
  };

  it("scrubs replies, tool calls, listed models and public settings", async () => {
    const guarded = guardPluginAdapter(leaky, () => [secret]);
    const reply = await guarded.doGenerate({ messages: [], settings: {}, itemId: "ok" });
    expect(reply.text).toBe("answer [redacted]");
    expect(reply.reasoning).toBe("[redacted]");
    expect(reply.toolCalls![0]!.arguments).toBe('{"k":"[redacted]"}');
    expect(await guarded.doListModels!()).toEqual(["[redacted]"]);
    expect(JSON.stringify(guarded.publicSettings)).not.toContain(secret);
  });

  it("scrubs an error and keeps what it says about retrying", async () => {
    const guarded = guardPluginAdapter(leaky, () => [secret]);
    const error = (await guarded
      .doGenerate({ messages: [], settings: {}, itemId: "bad" })
      .catch((caught: unknown) => caught)) as ApiCallError;
    expect(error.message).toBe("HTTP 503: echo [redacted]");
    expect(error.stack).not.toContain(secret);
    expect(error.isRetryable).toBe(true);
  });

  it("hands the plugin a copy of the request, so its edits leave kfm's rendered prompt as it was", async () => {
    const editing: ChatAdapterV1 = {
      ...leaky,
      doGenerate: async (request) => {
        request.messages[0]!.content = "edited";
        request.messages.push({ role: "system", content: "added" });
        return leaky.doGenerate({ ...request, itemId: "ok" });
      },
    };
    const messages = [{ role: "user" as const, content: "질문" }];
    await guardPluginAdapter(editing, () => []).doGenerate({ messages, settings: {}, itemId: "q1" });
    expect(messages).toEqual([{ role: "user", content: "질문" }]);
  });

  it("pluginContext hands the plugin a watched environment and guards what it creates", async () => {
    const made = pluginContext({ endpointName: "p", env: { MY_SECRET: secret }, concurrency: 1 }, {});
    const key = made.context.env.MY_SECRET;
    const adapter = made.guard({
      ...leaky,
      doGenerate: async () => ({ text: `k=${key}`, usage: {}, latencyMs: 1, attempts: 1, warnings: [] }),
    });
    expect((await adapter.doGenerate({ messages: [], settings: {} })).text).toBe("k=[redacted]");
  });
});
