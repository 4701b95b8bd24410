import { KfmError } from "../spec/errors.js";
import type { ItemRecord } from "../spec/record.js";
import type { RunManifest } from "../spec/run.js";
import { estimateCost } from "./summary.js";

/**
 * `--max-cost`: a callback fed each finished record that calls `onReached` once the tokens spent
 * this session reach the budget under the endpoint's price table (nothing without one).
 */
export function costGuard(
  maxCost: number | undefined,
  price: RunManifest["endpoint"]["price"],
  onReached: () => void,
): (record: ItemRecord) => void {
  if (maxCost === undefined || !price) return () => {};
  const spent = { input: 0, output: 0, reasoning: 0 };
  let reached = false;
  return (record) => {
    spent.input += record.usage?.inputTokens ?? 0;
    spent.output += record.usage?.outputTokens ?? 0;
    spent.reasoning += record.usage?.reasoningTokens ?? 0;
    if (!reached && estimateCost(spent, price) >= maxCost) {
      reached = true;
      onReached();
    }
  };
}

/** `--max-cost` needs the endpoint's price table: without one there is nothing to count against. */
export function requirePrice(maxCost: number | undefined, price: unknown, endpointName: string): void {
  if (maxCost !== undefined && !price) {
    throw new KfmError("usage", `--max-cost needs a price table for endpoint "${endpointName}"`, {
      hint: "Add price: { input: <per 1M tokens>, output: <per 1M tokens> } to the endpoint in kfm.yaml.",
    });
  }
}
