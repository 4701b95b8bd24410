import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readGitRevision } from "./git-revision.js";

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@e", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@e" },
  }).trim();

describe("readGitRevision", () => {
  it("reads HEAD as git does: a loose ref, a packed one, a detached HEAD and a worktree's", async () => {
    const root = await mkdtemp(join(tmpdir(), "kfm-git-"));
    git(root, "init", "-q", "-b", "main");
    await writeFile(join(root, "a.txt"), "a");
    git(root, "add", "a.txt");
    git(root, "commit", "-q", "-m", "one");
    expect(await readGitRevision(root)).toBe(git(root, "rev-parse", "HEAD"));
    git(root, "pack-refs", "--all"); // the ref now lives in packed-refs only
    expect(await readGitRevision(root)).toBe(git(root, "rev-parse", "HEAD"));
    await writeFile(join(root, "a.txt"), "b");
    git(root, "commit", "-q", "-am", "two");
    const worktree = join(root, "..", `${join(root).split("/").pop()}-wt`);
    git(root, "worktree", "add", "-q", worktree, "HEAD~1");
    try {
      expect(await readGitRevision(worktree)).toBe(git(worktree, "rev-parse", "HEAD"));
      expect(await readGitRevision(worktree)).not.toBe(await readGitRevision(root));
      git(root, "checkout", "-q", "--detach", "HEAD");
      expect(await readGitRevision(root)).toBe(git(root, "rev-parse", "HEAD"));
    } finally {
      await rm(worktree, { recursive: true, force: true });
    }
  });

  it("is undefined for a folder inside another repository (kfm installed in node_modules), not that repository's HEAD", async () => {
    const root = await mkdtemp(join(tmpdir(), "kfm-git-"));
    git(root, "init", "-q");
    await writeFile(join(root, "a.txt"), "a");
    git(root, "add", "a.txt");
    git(root, "commit", "-q", "-m", "one");
    const installed = join(root, "node_modules", "kfm");
    await mkdir(installed, { recursive: true });
    expect(await readGitRevision(installed)).toBeUndefined();
    await writeFile(join(installed, ".git"), "not a pointer\n");
    expect(await readGitRevision(installed)).toBeUndefined();
  });
});
