import { readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";

const SHA = /^[0-9a-f]{40}$/;

/**
 * The commit checked out at `root`, read from `root/.git` as git itself resolves HEAD (a loose ref,
 * else `packed-refs`; a worktree's or submodule's `.git` file names its git folder, whose refs may
 * live in the common folder), or undefined. Read from files, not by running `git rev-parse`: no
 * process to start before a run's first item, and kfm installed inside another repository
 * (node_modules) has no `.git` of its own, so it records no revision rather than that repository's.
 */
export async function readGitRevision(root: string): Promise<string | undefined> {
  try {
    let gitDir = join(root, ".git");
    if ((await stat(gitDir)).isFile()) {
      const pointer = /^gitdir:\s*(.+)$/m.exec(await readFile(gitDir, "utf8"));
      if (!pointer) return undefined;
      gitDir = resolve(root, pointer[1]!.trim());
    }
    const head = (await readFile(join(gitDir, "HEAD"), "utf8")).trim();
    if (SHA.test(head)) return head; // detached
    const ref = /^ref:\s*(refs\/\S+)$/.exec(head)?.[1];
    if (!ref) return undefined;
    const common = await readFile(join(gitDir, "commondir"), "utf8").then(
      (text) => resolve(gitDir, text.trim()),
      () => gitDir,
    );
    for (const dir of new Set([gitDir, common])) {
      const loose = await readFile(join(dir, ref), "utf8").then(
        (text) => text.trim(),
        () => undefined,
      );
      if (loose && SHA.test(loose)) return loose;
    }
    const packed = await readFile(join(common, "packed-refs"), "utf8").catch(() => "");
    for (const line of packed.split("\n")) {
      const [sha, name] = line.trim().split(" ");
      if (name === ref && sha && SHA.test(sha)) return sha;
    }
    return undefined;
  } catch {
    return undefined;
  }
}
