import { afterAll, beforeAll, expect, it } from "vitest";
import { httpRequest, upgradeStatus } from "../../../../packages/realtime/test/helpers.ts";
import { PARTICIPANT_COOKIE } from "../../src/http/cookies.ts";
import { Assembly } from "./fixture.ts";

/**
 * The app's sockets take pages of PUBLIC_URL's origin only: a participant's
 * cookie sent by a page anywhere else (the listening address itself
 * included, when it is not where people open the app) opens nothing.
 */
const PUBLIC_URL = "https://assembly.example.org/plenum";
let a: Assembly;
let cookie: string;

beforeAll(async () => {
  a = await Assembly.start({ publicBaseUrl: PUBLIC_URL });
  await a.loginOwner();
  const { tokens } = await a.event(1);
  cookie = `${PARTICIPANT_COOKIE}=${encodeURIComponent(tokens.get("P0")!)}`;
});

afterAll(() => a.close());

const websocket = "/socket/websocket?vsn=2.0.0";

it("upgrades a participant's socket from PUBLIC_URL's origin, and from clients without Origin", async () => {
  expect(await upgradeStatus(a.server.port, websocket, { origin: "https://assembly.example.org", cookie })).toBe(101);
  expect(await upgradeStatus(a.server.port, websocket, { cookie })).toBe(101);
});

it("refuses every other origin with 403, on both transports", async () => {
  for (const origin of [`http://127.0.0.1:${a.server.port}`, "http://assembly.example.org", "https://evil.example"]) {
    expect(await upgradeStatus(a.server.port, websocket, { origin, cookie }), origin).toBe(403);
    const poll = await httpRequest(a.server.port, "/socket/longpoll?vsn=2.0.0", { headers: { origin, cookie } });
    expect(poll.status, origin).toBe(403);
  }
  const metrics = await a.server.endpoint.metrics.text();
  expect(metrics).toMatch(/^plenum_origin_refused_total\{transport="websocket"\} 3$/m);
  expect(metrics).toMatch(/^plenum_origin_refused_total\{transport="longpoll"\} 3$/m);
});
