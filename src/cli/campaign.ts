import { defineCommand } from "./command.js";
import { ExitCode } from "./exit-codes.js";
import { listenForInterrupts } from "./interrupts.js";

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
    const interrupts = listenForInterrupts("items or runs", "run the campaign again to continue");
    try {
      const cells = await campaignRun(file!, {
        stopSignal: interrupts.stop,
        abortSignal: interrupts.abort,
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
      if (interrupts.stop.aborted || cells.some((cell) => cell.state === "partial" || cell.state === "running"))
        return interrupts.stop.aborted ? ExitCode.interrupted : ExitCode.itemErrors;
      if (cells.some((cell) => cell.state === "failed" || cell.state === "missing-data")) return ExitCode.failure;
      return ExitCode.ok;
    } finally {
      interrupts.dispose();
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
