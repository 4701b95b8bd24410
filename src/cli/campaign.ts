import { defineCommand } from "./command.js";
import { ExitCode } from "./exit-codes.js";

/** Seconds in-flight requests get to finish after the first Ctrl-C (as `kfm eval`). */
const GRACE_SECONDS = 10;

const fileArgument = [{ syntax: "<file>", description: "campaign file (kfm: campaign/v1 YAML)" }];

const runCommand = defineCommand<{ json?: boolean }>({
  name: "run",
  description: "Evaluate every team on every suite, teams side by side; run it again to continue after Ctrl-C or a crash.",
  arguments: fileArgument,
  options: { json: { flags: "--json", description: "print the cells' final states as JSON" } },
  async action([file], { json = false }) {
    const [{ campaignRun, campaignStatus }, { renderCampaignStatus }] = await Promise.all([
      import("../app/campaign.js"),
      import("../report/leaderboard.js"),
    ]);
    const stop = new AbortController();
    const abort = new AbortController();
    let interrupts = 0;
    const onInterrupt = () => {
      interrupts++;
      if (interrupts === 1) {
        process.stderr.write(
          `\nkfm: stopping: no new items or runs; waiting up to ${GRACE_SECONDS}s for requests in flight (Ctrl-C again to stop now)\n`,
        );
        stop.abort();
        setTimeout(() => abort.abort(), GRACE_SECONDS * 1000).unref();
      } else abort.abort();
    };
    process.on("SIGINT", onInterrupt);
    process.on("SIGTERM", onInterrupt);
    try {
      const cells = await campaignRun(file!, {
        stopSignal: stop.signal,
        abortSignal: abort.signal,
        onNote: (team, message) => {
          if (!json) process.stderr.write(`kfm: [${team}] ${message}\n`);
        },
        onCell: (cell) => {
          if (!json && cell.state !== "running")
            process.stderr.write(
              `kfm: [${cell.team}] ${cell.suite}: ${cell.state}${cell.total !== undefined ? ` (${cell.done}/${cell.total})` : ""}${cell.problem ? `: ${cell.problem.message}` : ""}\n`,
            );
        },
      });
      const status = await campaignStatus(file!);
      process.stdout.write(json ? `${JSON.stringify(cells, null, 2)}\n` : `${renderCampaignStatus(status)}\n`);
      if (stop.signal.aborted || cells.some((cell) => cell.state === "partial" || cell.state === "running"))
        return stop.signal.aborted ? ExitCode.interrupted : ExitCode.itemErrors;
      if (cells.some((cell) => cell.state === "failed" || cell.state === "missing-data")) return ExitCode.failure;
      return ExitCode.ok;
    } finally {
      process.off("SIGINT", onInterrupt);
      process.off("SIGTERM", onInterrupt);
    }
  },
});

const statusCommand = defineCommand<{ json?: boolean }>({
  name: "status",
  description: "The matrix team × suite (done / running / partial / failed / missing data) and what to do about each cell left.",
  arguments: fileArgument,
  options: { json: { flags: "--json", description: "print the status as JSON" } },
  async action([file], { json = false }) {
    const [{ campaignStatus }, { renderCampaignStatus }] = await Promise.all([
      import("../app/campaign.js"),
      import("../report/leaderboard.js"),
    ]);
    const status = await campaignStatus(file!);
    process.stdout.write(json ? `${JSON.stringify(status, null, 2)}\n` : `${renderCampaignStatus(status)}\n`);
    return status.cells.every((cell) => cell.state === "done") ? ExitCode.ok : ExitCode.inconclusive;
  },
});

const reportCommand = defineCommand<{ json?: boolean }>({
  name: "report",
  description: "Write the leaderboard (leaderboard.json, .md, .html) and each team's verdict.json into the results folder.",
  arguments: fileArgument,
  options: { json: { flags: "--json", description: "print the leaderboard as JSON" } },
  async action([file], { json = false }) {
    const [{ campaignLeaderboard, openCampaign }, report, { writeLeaderboardFiles }] = await Promise.all([
      import("../app/campaign.js"),
      import("../report/leaderboard.js"),
      import("../campaign/index.js"),
    ]);
    const { campaign } = await openCampaign(file!);
    const { leaderboard, verdicts } = await campaignLeaderboard(file!);
    const written = await writeLeaderboardFiles(
      campaign.resultsDir,
      { json: leaderboard, markdown: report.leaderboardMarkdown(leaderboard), html: report.leaderboardHtml(leaderboard) },
      verdicts,
    );
    if (json) process.stdout.write(`${JSON.stringify(leaderboard, null, 2)}\n`);
    else process.stdout.write(`${report.renderLeaderboard(leaderboard)}\n\nwritten: ${written.join(", ")}\n`);
    return leaderboard.provisional ? ExitCode.inconclusive : ExitCode.ok;
  },
});

export const campaignCommand = defineCommand({
  name: "campaign",
  description: "A stage review in one command: every team on every suite, the status matrix, the leaderboard with the cut line.",
  commands: [runCommand, statusCommand, reportCommand],
});
