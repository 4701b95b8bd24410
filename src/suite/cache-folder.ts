import { mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";

/**
 * Makes the cache folder `dir` and any folder above it that is missing, each level on its own:
 * Node 20's recursive mkdir spins forever under /proc (ENOENT for a path whose parent exists).
 */
export async function makeCacheFolder(dir: string): Promise<void> {
  const levels: string[] = [];
  for (let at = resolve(dir); !levels.includes(at); at = dirname(at)) levels.unshift(at);
  for (const level of levels)
    await mkdir(level).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "EEXIST") throw error;
    });
}
