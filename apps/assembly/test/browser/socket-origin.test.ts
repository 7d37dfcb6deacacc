import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { APIRequestContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, BrowserHarness } from "./browser-harness.ts";

/**
 * A signed-in participant visits a page of another origin on the same host
 * (another port of 127.0.0.1: same site, so the browser sends the
 * participant's cookie along). That page opens a WebSocket to the app,
 * joins the participant's own topic and casts a vote, and tries the
 * long-poll transport with credentials. All of it must fail; the very same
 * script on the app's own origin must work.
 */
interface Attempt {
  opened: boolean;
  join?: unknown;
  vote?: unknown;
  longPoll: { status?: number; body?: unknown; blocked?: string };
}

/** Runs in the page: the attack, or the app's own client doing the same thing. */
async function attempt(args: { app: string; topic: string; pollId: string; optionId: string }): Promise<Attempt> {
  const socketUrl = `${args.app.replace(/^http/, "ws")}/socket/websocket?vsn=2.0.0`;
  const viaWebSocket = await new Promise<Omit<Attempt, "longPoll">>((resolve) => {
    const result: Omit<Attempt, "longPoll"> = { opened: false };
    const ws = new WebSocket(socketUrl);
    const finish = (): void => {
      ws.close();
      resolve(result);
    };
    const timer = setTimeout(finish, 5000);
    ws.onopen = () => {
      result.opened = true;
      ws.send(JSON.stringify(["1", "1", args.topic, "phx_join", {}]));
    };
    ws.onmessage = (message) => {
      const [, ref, , event, payload] = JSON.parse(message.data as string) as [string, string, string, string, unknown];
      if (event !== "phx_reply") return;
      if (ref === "1") {
        result.join = payload;
        const ballotId = `page-${crypto.randomUUID()}`;
        const vote = { pollId: args.pollId, ballotId, choice: { kind: "options", optionIds: [args.optionId] } };
        ws.send(JSON.stringify(["1", "2", args.topic, "vote", vote]));
      } else if (ref === "2") {
        result.vote = payload;
        clearTimeout(timer);
        finish();
      }
    };
    ws.onclose = () => {
      clearTimeout(timer);
      resolve(result);
    };
  });
  let longPoll: Attempt["longPoll"];
  try {
    const response = await fetch(`${args.app}/socket/longpoll?vsn=2.0.0`, { credentials: "include" });
    longPoll = { status: response.status, body: await response.json() };
  } catch (error) {
    longPoll = { blocked: String(error) };
  }
  return { ...viaWebSocket, longPoll };
}

describe("sockets from another origin in the browser", () => {
  let harness: BrowserHarness;
  let api: APIRequestContext;
  let other: Server;
  let otherOrigin = "";
  let eventId = "";
  let pollId = "";
  let topic = "";
  let participantPage: Page;

  async function call<T>(method: "get" | "post", path: string, data?: unknown): Promise<T> {
    const response = await api[method](`${harness.url}/api/events/${eventId}${path}`, data === undefined ? {} : { data });
    expect(response.ok(), `${method} ${path}: ${await response.text()}`).toBe(true);
    return (await response.json()) as T;
  }

  async function refused(transport: string): Promise<number> {
    const metric = await harness.server.endpoint.metrics.registry.getSingleMetric("plenum_origin_refused_total")?.get();
    return metric?.values.find((value) => value.labels["transport"] === transport)?.value ?? 0;
  }

  async function votes(): Promise<number> {
    return (await call<{ total: number }>("get", `/participants?filter=voted&pollId=${pollId}`)).total;
  }

  beforeAll(async () => {
    harness = await BrowserHarness.start();
    other = createServer((_request, response) => {
      response.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>Elsewhere</title><h1>Win a prize</h1>");
    });
    await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
    otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;

    const admin = await harness.browser.newContext();
    api = admin.request;
    expect((await api.post(`${harness.url}/api/admin/login`, { data: ADMIN })).status()).toBe(200);
    const created = await api.post(`${harness.url}/api/events`, { data: { name: "Origin Assembly" } });
    eventId = ((await created.json()) as { event: { id: string } }).event.id;
    const item = await call<{ item: { id: string } }>("post", "/agenda", { title: "Motions" });
    const imported = await api.post(`${harness.url}/api/events/${eventId}/participants/import`, {
      headers: { "content-type": "text/csv" },
      data: "name,email\nAlice Arendt,alice@example.org",
    });
    expect(imported.status()).toBe(200);
    await call("post", "/open");
    const poll = await call<{ poll: { id: string } }>("post", "/polls", {
      agendaItemId: item.item.id,
      title: "Adopt the minutes",
      kind: "yes_no_abstain",
      secret: true,
    });
    pollId = poll.poll.id;
    await call("post", `/polls/${pollId}/open`);

    const found = await call<{ items: { id: string }[] }>("get", "/participants?search=alice");
    const participantId = found.items[0]!.id;
    topic = `event:${eventId}:participant:${participantId}`;
    const { link } = await call<{ link: string }>("post", `/participants/${participantId}/invitation`);
    const phone = await harness.browser.newContext();
    phone.setDefaultTimeout(8000);
    participantPage = await phone.newPage();
    await participantPage.goto(`${harness.url}/join${new URL(link).hash}`);
    await participantPage.getByText("Signed in as Alice Arendt").waitFor();
  }, 60_000);

  afterAll(async () => {
    await new Promise((resolve) => other?.close(resolve));
    await harness?.close();
  });

  it("refuses a page of another port of the same host, cookie and all: no socket, no long-poll, no vote", async () => {
    const before = { websocket: await refused("websocket"), longpoll: await refused("longpoll") };
    const page = await participantPage.context().newPage();
    await page.goto(`${otherOrigin}/`);
    await page.getByRole("heading", { name: "Win a prize" }).waitFor();
    // The browser would send the participant's cookie to the app from here (same site).
    expect((await page.context().cookies(harness.url)).map((c) => c.name)).toContain("plenum_participant");

    const result = await page.evaluate(attempt, { app: harness.url, topic, pollId, optionId: "yes" });
    expect(result.opened).toBe(false);
    expect(result.join).toBeUndefined();
    expect(result.vote).toBeUndefined();
    expect(result.longPoll.status).toBeUndefined();
    expect(result.longPoll.blocked).toMatch(/TypeError/);
    expect(await refused("websocket")).toBe(before.websocket + 1);
    expect(await refused("longpoll")).toBe(before.longpoll + 1);
    expect(await votes()).toBe(0);
    await page.close();
  });

  it("lets the same script on the app's own origin join the participant's topic and vote", async () => {
    const result = await participantPage.evaluate(attempt, { app: harness.url, topic, pollId, optionId: "yes" });
    expect(result.opened).toBe(true);
    expect(result.join).toMatchObject({ status: "ok" });
    expect(result.vote).toMatchObject({ status: "ok", response: { receipt: { pollId, receipt: expect.any(String) } } });
    expect(result.longPoll).toMatchObject({ status: 200, body: { status: 410, token: expect.any(String) } });
    expect(await votes()).toBe(1);
  });
});
