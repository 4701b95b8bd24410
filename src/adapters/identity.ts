import type { ChatAdapterV1 } from "../spec/adapter.js";
import type { EndpointIdentity, IdentitySnapshot } from "../spec/run.js";

/**
 * Fixed probes sent at the start and end of every run, deterministically (temperature 0, seed 0,
 * short). If the endpoint's reported model, its fingerprint or its probe answers change, the run
 * is flagged: an evaluator must be able to tell when a submitted endpoint was swapped mid-run.
 */
export const IDENTITY_PROBES = [
  "다음 문장을 그대로 따라 쓰세요: 하늘이 맑고 바람이 분다.",
  "17 곱하기 23은 얼마입니까? 숫자만 답하세요.",
  "대한민국의 수도는 어디입니까? 한 단어로 답하세요.",
];

export async function probeIdentity(adapter: ChatAdapterV1, signal?: AbortSignal): Promise<IdentitySnapshot> {
  return (await probeFirst(adapter, signal)).rest;
}

/**
 * The first probe, awaited, and the others under way: a run sends its items beside them once the
 * first is answered, so a rejected key or a wrong address still stops it before any item is sent,
 * and the probes no longer cost the run their round trips before it starts. `rest` settles with the
 * whole snapshot, or rejects as `probeIdentity` would.
 */
export async function probeFirst(adapter: ChatAdapterV1, signal?: AbortSignal): Promise<{ rest: Promise<IdentitySnapshot> }> {
  const snapshot: IdentitySnapshot = { time: new Date().toISOString(), models: [], fingerprints: [], answers: [] };
  await probeOnce(adapter, IDENTITY_PROBES[0]!, snapshot, signal);
  const rest = (async () => {
    for (const probe of IDENTITY_PROBES.slice(1)) await probeOnce(adapter, probe, snapshot, signal);
    return snapshot;
  })();
  return { rest };
}

async function probeOnce(adapter: ChatAdapterV1, probe: string, snapshot: IdentitySnapshot, signal: AbortSignal | undefined) {
  try {
    const result = await adapter.doGenerate(
      { messages: [{ role: "user", content: probe }], settings: { temperature: 0, seed: 0, maxTokens: 64 } },
      signal ? { signal } : {},
    );
    snapshot.answers.push(result.text);
    if (result.responseModel && !snapshot.models.includes(result.responseModel)) snapshot.models.push(result.responseModel);
    if (result.fingerprint && !snapshot.fingerprints.includes(result.fingerprint)) snapshot.fingerprints.push(result.fingerprint);
  } catch (error) {
    // A rejected key or a wrong address is not an identity question: the run must stop before it starts.
    const failure = error as { isAuthError?: unknown; isAddressError?: unknown; code?: unknown };
    if (failure.isAuthError === true || failure.isAddressError === true || failure.code === "aborted") throw error;
    snapshot.answers.push(`(error: ${(error as Error).message.slice(0, 120)})`);
  }
}

/** Compares the two snapshots; a failed probe on either side is not counted as a change. */
export function compareIdentity(identity: EndpointIdentity): EndpointIdentity {
  const { start, end } = identity;
  if (!start || !end) return identity;
  const reasons: string[] = [];
  if (start.models.join() !== end.models.join())
    reasons.push(`reported model changed: ${start.models.join(", ") || "-"} -> ${end.models.join(", ") || "-"}`);
  if (start.fingerprints.join() !== end.fingerprints.join())
    reasons.push(`fingerprint changed: ${start.fingerprints.join(", ") || "-"} -> ${end.fingerprints.join(", ") || "-"}`);
  start.answers.forEach((answer, index) => {
    const later = end.answers[index];
    if (later === undefined || answer.startsWith("(error") || later.startsWith("(error")) return;
    if (answer !== later) reasons.push(`probe ${index + 1} answered differently at temperature 0`);
  });
  return { ...identity, changed: reasons.length > 0, reasons };
}
