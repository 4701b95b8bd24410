import { readFileSync } from "node:fs";

/**
 * One of scoring/data/'s tables (Punkt's English model, syllapy's word list), read and parsed on
 * first use instead of compiled into every command's start (~280 KB of the modules `kfm eval`
 * loads before its first request). Found one folder up from this module, then `scoring/data/`:
 * from src/scoring/ and dist/scoring/ as from the CLI's bundle in dist/bundle/.
 */
export function readScoringData(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../scoring/data/${name}`, import.meta.url), "utf8"));
}
