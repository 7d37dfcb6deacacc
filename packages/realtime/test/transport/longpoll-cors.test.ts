import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../chromium.ts";
import { startEndpoint, type Running } from "../helpers.ts";

/**
 * The official client's long-poll transport in Chromium, on a page of
 * another origin than the engine: allowed by `checkOrigin`, it connects
 * through CORS (preflight included: the client posts ndjson), joins, pushes
 * and receives; refused, it never connects.
 */
const phoenixJs = readFileSync(
  createRequire(import.meta.url)
    .resolve("phoenix")
    .replace(/phoenix\.cjs\.js$/, "phoenix.js"),
  "utf8",
);

/** A page server: `/` is an empty page that loads the official client from `/phoenix.js`. */
async function pageServer(): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    if (request.url === "/phoenix.js") return void response.writeHead(200, { "content-type": "text/javascript" }).end(phoenixJs);
    response.writeHead(200, { "content-type": "text/html" }).end('<!doctype html><title>client</title><script src="/phoenix.js"></script>');
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

interface Outcome {
  connected: boolean;
  join?: unknown;
  echo?: unknown;
  broadcast?: unknown;
  errors: number;
}

/** Runs in the page: the official client over long-poll to `endpoint`, for up to `waitMs`. */
function useLongPoll(args: { endpoint: string; topic: string; waitMs: number }): Promise<Outcome> {
  type Phoenix = typeof import("phoenix");
  const { Socket, LongPoll } = (window as unknown as { Phoenix: Phoenix }).Phoenix;
  return new Promise((resolve) => {
    const outcome: Outcome = { connected: false, errors: 0 };
    const socket = new Socket(args.endpoint, { transport: LongPoll, reconnectAfterMs: () => 100 });
    const done = (): void => {
      socket.disconnect();
      resolve(outcome);
    };
    const timer = setTimeout(done, args.waitMs);
    socket.onOpen(() => void (outcome.connected = true));
    socket.onError(() => void outcome.errors++);
    socket.connect();
    const channel = socket.channel(args.topic, {});
    channel.on("news", (payload: unknown) => {
      outcome.broadcast = payload;
      clearTimeout(timer);
      done();
    });
    channel.join().receive("ok", (response: unknown) => {
      outcome.join = response;
      channel.push("echo", { hello: "from another origin" }).receive("ok", (echo: unknown) => {
        outcome.echo = echo;
        channel.push("announce", {});
      });
    });
  });
}

describe("long-poll from another origin in Chromium", () => {
  let allowed: { server: Server; origin: string };
  let refused: { server: Server; origin: string };
  let running: Running;
  let browser: Browser;

  async function open(origin: string): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => "Phoenix" in window);
    return page;
  }

  beforeAll(async () => {
    allowed = await pageServer();
    refused = await pageServer();
    running = await startEndpoint({ checkOrigin: [allowed.origin], longPoll: { pollTimeoutMs: 1000 } }, (endpoint) =>
      endpoint.channel("room:*", {
        join: (topic) => ({ ok: { joined: topic } }),
        handleIn(event, payload, channel) {
          if (event === "announce") {
            channel.broadcast("news", { for: "everyone" });
            return { noreply: true };
          }
          return { ok: payload };
        },
      }),
    );
    browser = await launchChromium();
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await running?.close();
    for (const page of [allowed, refused]) await new Promise((resolve) => page?.server.close(resolve));
  });

  it("connects, joins, pushes and receives broadcasts from an allowed origin", async () => {
    const page = await open(allowed.origin);
    const outcome = await page.evaluate(useLongPoll, {
      endpoint: `http://127.0.0.1:${running.port}/socket`,
      topic: "room:cors",
      waitMs: 8000,
    });
    expect(outcome).toMatchObject({
      connected: true,
      join: { joined: "room:cors" },
      echo: { hello: "from another origin" },
      broadcast: { for: "everyone" },
    });
    await page.close();
  });

  it("never connects from a refused origin", async () => {
    const before = await running.endpoint.metrics.text();
    const page = await open(refused.origin);
    const outcome = await page.evaluate(useLongPoll, {
      endpoint: `http://127.0.0.1:${running.port}/socket`,
      topic: "room:cors",
      waitMs: 1500,
    });
    expect(outcome.connected).toBe(false);
    expect(outcome.join).toBeUndefined();
    expect(outcome.errors).toBeGreaterThan(0);
    const refusals = (text: string) => Number(/^plenum_origin_refused_total\{transport="longpoll"\} (\d+)$/m.exec(text)?.[1] ?? 0);
    expect(refusals(await running.endpoint.metrics.text())).toBeGreaterThan(refusals(before));
    await page.close();
  });
});
