import { KfmError } from "../spec/errors.js";
import { closest } from "./benchmarks.js";
import type { Registry } from "./registry.js";

/**
 * The registry as a stage that counts only some vendors sees it: their global models' entries and
 * releases (the teams' own, non-global entries stay, as they never set the bar). A vendor the
 * registry does not know is an error with the closest names: a typo must not empty the bar.
 */
export function forVendors(registry: Registry, vendors: readonly string[], where: string): Registry {
  const known = [
    ...new Set([...registry.entries.map((entry) => entry.vendor), ...(registry.calendar?.releases ?? []).map((release) => release.vendor)]),
  ].sort();
  for (const vendor of vendors) {
    if (!known.includes(vendor)) {
      const near = closest(vendor, known);
      throw new KfmError("usage", `${where}: unknown vendor "${vendor}"${near.length ? ` (did you mean ${near.join(" or ")}?)` : ""}`, {
        hint: `Vendors in the registry: ${known.join(", ")}.`,
      });
    }
  }
  const counted = new Set(vendors);
  return {
    ...registry,
    entries: registry.entries.filter((entry) => !entry.global || counted.has(entry.vendor)),
    ...(registry.calendar
      ? { calendar: { ...registry.calendar, releases: registry.calendar.releases.filter((release) => counted.has(release.vendor)) } }
      : {}),
  };
}
