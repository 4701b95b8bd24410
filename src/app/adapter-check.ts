import type { GenerateResult } from "../spec/adapter.js";
import { adapterRegistry } from "../adapters/index.js";
import { loadConfig } from "./config.js";
import { resolveEndpoint } from "./endpoint.js";
import { loadSuite } from "../suite/index.js";
import { openEndpoint } from "./open-endpoint.js";

export interface AdapterCheckOptions {
  /** Endpoint name from kfm.yaml, `sim`, or a base URL. */
  endpoint?: string;
  model?: string;
  apiKeyEnv?: string;
  configFile?: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Suites to be run on the endpoint: what they need (tool calls, log-probabilities) becomes a required check. */
  suites?: string[];
}

export type CheckStatus = "yes" | "no" | "not supported" | "not checked";

export interface CheckRow {
  check: string;
  status: CheckStatus;
  detail: string;
  /** What the configured suites need: a "no" here fails the check. */
  required: boolean;
}

export interface AdapterCheckResult {
  endpoint: string;
  adapter: string;
  model: string;
  /** Suites whose needs were checked (`--suite`). */
  suites: string[];
  rows: CheckRow[];
  ok: boolean;
}

const LONG_PROMPT = "한국의 사계절에 대해 아주 자세하고 긴 글을 써 주세요. 최소 다섯 문단으로 쓰세요.";

/** The tool-call probe: one tool, a request only it can answer, and the call a tool-capable model makes. */
export const TOOL_PROBE = {
  prompt: "지금 서울은 몇 시인가요? 도구를 사용해서 알려주세요.",
  tool: { name: "get_current_time", description: "도시의 현재 시각을 알려줍니다.", parameters: { type: "object", properties: { city: { type: "string", description: "도시 이름" } }, required: ["city"] } },
  expected: { name: "get_current_time", arguments: { city: "서울" } },
} as const;

/**
 * A conformance run against one endpoint: reachable, authenticated, model listed, chat, the
 * adapter's capabilities, determinism at temperature 0, max_tokens respected, latency p50.
 * It passes when chat works and, with `suites`, whatever those suites need (tool calls, log-probabilities).
 */
export async function adapterCheck(options: AdapterCheckOptions): Promise<AdapterCheckResult> {
  // What the named suites need beyond chat: tool calls (tool-use suites), log-probabilities (log-likelihood scoring).
  const needs = new Set<"tool calls" | "log-probabilities">();
  for (const ref of options.suites ?? []) {
    const suite = await loadSuite(ref, { cwd: options.cwd ?? process.cwd() });
    if (suite.agentic) needs.add("tool calls");
    if (suite.definition.scoring_method === "loglikelihood") needs.add("log-probabilities");
  }
  const config = await loadConfig({ cwd: options.cwd ?? process.cwd(), ...(options.configFile ? { file: options.configFile } : {}) });
  const definition = resolveEndpoint(config, {
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.model ? { model: options.model } : {}),
    ...(options.apiKeyEnv ? { apiKeyEnv: options.apiKeyEnv } : {}),
  });
  // A check should answer quickly: one retry, short backoff (built-in adapters take the setting).
  const settings = adapterRegistry.has(definition.adapter) ? { ...definition.settings, retry: { maxRetries: 1, baseDelayMs: 200, maxDelayMs: 1000 } } : definition.settings;
  const opened = await openEndpoint({ ...definition, settings, concurrency: 2 }, { env: options.env ?? process.env });
  const rows: CheckRow[] = [];
  const latencies: number[] = [];
  const call = async (content: string, maxTokens = 64): Promise<GenerateResult> => {
    const result = await opened.adapter.doGenerate({ messages: [{ role: "user", content }], settings: { temperature: 0, seed: 0, maxTokens } });
    latencies.push(result.latencyMs);
    return result;
  };
  try {
    let first: GenerateResult | undefined;
    try {
      first = await call("대한민국의 수도는 어디입니까? 한 단어로 답하세요.");
      rows.push({ check: "reachable", status: "yes", detail: `${Math.round(first.latencyMs)} ms`, required: true });
      rows.push({ check: "authenticated", status: "yes", detail: definition.settings.apiKeyEnv ? `key from ${String(definition.settings.apiKeyEnv)}` : "no key configured", required: true });
      rows.push({ check: "chat", status: first.text ? "yes" : "no", detail: first.text ? JSON.stringify(first.text.slice(0, 40)) : "empty reply", required: true });
    } catch (error) {
      const auth = (error as { isAuthError?: boolean }).isAuthError === true;
      rows.push({ check: "reachable", status: auth ? "yes" : "no", detail: auth ? "answered 401/403" : (error as Error).message.slice(0, 120), required: true });
      rows.push({ check: "authenticated", status: auth ? "no" : "not checked", detail: auth ? (error as Error).message.slice(0, 160) : "", required: true });
      rows.push({ check: "chat", status: "not checked", detail: "", required: true });
    }
    const listed = opened.adapter.doListModels ? await opened.adapter.doListModels().then((models) => models, (error: unknown) => error as Error) : undefined;
    if (listed === undefined) rows.push({ check: "model listed", status: "not supported", detail: "the protocol has no model list", required: false });
    else if (listed instanceof Error) rows.push({ check: "model listed", status: "no", detail: listed.message.slice(0, 120), required: false });
    else rows.push({ check: "model listed", status: listed.includes(definition.model) ? "yes" : "no", detail: listed.slice(0, 5).join(", ") || "(empty list)", required: false });

    const capabilities = adapterRegistry.get(opened.adapter.adapterId)?.capabilities;
    if (first && capabilities?.tools) {
      // Capable in the adapter is not enough: the model behind the endpoint must make the call.
      const probe = await opened.adapter
        .doGenerate({ messages: [{ role: "user", content: TOOL_PROBE.prompt }], tools: [{ ...TOOL_PROBE.tool, parameters: { ...TOOL_PROBE.tool.parameters } }], settings: { temperature: 0, maxTokens: 256 } })
        .then((result) => result, (error: unknown) => error as Error);
      const made = probe instanceof Error ? undefined : probe.toolCalls?.find((entry) => entry.name === TOOL_PROBE.tool.name);
      let parsed: unknown;
      try {
        parsed = made ? JSON.parse(made.arguments || "{}") : undefined;
      } catch {
        parsed = undefined;
      }
      const status = made && typeof (parsed as { city?: unknown } | undefined)?.city === "string" ? "yes" : "no";
      const detail = probe instanceof Error ? probe.message.slice(0, 120) : made ? `${made.name}(${made.arguments.slice(0, 60)})` : `answered without a call: ${JSON.stringify(probe.text.slice(0, 40))}`;
      rows.push({ check: "tool calls", status, detail, required: false });
    }
    if (first && opened.adapter.doLogLikelihood) {
      // Log-likelihood scoring needs echoed prompt log-probabilities from a completions endpoint.
      const scored = await opened.adapter
        .doLogLikelihood([{ context: "대한민국의 수도는", continuation: " 서울" }, { context: "대한민국의 수도는", continuation: " 부산" }])
        .then((response) => response, (error: unknown) => error as Error);
      const ok = !(scored instanceof Error) && scored.results.every((result) => Number.isFinite(result.logprob));
      const detail = scored instanceof Error ? scored.message.slice(0, 120) : `log P(서울) ${scored.results[0]!.logprob.toFixed(2)}, log P(부산) ${scored.results[1]!.logprob.toFixed(2)}`;
      rows.push({ check: "log-probabilities", status: ok ? "yes" : "no", detail, required: false });
    }
    for (const [check, key] of [["streaming", "streaming"], ["tool calls", "tools"], ["log-probabilities", "logprobs"]] as const) {
      if (key === "tools" && first && capabilities?.tools) continue;
      if (key === "logprobs" && first && opened.adapter.doLogLikelihood) continue;
      rows.push({ check, status: capabilities?.[key] ? "yes" : "not supported", detail: capabilities?.[key] ? `the ${opened.adapter.adapterId} adapter supports it${key === "streaming" ? " (stream: true in kfm.yaml)" : ""}` : `the ${opened.adapter.adapterId} adapter does not support it${key === "tools" ? "; tool-use suites need an adapter that does" : ""}`, required: false });
    }
    if (first) {
      const again = await call("대한민국의 수도는 어디입니까? 한 단어로 답하세요.");
      rows.push({ check: "deterministic at temperature 0", status: again.text === first.text ? "yes" : "no", detail: again.text === first.text ? "same answer twice" : `${JSON.stringify(first.text.slice(0, 30))} vs ${JSON.stringify(again.text.slice(0, 30))}`, required: false });
      const long = await call(LONG_PROMPT, 8);
      const respected = (long.usage.outputTokens !== undefined && long.usage.outputTokens <= 8) || /^(length|max_tokens|MAX_TOKENS)$/.test(long.finishReason ?? "");
      rows.push({ check: "max_tokens respected", status: respected ? "yes" : "no", detail: `asked 8, got ${long.usage.outputTokens ?? "?"} tokens (finish ${long.finishReason ?? "?"})`, required: false });
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    rows.push({ check: "latency p50", status: sorted.length ? "yes" : "not checked", detail: sorted.length ? `${Math.round(sorted[Math.floor((sorted.length - 1) / 2)]!)} ms over ${sorted.length} calls` : "", required: false });
  } finally {
    await opened.close();
  }
  for (const row of rows) if (needs.has(row.check as "tool calls")) row.required = true;
  const ok = rows.filter((row) => row.required).every((row) => row.status === "yes");
  return { endpoint: definition.name, adapter: definition.adapter, model: definition.model, suites: options.suites ?? [], rows, ok };
}
