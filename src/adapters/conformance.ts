import type { ChatAdapterV1, GenerateResult } from "../spec/adapter.js";
import type { AdapterCapabilities } from "./define-adapter.js";

export type CheckStatus = "yes" | "no" | "not supported" | "not checked";

export interface CheckRow {
  check: string;
  status: CheckStatus;
  detail: string;
  /** What the configured suites need: a "no" here fails the check. */
  required: boolean;
}

const QUESTION = "대한민국의 수도는 어디입니까? 한 단어로 답하세요.";
const LONG_PROMPT = "한국의 사계절에 대해 아주 자세하고 긴 글을 써 주세요. 최소 다섯 문단으로 쓰세요.";

/** The tool-call probe: one tool, a request only it can answer, and the call a tool-capable model makes. */
export const TOOL_PROBE = {
  prompt: "지금 서울은 몇 시인가요? 도구를 사용해서 알려주세요.",
  tool: {
    name: "get_current_time",
    description: "도시의 현재 시각을 알려줍니다.",
    parameters: { type: "object", properties: { city: { type: "string", description: "도시 이름" } }, required: ["city"] },
  },
  expected: { name: "get_current_time", arguments: { city: "서울" } },
} as const;

/**
 * The conformance checks against an open adapter: reachable, authenticated, chat, model listed,
 * the adapter's capabilities (tool calls and log-probabilities tried on the model), determinism at
 * temperature 0, max_tokens respected, latency p50. Required here means needed for any suite.
 */
export async function conformanceRows(
  adapter: ChatAdapterV1,
  endpoint: { model: string; apiKeyEnv?: unknown; capabilities: AdapterCapabilities | undefined; contextTokens?: unknown },
): Promise<CheckRow[]> {
  const rows: CheckRow[] = [];
  const latencies: number[] = [];
  const call = async (content: string, maxTokens = 64): Promise<GenerateResult> => {
    const result = await adapter.doGenerate({ messages: [{ role: "user", content }], settings: { temperature: 0, seed: 0, maxTokens } });
    latencies.push(result.latencyMs);
    return result;
  };
  const { capabilities } = endpoint;
  const first = await firstCall(call, endpoint.apiKeyEnv, rows);
  rows.push(await modelListed(adapter, endpoint.model));
  rows.push(await contextLength(adapter, typeof endpoint.contextTokens === "number" ? endpoint.contextTokens : undefined));
  if (first && capabilities?.tools) rows.push(await toolCallCheck(adapter));
  if (first && adapter.doLogLikelihood) rows.push(await logProbabilityCheck(adapter));
  for (const [check, key] of [
    ["streaming", "streaming"],
    ["tool calls", "tools"],
    ["log-probabilities", "logprobs"],
  ] as const) {
    if (key === "tools" && first && capabilities?.tools) continue;
    if (key === "logprobs" && first && adapter.doLogLikelihood) continue;
    rows.push({
      check,
      status: capabilities?.[key] ? "yes" : "not supported",
      detail: capabilities?.[key]
        ? `the ${adapter.adapterId} adapter supports it${key === "streaming" ? " (stream: true in kfm.yaml)" : ""}`
        : `the ${adapter.adapterId} adapter does not support it${key === "tools" ? "; tool-use suites need an adapter that does" : ""}`,
      required: false,
    });
  }
  if (first) {
    const again = await call(QUESTION);
    rows.push({
      check: "deterministic at temperature 0",
      status: again.text === first.text ? "yes" : "no",
      detail:
        again.text === first.text
          ? "same answer twice"
          : `${JSON.stringify(first.text.slice(0, 30))} vs ${JSON.stringify(again.text.slice(0, 30))}`,
      required: false,
    });
    const long = await call(LONG_PROMPT, 8);
    const respected =
      (long.usage.outputTokens !== undefined && long.usage.outputTokens <= 8) ||
      /^(length|max_tokens|MAX_TOKENS)$/.test(long.finishReason ?? "");
    rows.push({
      check: "max_tokens respected",
      status: respected ? "yes" : "no",
      detail: `asked 8, got ${long.usage.outputTokens ?? "?"} tokens (finish ${long.finishReason ?? "?"})`,
      required: false,
    });
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  rows.push({
    check: "latency p50",
    status: sorted.length ? "yes" : "not checked",
    detail: sorted.length ? `${Math.round(sorted[Math.floor((sorted.length - 1) / 2)]!)} ms over ${sorted.length} calls` : "",
    required: false,
  });
  return rows;
}

/** The first question: reachable, authenticated and chat, or why not. */
async function firstCall(
  call: (content: string) => Promise<GenerateResult>,
  apiKeyEnv: unknown,
  rows: CheckRow[],
): Promise<GenerateResult | undefined> {
  try {
    const first = await call(QUESTION);
    rows.push({ check: "reachable", status: "yes", detail: `${Math.round(first.latencyMs)} ms`, required: true });
    rows.push({
      check: "authenticated",
      status: "yes",
      detail: apiKeyEnv ? `key from ${String(apiKeyEnv)}` : "no key configured",
      required: true,
    });
    rows.push({
      check: "chat",
      status: first.text ? "yes" : "no",
      detail: first.text ? JSON.stringify(first.text.slice(0, 40)) : "empty reply",
      required: true,
    });
    return first;
  } catch (error) {
    const auth = (error as { isAuthError?: boolean }).isAuthError === true;
    rows.push({
      check: "reachable",
      status: auth ? "yes" : "no",
      detail: auth ? "answered 401/403" : (error as Error).message.slice(0, 120),
      required: true,
    });
    rows.push({
      check: "authenticated",
      status: auth ? "no" : "not checked",
      detail: auth ? (error as Error).message.slice(0, 160) : "",
      required: true,
    });
    rows.push({ check: "chat", status: "not checked", detail: "", required: true });
    return undefined;
  }
}

async function modelListed(adapter: ChatAdapterV1, model: string): Promise<CheckRow> {
  const listed = adapter.doListModels
    ? await adapter.doListModels().then(
        (models) => models,
        (error: unknown) => error as Error,
      )
    : undefined;
  if (listed === undefined)
    return { check: "model listed", status: "not supported", detail: "the protocol has no model list", required: false };
  if (listed instanceof Error) return { check: "model listed", status: "no", detail: listed.message.slice(0, 120), required: false };
  return {
    check: "model listed",
    status: listed.includes(model) ? "yes" : "no",
    detail: listed.slice(0, 5).join(", ") || "(empty list)",
    required: false,
  };
}

/** The model's context length: what the server reports, what kfm.yaml says (`contextTokens`), and what to set. */
export async function contextLength(adapter: ChatAdapterV1, configured: number | undefined): Promise<CheckRow> {
  const reported = adapter.doContextLength ? await adapter.doContextLength().catch(() => undefined) : undefined;
  const row = (status: CheckStatus, detail: string): CheckRow => ({ check: "context length", status, detail, required: false });
  const advice = (tokens: number | string) =>
    `set \`contextTokens: ${tokens}\` on the endpoint in kfm.yaml so kfm fails longer items before sending them`;
  if (reported !== undefined && configured === undefined)
    return row("yes", `${reported} tokens (reported by the server); ${advice(reported)}`);
  if (reported !== undefined && configured !== undefined && configured > reported)
    return row("no", `kfm.yaml says contextTokens: ${configured} but the server reports ${reported}; set contextTokens: ${reported}`);
  if (configured !== undefined)
    return row(
      "yes",
      `${configured} tokens (contextTokens in kfm.yaml${reported !== undefined ? `; the server reports ${reported}` : ""})`,
    );
  return row("not checked", `the server does not report it; ${advice("<tokens>")}`);
}

/** Capable in the adapter is not enough: the model behind the endpoint must make the call. */
async function toolCallCheck(adapter: ChatAdapterV1): Promise<CheckRow> {
  const probe = await adapter
    .doGenerate({
      messages: [{ role: "user", content: TOOL_PROBE.prompt }],
      tools: [{ ...TOOL_PROBE.tool, parameters: { ...TOOL_PROBE.tool.parameters } }],
      settings: { temperature: 0, maxTokens: 256 },
    })
    .then(
      (result) => result,
      (error: unknown) => error as Error,
    );
  const made = probe instanceof Error ? undefined : probe.toolCalls?.find((entry) => entry.name === TOOL_PROBE.tool.name);
  let parsed: unknown;
  try {
    parsed = made ? JSON.parse(made.arguments || "{}") : undefined;
  } catch {
    parsed = undefined;
  }
  const status = made && typeof (parsed as { city?: unknown } | undefined)?.city === "string" ? "yes" : "no";
  const detail =
    probe instanceof Error
      ? probe.message.slice(0, 120)
      : made
        ? `${made.name}(${made.arguments.slice(0, 60)})`
        : `answered without a call: ${JSON.stringify(probe.text.slice(0, 40))}`;
  return { check: "tool calls", status, detail, required: false };
}

/** Log-likelihood scoring needs echoed prompt log-probabilities from a completions endpoint. */
async function logProbabilityCheck(adapter: ChatAdapterV1): Promise<CheckRow> {
  const scored = await adapter.doLogLikelihood!([
    { context: "대한민국의 수도는", continuation: " 서울" },
    { context: "대한민국의 수도는", continuation: " 부산" },
  ]).then(
    (response) => response,
    (error: unknown) => error as Error,
  );
  const ok = !(scored instanceof Error) && scored.results.every((result) => Number.isFinite(result.logprob));
  const detail =
    scored instanceof Error
      ? scored.message.slice(0, 120)
      : `log P(서울) ${scored.results[0]!.logprob.toFixed(2)}, log P(부산) ${scored.results[1]!.logprob.toFixed(2)}`;
  return { check: "log-probabilities", status: ok ? "yes" : "no", detail, required: false };
}
