import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { pino } from "pino";
import { expect } from "vitest";
import { launchChromium } from "../../../../packages/realtime/test/chromium.ts";
import { startServer, type RunningServer, type ServerOptions } from "../../src/server.ts";
import { builtWeb } from "./web-build.ts";

const here = fileURLToPath(new URL(".", import.meta.url));
export const repoRoot = resolve(here, "../../../..");
const axePath = resolve(repoRoot, "node_modules/axe-core/axe.min.js");
export const screenshotDir = resolve(repoRoot, "test-output/screenshots");

export const ADMIN = { email: "chair@example.org", password: "chair-password-42" };

/**
 * The whole app as people use it: the web UI built once (see `builtWeb`), the
 * real server on 127.0.0.1 port 0 with a fresh SQLite file, and Debian's
 * chromium. `close` stops all three and removes the files (safe twice).
 */
export class BrowserHarness {
  readonly server: RunningServer;
  readonly browser: Browser;
  readonly #dir: string;
  #closed = false;

  private constructor(server: RunningServer, browser: Browser, dir: string) {
    this.server = server;
    this.browser = browser;
    this.#dir = dir;
  }

  /** `server` adds to the server's options (mail, say). */
  static async start(server: Partial<ServerOptions> = {}): Promise<BrowserHarness> {
    const dir = await mkdtemp(join(tmpdir(), "plenum-browser-"));
    const webRoot = await builtWeb();
    const running = await startServer({
      port: 0,
      host: "127.0.0.1",
      sqlitePath: join(dir, "assembly.sqlite"),
      ballotSecret: randomBytes(32),
      webRoot,
      bootstrapAdmin: ADMIN,
      logger: pino({ level: "silent" }),
      dashboard: { intervalMs: 500 },
      ...server,
    });
    try {
      const browser = await launchChromium();
      await mkdir(screenshotDir, { recursive: true });
      return new BrowserHarness(running, browser, dir);
    } catch (error) {
      await running.close();
      throw error;
    }
  }

  get url(): string {
    return this.server.url;
  }

  /** A new browser window with the bootstrap admin signed in through the login form, on the event list. */
  async signedInChair(): Promise<Page> {
    const page = await (await this.browser.newContext()).newPage();
    await page.goto(`${this.url}/admin`);
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByLabel("Event name").waitFor();
    return page;
  }

  /**
   * Runs axe-core on the page and fails on serious or critical violations.
   * Evaluated through the DevTools protocol, as the app's CSP (rightly)
   * refuses an injected inline script tag.
   */
  async checkAccessibility(page: Page, screen: string): Promise<void> {
    await page.evaluate(await readFile(axePath, "utf8"));
    const violations = await page.evaluate(async () => {
      const result = await (
        window as unknown as {
          axe: {
            run: (context: Document) => Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown }[] }[] }>;
          };
        }
      ).axe.run(document);
      return result.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        targets: violation.nodes.map((node) => JSON.stringify(node.target)),
      }));
    });
    expect(
      violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical"),
      `axe on ${screen}`,
    ).toEqual([]);
  }

  async screenshot(page: Page, screen: string): Promise<void> {
    await page.screenshot({ path: join(screenshotDir, `${screen}.png`), fullPage: true });
  }

  /** Accessibility check and screenshot of one screen. */
  async capture(page: Page, screen: string): Promise<void> {
    await this.checkAccessibility(page, screen);
    await this.screenshot(page, screen);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.browser.close().catch(() => undefined);
    await this.server.close();
    await rm(this.#dir, { recursive: true, force: true });
  }
}
