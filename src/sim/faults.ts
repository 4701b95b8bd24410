import type { SimSettings } from "./options.js";
import { uniform } from "./random.js";

export type Fault = "429" | "500" | "502" | "503" | "reset" | "timeout" | "malformed";

/** Draws the fault (if any) for request number `counter`: per request, so a retry can succeed. */
export function drawFault(faults: SimSettings["faults"], seed: number, counter: number): Fault | undefined {
  const value = uniform(seed, `fault\u0000${counter}`);
  const table: Array<[Fault, number]> = [
    ["429", faults.rate429],
    ["500", faults.rate500],
    ["502", faults.rate502],
    ["503", faults.rate503],
    ["reset", faults.rateReset],
    ["timeout", faults.rateTimeout],
    ["malformed", faults.rateMalformed],
  ];
  let edge = 0;
  for (const [fault, rate] of table) {
    edge += rate;
    if (value < edge) return fault;
  }
  return undefined;
}
