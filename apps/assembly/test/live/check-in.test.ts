import { afterAll, beforeAll, expect, it } from "vitest";
import { eventually } from "../../../../packages/realtime/test/helpers.ts";
import { parseCsv } from "../../src/csv/parse.ts";
import { Assembly, joined } from "./fixture.ts";

/** Joining the live event checks a participant in under the same rule as the HTTP check-in: only while the event is open. */
let a: Assembly;
beforeAll(async () => {
  a = await Assembly.start();
  await a.loginOwner();
});
afterAll(() => a.close());

/** A draft event with participants and their links (`Assembly.event` opens it; this one stays draft). */
async function draftEvent(
  names: string[],
): Promise<{ eventId: string; token: (name: string) => string; present: (name: string) => Promise<boolean> }> {
  const eventId: string = (await a.http("POST", "/api/events", { name: "Draft assembly" })).json.event.id;
  const rows = names.map((name) => `${name};${name.toLowerCase()}@example.org`).join("\n");
  expect((await a.http("POST", `/api/events/${eventId}/participants/import`, `name;email\n${rows}\n`)).status).toBe(200);
  const [, ...records] = parseCsv((await a.http("POST", `/api/events/${eventId}/invitations/export`)).text).records.map((r) => r.fields);
  const tokens = new Map(records.map((r) => [r[0]!, r[4]!.split("#")[1]!]));
  return {
    eventId,
    token: (name) => `participant:${tokens.get(name)}`,
    present: async (name) =>
      (await a.http("GET", `/api/events/${eventId}/participants?search=${name.toLowerCase()}%40`)).json.items[0].present as boolean,
  };
}

it("does not check in a participant joining a draft event, over the channel or over HTTP", async () => {
  const f = await draftEvent(["Nina"]);
  const socket = a.socket(f.token("Nina"));
  const reply = await joined(socket.channel(`event:${f.eventId}`, {}));
  expect(reply.status).toBe("ok");
  expect(reply.response.model.event.status).toBe("draft");
  const http = await a.http("POST", "/api/participant/presence", undefined, `plenum_participant=${f.token("Nina").split(":")[1]}`);
  expect(http.status).toBe(409);
  expect(http.json.error.code).toBe("event_not_open");
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(await f.present("Nina")).toBe(false);
  const log = await a.http("GET", `/api/events/${f.eventId}/exports/attendance.csv`);
  expect(log.text).not.toMatch(/nina@example\.org,[^,]*,[^,]*,yes/);
});

it("checks in the phones already connected when the event opens, and nobody joining after it closed", async () => {
  const f = await draftEvent(["Olaf", "Petra"]);
  const olaf = a.socket(f.token("Olaf"));
  expect((await joined(olaf.channel(`event:${f.eventId}`, {}))).status).toBe("ok");
  expect(await f.present("Olaf")).toBe(false);

  expect((await a.http("POST", `/api/events/${f.eventId}/open`)).status).toBe(200);
  await eventually(() => f.present("Olaf"), 3000, "a phone waiting on the page is checked in at opening");
  expect(await f.present("Petra")).toBe(false);

  expect((await a.http("POST", `/api/events/${f.eventId}/close`)).status).toBe(200);
  const petra = a.socket(f.token("Petra"));
  expect((await joined(petra.channel(`event:${f.eventId}`, {}))).status).toBe("ok");
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(await f.present("Petra")).toBe(false);
});
