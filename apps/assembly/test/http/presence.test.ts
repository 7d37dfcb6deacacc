import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorText } from "../../src/api/errors.ts";
import { parseCsv } from "../../src/csv/parse.ts";
import { Harness, eventWithParticipants, expectError } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await Harness.start();
});
afterAll(async () => {
  await h.close();
});

describe("presence over HTTP", () => {
  it("refuses every check-in before the event opens and after it closes, the chair's too, in the catalogue's words", async () => {
    const owner = await h.login();
    const eventId: string = (await h.call("POST", "/api/events", { ...owner, body: { name: "Not yet" } })).json.event.id;
    const added = await h.call("POST", `/api/events/${eventId}/participants`, {
      ...owner,
      body: { name: "Ute", email: "ute@example.org" },
    });
    const participantId: string = added.json.participant.id;
    const token: string = (await h.call("POST", `/api/events/${eventId}/participants/${participantId}/invitation`, owner)).json.token;
    const url = `/api/events/${eventId}/participants/${participantId}/presence`;

    const refused = expectError(await h.call("POST", url, owner), 409, "event_not_open");
    expect(errorText(refused.code, "en", refused.message)).toMatch(/not open/);
    const own = expectError(await h.call("POST", "/api/participant/presence", { bearer: token }), 409, "event_not_open");
    expect(errorText(own.code, "de", own.message)).toMatch(/nicht eröffnet/);

    expect((await h.call("POST", `/api/events/${eventId}/open`, owner)).status).toBe(200);
    expect((await h.call("POST", url, owner)).json).toEqual({ present: true, changed: true });
    expect((await h.call("POST", `/api/events/${eventId}/close`, owner)).status).toBe(200);
    expect((await h.call("DELETE", url, owner)).json).toEqual({ present: false, changed: true });
    expectError(await h.call("POST", url, owner), 409, "event_not_open");
    expectError(await h.call("POST", "/api/participant/presence", { bearer: token }), 409, "event_not_open");
  });

  it("keeps a chair's check-out until the member says they are here, and the minutes name who did what", async () => {
    const f = await eventWithParticipants(h, ["Vera"]);
    const vera = { bearer: f.tokens[0]! };
    const url = `/api/events/${f.eventId}/participants/${f.participantIds[0]}/presence`;
    expect((await h.call("POST", "/api/participant/presence", vera)).json).toEqual({ present: true, changed: true });
    expect((await h.call("DELETE", url, f.owner)).json).toEqual({ present: false, changed: true });
    // Reading the event again (what a reload does over HTTP) checks nobody in.
    expect((await h.call("GET", "/api/participant/me", vera)).status).toBe(200);
    const list = await h.call("GET", `/api/events/${f.eventId}/participants`, f.owner);
    expect(list.json.items).toMatchObject([{ name: "Vera", present: false, online: false }]);

    const minutes = parseCsv((await h.call("GET", `/api/events/${f.eventId}/exports/attendance.csv`, f.owner)).text).records.map(
      (record) => record.fields,
    );
    const header = minutes[0]!;
    const vRow = minutes[1]!;
    expect(vRow[header.indexOf("last_check_in_by")]).toBe("member");
    expect(vRow[header.indexOf("last_check_out_by")]).toBe("chair owner@example.org");

    expect((await h.call("POST", "/api/participant/presence", vera)).json).toEqual({ present: true, changed: true });
  });
});
