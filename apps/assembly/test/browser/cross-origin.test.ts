import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { APIRequestContext, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, BrowserHarness } from "./browser-harness.ts";

/**
 * The HTTP API against a page of another origin, in Chromium: a page served
 * from another port of 127.0.0.1 (the same *site*, so even the SameSite=Strict
 * admin cookie rides along) tries to close a running poll with the chair's
 * session, by form and by fetch, and to frame the app. All refused, the poll
 * stays open and nothing is audited; the same action from the app's own page
 * works. And the built UI runs under its Content Security Policy without a
 * single violation, the live socket included.
 */
describe("the API against another origin, in the browser", () => {
  let harness: BrowserHarness;
  let attacker: Server;
  let attackerUrl = "";
  let context: BrowserContext;
  let api: APIRequestContext;
  let eventId = "";
  let pollId = "";
  let chairId = "";
  let closeUrl = "";

  const pages = new Map<string, string>();

  async function call<T>(method: "get" | "post", path: string, data?: unknown): Promise<T> {
    const response = await api[method](`${harness.url}/api${path}`, data === undefined ? {} : { data });
    expect(response.ok(), `${method} ${path}: ${await response.text()}`).toBe(true);
    return (await response.json()) as T;
  }

  const pollStatus = async () => (await call<{ poll: { status: string } }>("get", `/events/${eventId}/polls/${pollId}`)).poll.status;
  const closings = async () =>
    (await call<{ entries: { action: string; actor: string }[] }>("get", `/events/${eventId}/audit`)).entries.filter(
      (entry) => entry.action === "poll.close",
    );

  beforeAll(async () => {
    harness = await BrowserHarness.start();
    context = await harness.browser.newContext();
    context.setDefaultTimeout(8000);
    api = context.request;
    const login = await api.post(`${harness.url}/api/admin/login`, { data: ADMIN });
    expect(login.status()).toBe(200);
    chairId = ((await login.json()) as { admin: { id: string } }).admin.id;
    eventId = (await call<{ event: { id: string } }>("post", "/events", { name: "Winter Assembly" })).event.id;
    const itemId = (await call<{ item: { id: string } }>("post", `/events/${eventId}/agenda`, { title: "Motions" })).item.id;
    pollId = (
      await call<{ poll: { id: string } }>("post", `/events/${eventId}/polls`, {
        agendaItemId: itemId,
        title: "Motion 1",
        kind: "yes_no_abstain",
      })
    ).poll.id;
    await call("post", `/events/${eventId}/open`);
    await call("post", `/events/${eventId}/polls/${pollId}/open`);
    closeUrl = `${harness.url}/api/events/${eventId}/polls/${pollId}/close`;

    // What a malicious page on the same host would do; its own inline scripts are its business.
    pages.set(
      "/form",
      `<form method="post" action="${closeUrl}" enctype="text/plain"><input name='{"x":"' value='"}'></form>
       <script>document.forms[0].submit()</script>`,
    );
    pages.set(
      "/fetch",
      `<script>fetch(${JSON.stringify(closeUrl)}, { method: "POST", mode: "no-cors", credentials: "include",
         headers: { "content-type": "text/plain" }, body: "{}" }).finally(() => { document.title = "sent"; });</script>`,
    );
    pages.set("/frame", `<iframe src="${harness.url}/admin" title="app"></iframe>`);
    attacker = createServer((request, response) => {
      const page = pages.get(request.url ?? "");
      response.writeHead(page ? 200 : 404, { "content-type": "text/html" }).end(page ? `<!doctype html>${page}` : "");
    });
    await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
    attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
  }, 60_000);

  afterAll(async () => {
    await new Promise((resolve) => (attacker ? attacker.close(resolve) : resolve(undefined)));
    await harness?.close();
  });

  it("refuses a form another origin posts with the chair's cookie: the poll stays open, nothing is audited", async () => {
    const page = await context.newPage();
    const answered = page.waitForResponse((response) => response.url() === closeUrl);
    await page.goto(`${attackerUrl}/form`);
    const response = await answered;
    expect(response.status()).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("forbidden_origin");
    expect((await response.request().allHeaders()).cookie).toContain("plenum_admin=");
    expect(await pollStatus()).toBe("open");
    expect(await closings()).toEqual([]);
    await page.close();
  });

  it("refuses a no-cors fetch from another origin the same way, and the browser may not even read the answer", async () => {
    const page = await context.newPage();
    const blocked = page.waitForEvent("requestfailed", (request) => request.url() === closeUrl);
    await page.goto(`${attackerUrl}/fetch`);
    // The server did answer (403), but Cross-Origin-Resource-Policy: same-origin keeps even the opaque answer from the page.
    expect((await blocked).failure()?.errorText).toContain("BLOCKED_BY_RESPONSE");
    await expect.poll(() => page.title()).toBe("sent");
    expect(await pollStatus()).toBe("open");
    expect(await closings()).toEqual([]);
    await page.close();
  });

  it("may not be framed by another origin", async () => {
    const page = await context.newPage();
    const refusals: string[] = [];
    page.on("console", (message) => {
      if (message.text().includes("frame-ancestors")) refusals.push(message.text());
    });
    await page.goto(`${attackerUrl}/frame`);
    await expect.poll(() => refusals.length).toBeGreaterThan(0);
    const frame = page.frames().find((candidate) => candidate !== page.mainFrame());
    expect(await frame?.locator("#app").count()).toBe(0);
    await page.close();
  });

  /** Opens `path` of the app, recording every CSP violation and console error on the page. */
  async function openRecorded(browserContext: BrowserContext, path: string): Promise<{ page: Page; problems: string[] }> {
    const page = await browserContext.newPage();
    const problems: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`console: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    await page.exposeFunction("reportViolation", (violation: string) => problems.push(`csp: ${violation}`));
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => {
        (window as unknown as { reportViolation: (text: string) => void }).reportViolation(
          `${event.violatedDirective} blocked ${event.blockedURI} (${event.sourceFile}:${event.lineNumber})`,
        );
      });
    });
    const response = await page.goto(`${harness.url}${path}`);
    expect(response?.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    return { page, problems };
  }

  it("runs the chair's console, the dashboard and the projector under the CSP without a violation", async () => {
    const chair = await openRecorded(context, `/admin/events/${eventId}/polls`);
    await chair.page.getByText("Motion 1").first().waitFor();
    // Live counts arrive over the same-origin WebSocket that connect-src 'self' must allow.
    await chair.page.getByTestId("count-present").waitFor();
    const dashboard = await openRecorded(context, `/dashboard/${eventId}`);
    await dashboard.page.getByRole("heading", { name: "Live dashboard" }).waitFor();
    await dashboard.page.locator(".uplot").first().waitFor();
    const projector = await openRecorded(context, `/projector/${eventId}`);
    await projector.page.getByTestId("projector-turnout").waitFor();
    for (const opened of [chair, dashboard, projector]) {
      expect(opened.problems).toEqual([]);
      await opened.page.close();
    }
  }, 30_000);

  it("signs a participant in and keeps the phone online under the CSP without a violation", async () => {
    // A poll is open, so the electorate is frozen: a phone without a vote of its own is enough here.
    const added = await call<{ participant: { id: string } }>("post", `/events/${eventId}/participants`, {
      name: "Paula Phone",
      email: "paula@example.org",
      eligible: false,
    });
    const { link } = await call<{ link: string }>("post", `/events/${eventId}/participants/${added.participant.id}/invitation`);
    const phoneContext = await harness.browser.newContext();
    const phone = await openRecorded(phoneContext, `/join${new URL(link).hash}`);
    await phone.page.getByText("Signed in as Paula Phone").waitFor();
    await phone.page.getByRole("status").filter({ hasText: "Online" }).waitFor();
    expect(phone.problems).toEqual([]);
    await phoneContext.close();
  }, 30_000);

  it("lets the app's own page close the poll, audited as the chair", async () => {
    const page = await context.newPage();
    await page.goto(`${harness.url}/admin`);
    const status = await page.evaluate(async (url) => (await fetch(url, { method: "POST", credentials: "same-origin" })).status, closeUrl);
    expect(status).toBe(200);
    expect(await pollStatus()).toBe("closed");
    expect(await closings()).toEqual([expect.objectContaining({ actor: `admin:${chairId}` })]);
    await page.close();
  });
});
