/** Exit codes kfm promises to scripts and CI jobs; documented in the README. */
export const ExitCode = {
  ok: 0,
  /** Verdict FAIL, a significant regression, or an unexpected internal error. */
  failure: 1,
  /** Bad flag, bad config, bad suite: fix the input and run again. */
  usage: 2,
  /** Verdict INCONCLUSIVE: more items are needed to decide. */
  inconclusive: 3,
  /** The run finished but some items ended in an endpoint error; `--resume` retries them. */
  itemErrors: 4,
  /** A run's files could not be written (no space left, I/O error); what was written is kept, `--resume` continues. */
  storage: 5,
  /** Interrupted (Ctrl-C); the run directory is resumable. */
  interrupted: 130,
} as const;
