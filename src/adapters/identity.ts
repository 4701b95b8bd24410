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

/** A run's closing probes, sent into the slots its last items leave (see `closingProbes`). */
export interface ClosingProbes {
  /** Sends the next probe for a worker left without items while `othersBusy` workers still wait on theirs; undefined when none is left to send or none would overlap. */
  take(othersBusy: number): Promise<unknown> | undefined;
  /**
   * Sends the probes not taken, at once when the endpoint takes that many requests (`concurrency`),
   * else one after another, and settles with the snapshot: answers, models and fingerprints in probe order.
   */
  snapshot(): Promise<IdentitySnapshot>;
}

/**
 * The closing snapshot, its probes sent beside a run's last items: a worker with no item left takes
 * one (`take`) while other workers still wait on their replies, so the endpoint never has more than
 * the run's concurrency in flight and the snapshot's round trip overlaps the run's tail instead of
 * following it. `snapshot()` sends the rest once the run is done.
 */
export function closingProbes(adapter: ChatAdapterV1, signal: AbortSignal | undefined, concurrency: number): ClosingProbes {
  const replies: Array<Promise<ProbeReply>> = [];
  let time: string | undefined;
  const send = (): Promise<ProbeReply> => {
    time ??= new Date().toISOString();
    const reply = askProbe(adapter, IDENTITY_PROBES[replies.length]!, signal);
    reply.catch(() => {}); // awaited in snapshot()
    replies.push(reply);
    return reply;
  };
  return {
    take: (othersBusy) => (othersBusy > 0 && replies.length < IDENTITY_PROBES.length ? send() : undefined),
    async snapshot() {
      if (concurrency >= IDENTITY_PROBES.length - replies.length) while (replies.length < IDENTITY_PROBES.length) send();
      else while (replies.length < IDENTITY_PROBES.length) await send();
      const snapshot = emptySnapshot();
      snapshot.time = time!;
      for (const reply of await Promise.all(replies)) note(snapshot, reply);
      return snapshot;
    },
  };
}

/**
 * The first probe, awaited, and the others under way: a run sends its items beside them once the
 * first is answered, so a rejected key or a wrong address still stops it before any item is sent,
 * and the probes no longer cost the run their round trips before it starts. `rest` settles with the
 * whole snapshot, or rejects as the closing snapshot would.
 */
export async function probeFirst(adapter: ChatAdapterV1, signal?: AbortSignal): Promise<{ rest: Promise<IdentitySnapshot> }> {
  const snapshot = emptySnapshot();
  note(snapshot, await askProbe(adapter, IDENTITY_PROBES[0]!, signal));
  const rest = (async () => {
    for (const probe of IDENTITY_PROBES.slice(1)) note(snapshot, await askProbe(adapter, probe, signal));
    return snapshot;
  })();
  return { rest };
}

function emptySnapshot(): IdentitySnapshot {
  return { time: new Date().toISOString(), models: [], fingerprints: [], answers: [] };
}

type ProbeReply = { text: string; model?: string; fingerprint?: string };

/** One probe's reply; a failure other than a rejected key, a wrong address or an abort is its answer, as `(error: …)`. */
async function askProbe(adapter: ChatAdapterV1, probe: string, signal: AbortSignal | undefined): Promise<ProbeReply> {
  try {
    const result = await adapter.doGenerate(
      { messages: [{ role: "user", content: probe }], settings: { temperature: 0, seed: 0, maxTokens: 64 } },
      signal ? { signal } : {},
    );
    return {
      text: result.text,
      ...(result.responseModel ? { model: result.responseModel } : {}),
      ...(result.fingerprint ? { fingerprint: result.fingerprint } : {}),
    };
  } catch (error) {
    // A rejected key or a wrong address is not an identity question: the run must stop before it starts.
    const failure = error as { isAuthError?: unknown; isAddressError?: unknown; code?: unknown };
    if (failure.isAuthError === true || failure.isAddressError === true || failure.code === "aborted") throw error;
    return { text: `(error: ${(error as Error).message.slice(0, 120)})` };
  }
}

function note(snapshot: IdentitySnapshot, reply: ProbeReply): void {
  snapshot.answers.push(reply.text);
  if (reply.model && !snapshot.models.includes(reply.model)) snapshot.models.push(reply.model);
  if (reply.fingerprint && !snapshot.fingerprints.includes(reply.fingerprint)) snapshot.fingerprints.push(reply.fingerprint);
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
