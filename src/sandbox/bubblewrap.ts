import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable of these names in /usr/bin, then on PATH. */
function findCommand(names: readonly string[]): string | undefined {
  const directories = ["/usr/bin", ...(process.env.PATH ?? "").split(delimiter).filter(Boolean)];
  for (const name of names) for (const directory of directories) if (executable(join(directory, name))) return join(directory, name);
  return undefined;
}

/** bubblewrap's `bwrap`, or undefined when it is not installed. */
export function findBubblewrap(): string | undefined {
  return findCommand(["bwrap"]);
}

/** The system's Python 3 (`/usr/bin/python3` first: a version manager's shim may not run in the sandbox). */
export function findPython(): string | undefined {
  return findCommand(["python3"]);
}

/**
 * The command that starts one program in bubblewrap: the whole root read-only, a fresh /dev and
 * /proc, a private size-limited /tmp as its working folder, every namespace unshared (no network:
 * only a loopback nothing listens on; its own PID namespace, so its processes die with it), no
 * capabilities, killed when kfm dies. When kfm runs as root, bubblewrap itself is started as
 * `nobody` by util-linux's setpriv: a process limit (RLIMIT_NPROC) does not bind root's user, even
 * inside a user namespace, so without it a fork bomb would meet only the wall clock. Without setpriv
 * the program runs as `nobody` inside a user namespace instead (still root's user to the kernel).
 */
export function sandboxCommand(bwrap: string, options: { tmpBytes: number; asRoot: boolean }): string[] {
  const setpriv = options.asRoot ? findCommand(["setpriv"]) : undefined;
  return [
    ...(setpriv ? [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", "--"] : []),
    bwrap,
    "--ro-bind",
    "/",
    "/",
    "--dev",
    "/dev",
    "--proc",
    "/proc",
    "--size",
    String(options.tmpBytes),
    "--tmpfs",
    "/tmp",
    "--chdir",
    "/tmp",
    "--unshare-all",
    ...(options.asRoot && !setpriv ? ["--unshare-user", "--uid", "65534", "--gid", "65534"] : []),
    "--die-with-parent",
    "--cap-drop",
    "ALL",
    "--",
  ];
}
