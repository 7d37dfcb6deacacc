import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { eventually } from "../../../../packages/realtime/test/helpers.ts";
import { parseCsv } from "../../src/csv/parse.ts";
import { Assembly, joined, pushed } from "./fixture.ts";

/**
 * Presence over the live connection: joining makes a participant online,
 * never present; "I am here" (`check_in` on their own channel) and a chair
 * do; a chair's check-out survives a reload; a short drop keeps presence,
 * a long one ends a member's own check-in, also when the node that held
 * their connection is gone.
 */
const GRACE_MS = 600;
let a: Assembly;
beforeAll(async () => {
  a = await Assembly.start({ presenceGraceMs: GRACE_MS });
  await a.loginOwner();
});
afterAll(() => a.close());

interface Member {
  id: string;
  token: string;
}

/** An event (draft unless `open`) with participants and their links. */
async function assembly(names: string[], open: boolean) {
  const eventId: string = (await a.http("POST", "/api/events", { name: "Mitgliederversammlung" })).json.event.id;
  const rows = names.map((name) => `${name};${name.toLowerCase()}@example.org`).join("\n");
  expect((await a.http("POST", `/api/events/${eventId}/participants/import`, `name;email\n${rows}\n`)).status).toBe(200);
  const [, ...records] = parseCsv((await a.http("POST", `/api/events/${eventId}/invitations/export`)).text).records.map((r) => r.fields);
  const tokens = new Map(records.map((r) => [r[0]!, r[4]!.split("#")[1]!]));
  if (open) expect((await a.http("POST", `/api/events/${eventId}/open`)).status).toBe(200);
  const row = async (name: string) =>
    (await a.http("GET", `/api/events/${eventId}/participants?search=${name.toLowerCase()}%40`)).json.items[0] as {
      id: string;
      present: boolean;
      online: boolean;
    };
  const member = async (name: string): Promise<Member> => ({ id: (await row(name)).id, token: `participant:${tokens.get(name)}` });
  /** Joins the event view and the member's own channel, as the phone app does. */
  const phone = async (who: Member) => {
    const socket = a.socket(who.token);
    expect((await joined(socket.channel(`event:${eventId}`, {}))).status).toBe("ok");
    const own = socket.channel(`event:${eventId}:participant:${who.id}`, {});
    expect((await joined(own)).status).toBe("ok");
    return { socket, own };
  };
  return { eventId, row, member, phone };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

it("before the event opens, joining checks nobody in and 'I am here' is refused with the catalogue's code", async () => {
  const f = await assembly(["Nina"], false);
  const nina = await f.member("Nina");
  const { own } = await f.phone(nina);
  const refused = await pushed(own, "check_in", {});
  expect(refused.status).toBe("error");
  expect(refused.response).toMatchObject({ code: "event_not_open", details: { status: "draft" } });
  // Opening the event checks nobody in either: presence is stated, not inferred from a waiting phone.
  expect((await a.http("POST", `/api/events/${f.eventId}/open`)).status).toBe(200);
  await settle();
  expect(await f.row("Nina")).toMatchObject({ present: false, online: true });
  const log = await a.http("GET", `/api/events/${f.eventId}/exports/attendance.csv`);
  expect(log.text).not.toMatch(/nina@example\.org,[^,]*,[^,]*,yes/);
});

it("'I am here' checks in; a chair's check-out stays through a reload until the member checks in again", async () => {
  const f = await assembly(["Olaf"], true);
  const olaf = await f.member("Olaf");
  const first = await f.phone(olaf);
  expect(await f.row("Olaf")).toMatchObject({ present: false });
  expect((await pushed(first.own, "check_in", {})).response).toEqual({ present: true, changed: true });
  expect((await a.http("DELETE", `/api/events/${f.eventId}/participants/${olaf.id}/presence`)).json).toEqual({
    present: false,
    changed: true,
  });
  first.socket.disconnect();
  const reloaded = await f.phone(olaf);
  await settle();
  expect(await f.row("Olaf")).toMatchObject({ present: false, online: true });
  expect((await pushed(reloaded.own, "check_in", {})).response).toEqual({ present: true, changed: true });
  expect((await f.row("Olaf")).present).toBe(true);
  expect((await pushed(reloaded.own, "check_out", {})).response).toEqual({ present: false, changed: true });
});

it("a drop shorter than the grace period keeps presence; a longer one ends only the member's own check-in", async () => {
  const f = await assembly(["Petra", "Quirin"], true);
  const petra = await f.member("Petra");
  const quirin = await f.member("Quirin");
  const phone = await f.phone(petra);
  expect((await pushed(phone.own, "check_in", {})).response).toMatchObject({ present: true });
  // Quirin was checked in at the door; his phone comes and goes.
  expect((await a.http("POST", `/api/events/${f.eventId}/participants/${quirin.id}/presence`)).status).toBe(200);
  const door = await f.phone(quirin);

  phone.socket.disconnect();
  await new Promise((resolve) => setTimeout(resolve, GRACE_MS / 3));
  const back = await f.phone(petra);
  await new Promise((resolve) => setTimeout(resolve, GRACE_MS * 2));
  expect(await f.row("Petra")).toMatchObject({ present: true, online: true });

  back.socket.disconnect();
  door.socket.disconnect();
  await eventually(async () => !(await f.row("Petra")).present, GRACE_MS * 6, "Petra's own check-in lapses");
  expect(await f.row("Petra")).toMatchObject({ online: false });
  expect(await f.row("Quirin")).toMatchObject({ present: true, online: false });
  const rows = parseCsv((await a.http("GET", `/api/events/${f.eventId}/exports/attendance.csv`)).text).records.map((r) => r.fields);
  const header = rows[0]!;
  const petraRow = rows.find((r) => r[1] === "petra@example.org")!;
  expect(petraRow[header.indexOf("last_check_out_by")]).toBe("lapse");
});

it("a member whose node went away lapses after the grace period on the node that serves next", async () => {
  const dir = await mkdtemp(join(tmpdir(), "plenum-presence-"));
  const sqlitePath = join(dir, "assembly.sqlite");
  try {
    const first = await Assembly.start({ presenceGraceMs: GRACE_MS, sqlitePath });
    await first.loginOwner();
    const { eventId, tokens } = await first.event(1);
    const socket = first.socket(`participant:${tokens.get("P0")}`);
    const own = (await first.http("GET", `/api/events/${eventId}/participants`)).json.items[0].id as string;
    expect((await joined(socket.channel(`event:${eventId}`, {}))).status).toBe("ok");
    const channel = socket.channel(`event:${eventId}:participant:${own}`, {});
    expect((await joined(channel)).status).toBe("ok");
    expect((await pushed(channel, "check_in", {})).response).toMatchObject({ present: true });
    // The node stops with the member still connected: nothing it held in memory survives.
    await first.close();

    const next = await Assembly.start({ presenceGraceMs: GRACE_MS, sqlitePath });
    try {
      await next.loginOwner();
      const row = async () => (await next.http("GET", `/api/events/${eventId}/participants`)).json.items[0];
      expect((await row()).present).toBe(true);
      await eventually(async () => !(await row()).present, GRACE_MS * 6, "the member's own check-in lapses");
    } finally {
      await next.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
