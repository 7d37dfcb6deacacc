import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Backend, eventWithParticipants, expectError, Harness } from "./harness.ts";

const csv = { contentType: "text/csv" };
type Row = { name: string; email: string; weight: number };

describe.each<Backend>(["sqlite", "postgres"])("roll updates and removals on %s", (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({}, backend);
  });
  afterAll(() => h?.close());

  const roll = async (f: { owner: object; eventId: string }) =>
    ((await h.call("GET", `/api/events/${f.eventId}/participants`, f.owner)).json.items as Row[]).map(({ name, email, weight }) => [
      name,
      email,
      weight,
    ]);

  it("previews, then applies exactly the previewed update, keeping whoever is on record", async () => {
    const f = await eventWithParticipants(h, ["Anna", "Ben", "Cleo"]);
    // Ben checks in: the attendance minutes name him, so no update may remove him.
    expect((await h.call("POST", "/api/participant/presence", { bearer: f.tokens[1]! })).status).toBe(200);
    const before = await roll(f);
    const file = "Name;E-Mail;Stimmgewicht\nAnna;ANNA@example.org;2\nDora Öztürk;dora@example.org;1\n";
    const base = `/api/events/${f.eventId}/participants/import`;

    const preview = await h.call("POST", `${base}/preview?missing=remove`, { ...f.owner, body: file, ...csv });
    expect(preview.status, preview.text).toBe(200);
    expect(preview.json).toMatchObject({
      added: { count: 1, rows: [{ name: "Dora Öztürk", email: "dora@example.org" }] },
      changed: { count: 1, rows: [{ email: "anna@example.org", changes: [{ field: "weight", before: 1, after: 2 }] }] },
      unchanged: 0,
      removed: { count: 1, rows: [{ email: "cleo@example.org" }] },
      kept: { count: 1, rows: [{ email: "ben@example.org", onRecord: true }] },
    });
    expect(await roll(f)).toEqual(before);

    const stale = "0".repeat(64);
    expectError(
      await h.call("POST", `${base}?mode=update&missing=remove&expect=${stale}`, { ...f.owner, body: file, ...csv }),
      409,
      "roll_changed",
    );
    expect(await roll(f)).toEqual(before);

    const applied = await h.call("POST", `${base}?mode=update&missing=remove&expect=${preview.json.fingerprint}`, {
      ...f.owner,
      body: file,
      ...csv,
    });
    expect(applied.json).toEqual({ imported: 1, updated: 1, removed: 1, ignoredColumns: [] });
    expect(await roll(f)).toEqual([
      ["Anna", "anna@example.org", 2],
      ["Ben", "ben@example.org", 1],
      ["Dora Öztürk", "dora@example.org", 1],
    ]);
    const audit = (await h.call("GET", `/api/events/${f.eventId}/audit`, f.owner)).json.entries as { action: string; after: unknown }[];
    const entry = audit.find((e) => e.action === "participants.roll_update");
    expect(JSON.stringify(entry?.after)).toContain("cleo@example.org");

    // The same file again changes nothing.
    const again = await h.call("POST", `${base}?mode=update`, { ...f.owner, body: file, ...csv });
    expect(again.json).toEqual({ imported: 0, updated: 0, removed: 0, ignoredColumns: [] });
  });

  it("changes nothing when any row is bad, or while a vote freezes the electorate", async () => {
    const f = await eventWithParticipants(h, ["Emil", "Fritz"]);
    const base = `/api/events/${f.eventId}/participants/import`;
    const before = await roll(f);
    const bad = "name,email,weight\nEmil,emil@example.org,3\nX,not-an-email,1\n";
    expectError(await h.call("POST", `${base}?mode=update`, { ...f.owner, body: bad, ...csv }), 422, "csv_invalid");
    expectError(await h.call("POST", `${base}/preview`, { ...f.owner, body: bad, ...csv }), 422, "csv_invalid");

    const poll = await h.call("POST", `/api/events/${f.eventId}/polls`, {
      ...f.owner,
      body: { agendaItemId: f.agendaItemId, title: "Antrag 1", kind: "yes_no_abstain", secret: false },
    });
    expect((await h.call("POST", `/api/events/${f.eventId}/polls/${poll.json.poll.id}/open`, f.owner)).status).toBe(200);
    const heavier = "name,email,weight\nEmil,emil@example.org,3\nGina,gina@example.org,1\n";
    expectError(await h.call("POST", `${base}?mode=update`, { ...f.owner, body: heavier, ...csv }), 409, "electorate_frozen");
    expect(await roll(f)).toEqual(before);
  });

  it("removes a participant added by mistake, never one on record, and only for those who manage participants", async () => {
    const f = await eventWithParticipants(h, ["Hanna", "Ines"]);
    const [hanna, ines] = f.participantIds as [string, string];
    const observer = await h.adminWithRole(f.owner, f.eventId, "observer", `roll-observer-${backend}@example.org`);
    expect((await h.call("POST", "/api/participant/presence", { bearer: f.tokens[1]! })).status).toBe(200);

    expectError(await h.call("DELETE", `/api/events/${f.eventId}/participants/${hanna}`, observer), 403);
    expectError(await h.call("DELETE", `/api/events/${f.eventId}/participants/${ines}`, f.owner), 409, "participant_on_record");
    expect((await h.call("DELETE", `/api/events/${f.eventId}/participants/${hanna}`, f.owner)).status).toBe(200);
    expectError(await h.call("DELETE", `/api/events/${f.eventId}/participants/${hanna}`, f.owner), 404);
    // Their invitation went with them.
    expectError(await h.call("POST", "/api/participant/presence", { bearer: f.tokens[0]! }), 401);
    expect(await roll(f)).toEqual([["Ines", "ines@example.org", 1]]);
  });

  it("matches by member number when asked, so a member's new email is a change, not a new participant", async () => {
    const f = await eventWithParticipants(h, []);
    const add = (name: string, email: string, memberNumber: string) =>
      h.call("POST", `/api/events/${f.eventId}/participants`, { ...f.owner, body: { name, email, memberNumber } });
    expect((await add("Jana", "jana@example.org", "1001")).status).toBe(201);
    expect((await add("Karl", "karl@example.org", "1002")).status).toBe(201);
    const base = `/api/events/${f.eventId}/participants/import`;
    const file = "Mitgliedsnummer,Name,E-Mail\n1001,Jana,jana.neu@example.org\n1002,Karl,karl@example.org\n";
    const preview = await h.call("POST", `${base}/preview?key=memberNumber`, { ...f.owner, body: file, ...csv });
    expect(preview.json).toMatchObject({
      added: { count: 0 },
      changed: {
        count: 1,
        rows: [{ name: "Jana", changes: [{ field: "email", before: "jana@example.org", after: "jana.neu@example.org" }] }],
      },
      unchanged: 1,
    });
    const applied = await h.call("POST", `${base}?mode=update&key=memberNumber&expect=${preview.json.fingerprint}`, {
      ...f.owner,
      body: file,
      ...csv,
    });
    expect(applied.json).toMatchObject({ imported: 0, updated: 1 });
    expect((await roll(f)).map(([, email]) => email)).toEqual(["jana.neu@example.org", "karl@example.org"]);

    const unmatched = "Mitgliedsnummer,Name,E-Mail\n,Lena,lena@example.org\n1002,Karl,karl@example.org\n1002,Karl2,karl2@example.org\n";
    const refused = expectError(
      await h.call("POST", `${base}?mode=update&key=memberNumber`, { ...f.owner, body: unmatched, ...csv }),
      422,
      "csv_invalid",
    );
    expect((refused.details as { errors: { line: number }[] }).errors.map((error) => error.line)).toEqual([2, 4]);
  });
});
