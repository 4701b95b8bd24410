import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { posix } from "node:path";
import type { Comparison } from "../spec/comparison.js";
import { KfmError } from "../spec/errors.js";
import { VIEW_SCRIPT, VIEW_STYLE } from "./assets.js";
import { queryItems } from "./items-query.js";
import { campaignPage, campaignsPage } from "./campaign-pages.js";
import { comparePage, errorPage, runPage, runsPage } from "./pages.js";
import type { ItemEntry, RunRow, ViewSource } from "./source.js";

export interface ViewServerOptions<Entry extends ItemEntry = ItemEntry> {
  source: ViewSource<Entry>;
  /** 0 picks any free port. */
  port?: number;
  host?: string;
}

export interface ViewServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Nothing inline may run or style: the pages load kfm's own scripts and sheets from this server,
 * and reach no other host. A reply that smuggled markup past the escaping still could not execute.
 */
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

class NotFound extends Error {}

function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, {
    "content-type": `${type}; charset=utf-8`,
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
  });
  response.end(body);
}

const json = (response: ServerResponse, status: number, value: unknown) =>
  send(response, status, "application/json", JSON.stringify(value));

/** The local viewer: a small HTTP server on loopback over one results folder. */
export async function startViewServer<Entry extends ItemEntry>(options: ViewServerOptions<Entry>): Promise<ViewServer> {
  const { source } = options;
  const host = options.host ?? "127.0.0.1";
  const cache = new Map<string, { version: string; entries: Entry[] }>();

  const runOf = async (id: string | null): Promise<RunRow> => {
    const row = (await source.runs()).find((candidate) => candidate.id === id);
    if (!row) throw new NotFound(`no run "${id ?? ""}" in ${source.resultsDir}`);
    return row;
  };
  /** A run's item list, kept while its items.jsonl is unchanged (a running run's grows). */
  const itemsOf = async (id: string): Promise<Entry[]> => {
    const version = await source.itemsVersion(id);
    const cached = cache.get(id);
    if (cached?.version === version) return cached.entries;
    const entries = await source.items(id);
    cache.set(id, { version, entries });
    return entries;
  };
  /** kfm compare's bootstrap takes seconds at 35,030 items: a comparison is kept while both item logs are unchanged. */
  const comparisons = new Map<string, Promise<Comparison>>();
  const compareRuns = async (a: string, b: string, force: boolean) => {
    const key = JSON.stringify([a, b, force, await source.itemsVersion(a), await source.itemsVersion(b)]);
    let comparison = comparisons.get(key);
    if (!comparison) comparisons.set(key, (comparison = source.compare(a, b, force)));
    comparison.catch(() => comparisons.delete(key));
    return comparison;
  };
  const assets: Record<string, [string, string]> = {
    "/assets/view.css": ["text/css", VIEW_STYLE],
    "/assets/view.js": ["text/javascript", VIEW_SCRIPT],
    "/assets/report.css": ["text/css", source.assets.reportStyle],
    "/assets/item-browser.js": ["text/javascript", source.assets.itemBrowserScript],
  };

  async function route(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const query = url.searchParams;
    const number = (name: string) => (query.get(name) === null ? undefined : Number(query.get(name)) || 0);
    const asset = assets[url.pathname];
    if (asset) return send(response, 200, asset[0], asset[1]);
    switch (url.pathname) {
      case "/":
        return send(response, 200, "text/html", runsPage(await source.runs(), source.resultsDir));
      case "/run": {
        const row = await runOf(query.get("id"));
        const base = `/api/items?run=${encodeURIComponent(row.id)}`;
        const sections = await source.runSections(row.id, { list: base, item: `/api/item?run=${encodeURIComponent(row.id)}` });
        return send(response, 200, "text/html", runPage(row, sections));
      }
      case "/compare": {
        if (!query.get("a") || !query.get("b"))
          throw new KfmError("usage", "choose two runs to compare", {
            hint: "On the runs page, pick one run as A and another as B, then press Compare.",
          });
        const [a, b] = await Promise.all([runOf(query.get("a")), runOf(query.get("b"))]);
        const comparison = await compareRuns(a.id, b.id, query.get("force") === "1");
        return send(response, 200, "text/html", comparePage(a, b, comparison, source.subjectName));
      }
      case "/campaigns":
        return send(response, 200, "text/html", campaignsPage(await source.leaderboards(), source.resultsDir));
      case "/campaign": {
        const entry = (await source.leaderboards()).found.find((candidate) => candidate.id === query.get("id"));
        if (!entry) throw new NotFound(`no campaign leaderboard "${query.get("id") ?? ""}" in ${source.resultsDir}`);
        const runs = new Set((await source.runs()).map((row) => row.id));
        // A team's run directory is relative to its leaderboard; linked when the viewer lists that run.
        const run = (runDir: string) => {
          const id = posix.normalize(posix.join(entry.id, runDir));
          return runs.has(id) ? `/run?id=${encodeURIComponent(id)}` : undefined;
        };
        return send(response, 200, "text/html", campaignPage(entry, source.leaderboardSections(entry.board, { run })));
      }
      case "/api/runs":
        return json(response, 200, await source.runs());
      case "/api/items": {
        const row = await runOf(query.get("run"));
        const page = queryItems(await itemsOf(row.id), {
          q: query.get("q") ?? "",
          status: query.get("status") ?? "",
          subject: query.get("subject") ?? "",
          offset: number("offset"),
          limit: number("limit"),
        });
        return json(response, 200, page);
      }
      case "/api/item": {
        const row = await runOf(query.get("run"));
        const entry = (await itemsOf(row.id))[number("n") ?? -1];
        if (!entry) throw new NotFound(`no item ${query.get("n") ?? ""} in run ${row.id}`);
        return json(response, 200, await source.item(row.id, entry));
      }
      case "/api/compare": {
        const [a, b] = await Promise.all([runOf(query.get("a")), runOf(query.get("b"))]);
        return json(response, 200, await compareRuns(a.id, b.id, query.get("force") === "1"));
      }
      default:
        throw new NotFound(`no page ${url.pathname}`);
    }
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://viewer.invalid");
    const api = url.pathname.startsWith("/api/");
    // Another site cannot read the results through a hostname that resolves to loopback (DNS rebinding).
    const hostHeader = (request.headers.host ?? "").replace(/:\d+$/, "");
    if (!["127.0.0.1", "localhost", "[::1]", host].includes(hostHeader)) return send(response, 403, "text/plain", "forbidden host\n");
    if (request.method !== "GET" && request.method !== "HEAD") return send(response, 405, "text/plain", "only GET\n");
    route(request, response, url).catch((error: unknown) => {
      const status = error instanceof NotFound ? 404 : KfmError.isInstance(error) ? 400 : 500;
      const message = (error as Error).message;
      const hint = KfmError.isInstance(error) ? error.hint : undefined;
      if (api) return json(response, status, { error: message, ...(hint ? { hint } : {}) });
      const force =
        url.pathname === "/compare" && status === 400 && !url.searchParams.has("force")
          ? { href: `${url.pathname}${url.search}&force=1`, text: "Compare them anyway (pair items by id)" }
          : undefined;
      send(response, status, "text/html", errorPage(status, message, hint, force));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE"
          ? new KfmError("usage", `port ${options.port} on ${host} is already in use`, {
              hint: "Pick another with --port <n>, or --port 0 for any free port.",
            })
          : error,
      ),
    );
    server.listen(options.port ?? 4173, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
