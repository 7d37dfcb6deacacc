import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Harness, eventWithParticipants, expectError, type Credentials, type EventFixture } from "./harness.ts";

/**
 * Cross-site request forgery at the API's edge: a page of another origin
 * (another port of the same host is the same *site*, so SameSite cookies
 * ride along) must not change anything, and bodies a form can send without
 * a preflight (text/plain, urlencoded, multipart) are refused on JSON routes.
 * The harness's public URL is https://vote.example.org.
 */
const OWN = "https://vote.example.org";

let h: Harness;
beforeAll(async () => {
  h = await Harness.start();
});
afterAll(async () => {
  await h.close();
});

async function openPoll(f: EventFixture): Promise<string> {
  const created = await h.call("POST", `/api/events/${f.eventId}/polls`, {
    ...f.owner,
    body: { agendaItemId: f.agendaItemId, title: "Motion 1", kind: "yes_no_abstain" },
  });
  expect(created.status, created.text).toBe(201);
  const pollId: string = created.json.poll.id;
  expect((await h.call("POST", `/api/events/${f.eventId}/polls/${pollId}/open`, f.owner)).status).toBe(200);
  return pollId;
}

async function pollStatus(f: EventFixture, pollId: string): Promise<string> {
  return (await h.call("GET", `/api/events/${f.eventId}/polls/${pollId}`, f.owner)).json.poll.status;
}

async function auditActions(f: EventFixture): Promise<string[]> {
  return (await h.call("GET", `/api/events/${f.eventId}/audit`, f.owner)).json.entries.map((entry: { action: string }) => entry.action);
}

describe("state changes from another origin", () => {
  let f: EventFixture;
  let pollId: string;
  let close: string;
  beforeAll(async () => {
    f = await eventWithParticipants(h, ["Ada"]);
    pollId = await openPoll(f);
    close = `/api/events/${f.eventId}/polls/${pollId}/close`;
  });

  it.each([
    ["another port of the same host", { origin: "https://vote.example.org:8443" }],
    ["another host", { origin: "https://evil.example" }],
    ["plain http of the own host", { origin: "http://vote.example.org" }],
    ["an opaque origin (sandboxed frame, file)", { origin: "null" }],
    ["no Origin, Sec-Fetch-Site same-site", { "sec-fetch-site": "same-site" }],
    ["no Origin, Sec-Fetch-Site cross-site", { "sec-fetch-site": "cross-site" }],
  ])("refuses closing a poll from %s with 403 forbidden_origin, leaving it open and unaudited", async (_what, headers) => {
    for (const body of [undefined, {}]) {
      expectError(await h.call("POST", close, { ...f.owner, headers, ...(body ? { body } : {}) }), 403, "forbidden_origin");
    }
    expect(await pollStatus(f, pollId)).toBe("open");
    expect(await auditActions(f)).not.toContain("poll.close");
  });

  it("refuses every state-changing method, a bearer token changing nothing about it, and the sign-ins too", async () => {
    const foreign = { origin: "https://evil.example" };
    const participants = `/api/events/${f.eventId}/participants`;
    const bearer: Credentials = { bearer: f.owner.cookie!.split("=")[1]! };
    expectError(
      await h.call("POST", participants, { ...bearer, headers: foreign, body: { name: "Eve", email: "eve@example.org" } }),
      403,
      "forbidden_origin",
    );
    expectError(
      await h.call("PATCH", `/api/events/${f.eventId}`, { ...f.owner, headers: foreign, body: { name: "Hijacked" } }),
      403,
      "forbidden_origin",
    );
    expectError(
      await h.call("PUT", `/api/events/${f.eventId}/roles`, {
        ...f.owner,
        headers: foreign,
        body: { email: "eve@example.org", role: "owner" },
      }),
      403,
      "forbidden_origin",
    );
    expectError(
      await h.call("DELETE", `${participants}/${f.participantIds[0]}/invitation`, { ...f.owner, headers: foreign }),
      403,
      "forbidden_origin",
    );
    expectError(
      await h.call("POST", "/api/admin/login", { headers: foreign, body: { email: "owner@example.org", password: "owner-password-1" } }),
      403,
      "forbidden_origin",
    );
    expectError(
      await h.call("POST", "/api/participant/session", { headers: foreign, body: { token: f.tokens[0] } }),
      403,
      "forbidden_origin",
    );
    expect((await h.call("GET", `/api/events/${f.eventId}`, f.owner)).json.event.name).not.toBe("Hijacked");
    expect((await h.call("GET", participants, f.owner)).json.total).toBe(1);
    // Reading is not a state change: a foreign Origin on GET is answered (the cookie's SameSite and CORS guard reads).
    expect((await h.call("GET", `/api/events/${f.eventId}`, { ...f.owner, headers: foreign })).status).toBe(200);
  });

  it("refuses the CSV import from another origin, with the file's own content type", async () => {
    const url = `/api/events/${f.eventId}/participants/import`;
    // Without a vote, so the row is accepted whatever polls are open (their electorate is frozen).
    const csv = "name,email,eligible\nMallory,mallory@example.org,no\n";
    expectError(
      await h.call("POST", url, { ...f.owner, headers: { origin: "https://evil.example" }, body: csv, contentType: "text/csv" }),
      403,
      "forbidden_origin",
    );
    expectError(
      await h.call("POST", url, { ...f.owner, headers: { "sec-fetch-site": "same-site" }, body: csv, contentType: "text/csv" }),
      403,
      "forbidden_origin",
    );
    expect((await h.call("POST", url, { ...f.owner, headers: { origin: OWN }, body: csv, contentType: "text/csv" })).status).toBe(200);
  });

  it("accepts the own origin, Sec-Fetch-Site same-origin or none, and requests with neither header (scripts)", async () => {
    const notes = `/api/events/${f.eventId}/announcements`;
    const variants: Record<string, string>[] = [
      { origin: OWN },
      { origin: OWN.toUpperCase() },
      { "sec-fetch-site": "same-origin" },
      { "sec-fetch-site": "none" },
      {},
    ];
    for (const headers of variants) {
      const posted = await h.call("POST", notes, { ...f.owner, headers, body: { title: "Note", body: JSON.stringify(headers) } });
      expect(posted.status, posted.text).toBe(201);
    }
    expect((await h.call("POST", close, { ...f.owner, headers: { origin: OWN } })).status).toBe(200);
    expect(await pollStatus(f, pollId)).toBe("closed");
  });
});

describe("content types of state-changing routes", () => {
  let f: EventFixture;
  beforeAll(async () => {
    f = await eventWithParticipants(h, ["Ada"]);
  });

  it.each([
    ["text/plain", '{"title":"Motions"}'],
    ["text/plain; charset=utf-8", '{"title":"Motions"}'],
    ["application/x-www-form-urlencoded", "title=Motions"],
    ["multipart/form-data; boundary=x", '--x\r\ncontent-disposition: form-data; name="title"\r\n\r\nMotions\r\n--x--\r\n'],
    ["text/csv", "title\nMotions\n"],
  ])("answers a %s body with 415 and creates nothing", async (contentType, body) => {
    const agenda = `/api/events/${f.eventId}/agenda`;
    const before = (await h.call("GET", agenda, f.owner)).json;
    expectError(await h.call("POST", agenda, { ...f.owner, headers: { origin: OWN }, body, contentType }), 415, "unsupported_media_type");
    expectError(await h.call("POST", `/api/events/${f.eventId}/close`, { ...f.owner, body, contentType }), 415, "unsupported_media_type");
    expect((await h.call("GET", agenda, f.owner)).json).toEqual(before);
    expect((await h.call("GET", `/api/events/${f.eventId}`, f.owner)).json.event.status).toBe("open");
  });

  it("accepts JSON with a charset, and bodiless actions without a content type", async () => {
    const added = await h.call("POST", `/api/events/${f.eventId}/agenda`, {
      ...f.owner,
      body: JSON.stringify({ title: "Budget" }),
      contentType: "application/json; charset=utf-8",
    });
    expect(added.status, added.text).toBe(201);
    expect((await h.call("POST", `/api/events/${f.eventId}/close`, f.owner)).status).toBe(200);
  });
});
