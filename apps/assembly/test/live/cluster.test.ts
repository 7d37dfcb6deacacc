import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import pg from "pg";
import { eventually } from "../../../../packages/realtime/test/helpers.ts";
import { Assembly, joined, pushed } from "./fixture.ts";
import { LiveView } from "@plenum/realtime/client";
import type { Channel } from "phoenix";

/**
 * Two app nodes on one PostgreSQL database and one Redis serve one event
 * together: what a chair does on one node reaches participants on the other,
 * votes on either count for both, and the dashboard tree runs once.
 * Needs the machine's PostgreSQL and Redis; fails (never skips) without them.
 */
const pgUrl = process.env["TEST_DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/test";
const redisUrl = process.env["TEST_REDIS_URL"] ?? "redis://127.0.0.1:6379";
const schema = `plenum_cluster_${randomBytes(6).toString("hex")}`;
const admin = new pg.Client({ connectionString: pgUrl });
let a: Assembly;
let b: Assembly;

beforeAll(async () => {
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const shared = {
    databaseUrl: `${pgUrl}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    redisUrl,
    redisPrefix: `${schema}:`,
  };
  // One after the other: the first creates the schema and the first admin.
  a = await Assembly.start({ ...shared, nodeId: "node-a" });
  b = await Assembly.start({ ...shared, nodeId: "node-b" });
  await a.loginOwner();
  b.adminCookie = a.adminCookie;
});

afterAll(async () => {
  await b?.close();
  await a?.close();
  await admin.query(`drop schema if exists ${schema} cascade`);
  await admin.end();
});

it("serves one event from two nodes", async () => {
  const { eventId, itemId, tokens } = await a.event(4);
  const chairToken = `admin:${decodeURIComponent(a.adminCookie.split("=")[1]!)}`;

  const chair = new LiveView<any, Channel>(a.socket(chairToken).channel(`event:${eventId}:admin`, {}));
  expect(await chair.start().ready()).toBe("synced");
  let notes = 0;
  chair.channel.on("participants_changed", () => void notes++);

  // A participant on node B is online for the chair on node A, and present once they say so.
  const onB = b.socket(`participant:${tokens.get("P0")}`);
  const view = new LiveView<any, Channel>(onB.channel(`event:${eventId}`, {}));
  expect(await view.start().ready()).toBe("synced");
  const p0 = async () => (await a.http("GET", `/api/events/${eventId}/participants?search=p0%40example.org`)).json.items[0];
  await eventually(async () => (await p0()).online === true, 5000, "online on node B, seen on node A");
  expect(chair.model.counts.present).toBe(0);
  const ownOnB = onB.channel(`event:${eventId}:participant:${(await p0()).id}`, {});
  expect((await joined(ownOnB)).status).toBe("ok");
  expect((await pushed(ownOnB, "check_in", {})).response).toEqual({ present: true, changed: true });
  await eventually(() => chair.model.counts.present === 1 && notes > 0, 5000, "presence from node B on node A");

  // The chair opens a poll through node A; the participant on node B sees it.
  const poll = await a.http("POST", `/api/events/${eventId}/polls`, {
    agendaItemId: itemId,
    title: "Antrag X",
    kind: "yes_no_abstain",
    secret: true,
  });
  const pollId: string = poll.json.poll.id;
  await a.http("POST", `/api/events/${eventId}/polls/${pollId}/open`);
  await eventually(
    () => view.model.polls.some((p: { id: string; status: string }) => p.id === pollId && p.status === "open"),
    5000,
    "poll reaches node B",
  );

  // Votes on both nodes count once each, for everyone.
  const page = await b.http("GET", `/api/events/${eventId}/participants?search=p1%40example.org`);
  const voterOnA = a.socket(`participant:${tokens.get("P1")}`);
  const own = voterOnA.channel(`event:${eventId}:participant:${page.json.items[0].id}`, {});
  await joined(own);
  const viaA = await pushed(own, "vote", { pollId, ballotId: `b-${crypto.randomUUID()}`, choice: { kind: "options", optionIds: ["no"] } });
  expect(viaA.status).toBe("ok");
  const session = await b.http("POST", "/api/participant/session", { token: tokens.get("P0") }, "");
  const cookie = session.setCookie!.split(";")[0]!;
  const viaB = await b.http(
    "POST",
    `/api/participant/polls/${pollId}/ballots`,
    { ballotId: `b-${crypto.randomUUID()}`, choice: { kind: "options", optionIds: ["yes"] } },
    cookie,
  );
  expect(viaB.status).toBe(200);
  await eventually(() => chair.model.openPolls[0]?.count === 2, 5000, "turnout 2 on node A");
  await eventually(() => view.model.polls.find((p: { id: string }) => p.id === pollId).turnout.count === 2, 5000, "turnout 2 on node B");

  // The dashboard tree runs on exactly one node, whichever viewers it has.
  const dashA = a.socket(chairToken).channel(`dashboard:${eventId}`, {});
  const dashB = b.socket(chairToken).channel(`dashboard:${eventId}`, {});
  const seen = { a: 0, b: 0 };
  dashA.on("dataset", () => void seen.a++);
  dashB.on("dataset", () => void seen.b++);
  await joined(dashA);
  await joined(dashB);
  await eventually(() => seen.a >= 4 && seen.b >= 4, 8000, "datasets on both nodes");
  const running = async (node: Assembly) =>
    (await node.http("GET", "/api/ops/status")).json.dashboards.keys.filter(
      (k: { key: string; running: boolean }) => k.key === `dashboard:${eventId}` && k.running,
    ).length;
  expect((await running(a)) + (await running(b))).toBe(1);
});
