import { escapeHtml } from "../spec/escape-html.js";

export { escapeHtml };

export const percent = (fraction: number, digits = 1) => `${(100 * fraction).toFixed(digits)}%`;

/** A page of the viewer: its own style sheets and scripts only (the server's CSP allows nothing inline). */
export function layout(title: string, body: string, options: { scripts?: string[]; reportStyle?: boolean } = {}): string {
  return `<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><link rel="icon" href="data:,">
${options.reportStyle ? '<link rel="stylesheet" href="/assets/report.css">' : ""}<link rel="stylesheet" href="/assets/view.css"></head>
<body><nav><a href="/" class="brand">kfm view</a><a href="/">Runs</a><a href="/campaigns">Campaigns</a></nav>
<main>${body}</main>
${(options.scripts ?? []).map((script) => `<script src="/assets/${script}"></script>`).join("\n")}
</body></html>
`;
}
