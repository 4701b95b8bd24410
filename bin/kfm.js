#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/ (built by `npm install` through the prepare script), bundled
// into dist/bundle/ so a command starts without resolving every module (scripts/bundle.mjs).
import { main } from "../dist/bundle/main.mjs";

// `kfm baselines list | head`: once the reader of our output is gone there is no one to tell
// anything, so the process ends quietly instead of dying on an unhandled EPIPE with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

let settled = false;
// The event loop emptied while main() was still pending: something kfm awaited (a request undici
// dropped, a plugin whose import never settles) can no longer finish. Exiting 0 here would tell a
// CI job that an evaluation succeeded when nothing was done.
process.on("beforeExit", () => {
  if (settled) return;
  settled = true;
  process.stderr.write(
    "kfm: error: the command stopped before finishing: something it waited for (a request, an adapter plugin or an environment) will never answer\n" +
      "  Nothing is reported as done. A run directory it started stays resumable (kfm eval --resume <runDir>); KFM_DEBUG=1 shows more.\n",
  );
  process.exitCode = 1;
});

/**
 * The command is done: end the process once what it wrote has been handed over. An adapter
 * plugin's timer or socket must not keep a finished command alive (a CI job would wait forever,
 * and a later Ctrl-C would kill it by signal instead of the exit code kfm chose).
 */
function exitWhenFlushed(code) {
  process.exitCode = code;
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
}

main(process.argv).then(
  (code) => {
    settled = true;
    exitWhenFlushed(typeof code === "number" ? code : 0);
  },
  (error) => {
    settled = true;
    console.error(error);
    process.exitCode = 1;
  },
);
