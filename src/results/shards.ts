import { KfmError } from "../spec/errors.js";
import type { RunManifest } from "../spec/run.js";

/** What must be equal across shards for their union to be one run. */
function identity(manifest: RunManifest): Record<string, unknown> {
  const { shard: _shard, total: _total, ...selection } = manifest.selection;
  return {
    suite: { id: manifest.suite.id, version: manifest.suite.version, contentHash: manifest.suite.contentHash },
    endpoint: {
      name: manifest.endpoint.name,
      adapter: manifest.endpoint.adapter,
      model: manifest.endpoint.model,
      settings: manifest.endpoint.settings,
    },
    generation: manifest.generation,
    scorer: manifest.scorer,
    selection,
    shardCount: manifest.selection.shard?.count ?? 1,
  };
}

function describeDifference(a: unknown, b: unknown, path = ""): string | undefined {
  if (JSON.stringify(a) === JSON.stringify(b)) return undefined;
  if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b as object)])) {
      const found = describeDifference(
        (a as Record<string, unknown>)[key],
        (b as Record<string, unknown>)[key],
        path ? `${path}.${key}` : key,
      );
      if (found) return found;
    }
  }
  return `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
}

/**
 * Refuses manifests that are not shards of one evaluation, or a shard given twice; returns the
 * missing shard indexes (refused too, unless a partial merge is allowed).
 */
export function checkShards(runDirs: string[], manifests: RunManifest[], allowPartial: boolean): number[] {
  const reference = identity(manifests[0]!);
  manifests.forEach((manifest, index) => {
    const difference = describeDifference(reference, identity(manifest));
    if (difference) {
      throw new KfmError("usage", `${runDirs[index]} is not a shard of the same evaluation as ${runDirs[0]}: ${difference}`, {
        hint: "Merge only shards run with the same suite, data, endpoint, scorer and selection.",
      });
    }
  });
  const count = manifests[0]!.selection.shard?.count ?? 1;
  const seen = new Map<number, string>();
  for (const [index, manifest] of manifests.entries()) {
    const shard = manifest.selection.shard?.index ?? 0;
    if (seen.has(shard)) throw new KfmError("usage", `shard ${shard}/${count} appears twice: ${seen.get(shard)} and ${runDirs[index]}`);
    seen.set(shard, runDirs[index]!);
  }
  const missing = Array.from({ length: count }, (_, shard) => shard).filter((shard) => !seen.has(shard));
  if (missing.length > 0 && !allowPartial) {
    throw new KfmError("usage", `shards ${missing.map((shard) => `${shard}/${count}`).join(", ")} are missing`, {
      hint: "Gather every shard, or pass --allow-partial.",
    });
  }
  return missing;
}
