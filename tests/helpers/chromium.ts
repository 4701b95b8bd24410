import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";

/** The headless Chromium the browser tests drive, if this machine has one. */
export const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((path) => existsSync(path));

/**
 * Whether the browser tests can run. Without Chromium they are skipped on a developer's machine
 * (with a warning), but in CI (`CI` set) a missing Chromium fails them: a skipped browser test
 * must never pass for a green build.
 */
export function chromiumAvailable(what: string): boolean {
  if (CHROMIUM) return true;
  if (process.env.CI) throw new Error(`${what}: Chromium is required in CI (apt-get install chromium), none at /usr/bin/chromium`);
  console.warn(`${what} skipped: Chromium is not installed (apt-get install chromium)`);
  return false;
}

export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

interface Message {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
  sessionId?: string;
}

/**
 * One Chromium for a whole test file, driven over the DevTools protocol on a pipe (no WebSocket
 * library, no download): pages open as tabs of it, so a test pays the browser's start once.
 */
export class Browser {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (value: Record<string, unknown>) => void; reject: (error: Error) => void }>();
  private readonly listeners = new Set<(message: Message) => void>();

  private constructor(
    private readonly child: ChildProcess,
    private readonly profile: string,
  ) {
    let buffer = "";
    (child.stdio[4] as Readable).setEncoding("utf8").on("data", (chunk: string) => {
      buffer += chunk;
      for (let end = buffer.indexOf("\0"); end >= 0; end = buffer.indexOf("\0")) {
        const message = JSON.parse(buffer.slice(0, end)) as Message;
        buffer = buffer.slice(end + 1);
        if (message.id !== undefined) {
          const waiter = this.waiting.get(message.id);
          this.waiting.delete(message.id);
          if (message.error) waiter?.reject(new Error(message.error.message));
          else waiter?.resolve(message.result ?? {});
        } else this.listeners.forEach((listener) => listener(message));
      }
    });
  }

  static async launch(): Promise<Browser> {
    const profile = await mkdtemp(join(tmpdir(), "kfm-chromium-"));
    const child = spawn(CHROMIUM!, [...CHROMIUM_FLAGS, "--remote-debugging-pipe", `--user-data-dir=${profile}`, "about:blank"], {
      stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"],
    });
    return new Browser(child, profile);
  }

  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    const promise = new Promise<Record<string, unknown>>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    (this.child.stdio[3] as Writable).write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    return promise;
  }

  on(listener: (message: Message) => void): void {
    this.listeners.add(listener);
  }

  async newPage(width = 1280, height = 900): Promise<Page> {
    const { targetId } = await this.send("Target.createTarget", { url: "about:blank" });
    const { sessionId } = await this.send("Target.attachToTarget", { targetId, flatten: true });
    const page = new Page(this, sessionId as string);
    await Promise.all(["Page.enable", "Runtime.enable", "Log.enable"].map((method) => page.send(method)));
    await page.send("Emulation.setDeviceMetricsOverride", { width, height, deviceScaleFactor: 1, mobile: false });
    return page;
  }

  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    await this.send("Browser.close").catch(() => undefined);
    await exited;
    await rm(this.profile, { recursive: true, force: true });
  }
}

/** A tab: navigate, evaluate, wait for a condition, screenshot; it collects console errors and uncaught exceptions. */
export class Page {
  /** Console errors, uncaught exceptions and browser log errors (a CSP violation, a failed load). */
  readonly errors: string[] = [];
  private loaded: (() => void) | undefined;

  constructor(
    private readonly browser: Browser,
    private readonly sessionId: string,
  ) {
    browser.on((message) => {
      if (message.sessionId !== sessionId) return;
      const params = message.params ?? {};
      if (message.method === "Page.loadEventFired") this.loaded?.();
      if (message.method === "Runtime.exceptionThrown") this.errors.push(JSON.stringify(params.exceptionDetails));
      if (message.method === "Runtime.consoleAPICalled" && params.type === "error") this.errors.push(JSON.stringify(params.args));
      const entry = params.entry as { level?: string; text?: string; url?: string } | undefined;
      if (message.method === "Log.entryAdded" && entry?.level === "error") this.errors.push(`${entry.text} ${entry.url ?? ""}`);
    });
  }

  send(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    return this.browser.send(method, params, this.sessionId);
  }

  async goto(url: string): Promise<void> {
    const loaded = new Promise<void>((resolve) => (this.loaded = resolve));
    await this.send("Page.navigate", { url });
    await loaded;
  }

  async evaluate<T>(expression: string): Promise<T> {
    const { result, exceptionDetails } = (await this.send("Runtime.evaluate", { expression, awaitPromise: true, returnByValue: true })) as {
      result: { value: T };
      exceptionDetails?: unknown;
    };
    if (exceptionDetails) throw new Error(`evaluate failed: ${JSON.stringify(exceptionDetails)}`);
    return result.value;
  }

  /** Resolves once `expression` is truthy in the page (polled in the page, on its own animation frames). */
  async waitFor(expression: string, what: string): Promise<void> {
    const found = await this.evaluate<boolean>(`new Promise((resolve) => {
      let frames = 0;
      const check = () => { if (${expression}) return resolve(true); if (++frames > 1200) return resolve(false); requestAnimationFrame(check); };
      check();
    })`);
    if (!found) throw new Error(`page never showed ${what}`);
  }

  async screenshot(file: string): Promise<void> {
    const { data } = await this.send("Page.captureScreenshot", { format: "png", captureBeyondViewport: false });
    await writeFile(file, Buffer.from(data as string, "base64"));
  }

  async close(): Promise<void> {
    await this.browser.send("Target.closeTarget", { targetId: await this.targetId() }).catch(() => undefined);
  }

  private async targetId(): Promise<string> {
    const { targetInfo } = (await this.send("Target.getTargetInfo")) as { targetInfo: { targetId: string } };
    return targetInfo.targetId;
  }
}
