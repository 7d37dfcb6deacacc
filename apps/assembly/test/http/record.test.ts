import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verify } from "../../src/cli/verify.ts";
import { canonicalJson } from "../../src/domain/canonical-json.ts";
import { sha256Hex } from "../../src/record/canonical-export.ts";
import { pdfInfo, pdfText } from "../pdf/pdf-text.ts";
import { type EventFixture, Harness, eventWithParticipants, expectError } from "./harness.ts";

let h: Harness;
const dir = mkdtempSync(join(tmpdir(), "plenum-record-"));
beforeAll(async () => {
  h = await Harness.start();
});
afterAll(async () => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

const yes = { kind: "options", optionIds: ["yes"] };
const no = { kind: "options", optionIds: ["no"] };

async function poll(f: EventFixture, title: string, secret: boolean, votes: readonly (object | null)[], end: "close" | "publish" | null) {
  const base = `/api/events/${f.eventId}/polls`;
  const created = await h.call("POST", base, { ...f.owner, body: { agendaItemId: f.agendaItemId, title, kind: "yes_no_abstain", secret } });
  expect(created.status).toBe(201);
  const pollId: string = created.json.poll.id;
  if (end === null) return pollId;
  expect((await h.call("POST", `${base}/${pollId}/open`, f.owner)).status).toBe(200);
  for (const [index, choice] of votes.entries()) {
    if (choice === null) continue;
    const cast = await h.call("POST", `/api/participant/polls/${pollId}/ballots`, {
      bearer: f.tokens[index]!,
      body: { ballotId: `ballot-${pollId}-${index}-0123456789`, choice },
    });
    expect(cast.status, cast.text).toBe(200);
  }
  expect((await h.call("POST", `${base}/${pollId}/close`, f.owner)).status).toBe(200);
  if (end === "publish") expect((await h.call("POST", `${base}/${pollId}/publish`, f.owner)).status).toBe(200);
  return pollId;
}

/** An event with umlaut names, a published named poll, a closed secret poll and a draft. */
async function assembly(): Promise<EventFixture> {
  const f = await eventWithParticipants(h, ["Jürgen Größe", "Zoë Müller", "Ödön Łukasz"]);
  for (const token of f.tokens.slice(0, 2)) await h.call("POST", "/api/participant/presence", { bearer: token });
  await h.call("POST", `/api/events/${f.eventId}/announcements`, {
    ...f.owner,
    body: { title: "Grußwort", body: "Herzlich willkommen in Köln", agendaItemId: f.agendaItemId },
  });
  await poll(f, "Satzungsänderung §3", false, [yes, yes, no], "publish");
  await poll(f, "Geheime Änderung", true, [yes, no, null], "close");
  await poll(f, "Später", false, [], null);
  return f;
}

const oneLine = (text: string): string => text.replace(/\s+/g, " ");

describe("the record", () => {
  it("keeps the export in canonical JSON under its SHA-256 and prints that hash in every PDF made from it", async () => {
    const f = await assembly();
    const issued = await h.call("POST", `/api/events/${f.eventId}/records`, f.owner);
    expect(issued.status, issued.text).toBe(200);
    const { sha256 } = issued.json.record;
    const base = `/api/events/${f.eventId}/records/${sha256}`;

    const json = await h.call("GET", `${base}/event.json`, f.owner);
    expect(json.headers["x-record-sha256"]).toBe(sha256);
    expect(sha256Hex(json.text)).toBe(sha256);
    expect(canonicalJson(JSON.parse(json.text))).toBe(json.text);
    expect((await h.call("GET", `/api/events/${f.eventId}/records`, f.owner)).json.records).toEqual([issued.json.record]);

    const minutes = await h.call("GET", `${base}/minutes.pdf`, { ...f.owner, query: { language: "de" } });
    expect(minutes.headers["content-type"]).toBe("application/pdf");
    expect(pdfInfo(minutes.raw)).toContain(`plenum-record-sha256:${sha256}`);
    const de = oneLine(pdfText(minutes.raw));
    for (const expected of [
      "Protokoll",
      "Tagesordnung",
      "1. Motions",
      "Anwesenheit: 2 von 3 Teilnehmenden anwesend, davon 2 stimmberechtigt.",
      "Grußwort: Herzlich willkommen in Köln",
      "Satzungsänderung §3",
      "Regel: Ja / Nein / Enthaltung; einfache Mehrheit (mehr als die Hälfte der Stimmen); Enthaltungen zählen nicht zur Bezugsgröße; kein Quorum; namentliche Abstimmung",
      "Beteiligung: 3 Stimmzettel (Gewicht 3) von 3 Stimmberechtigten (Gewicht 3)",
      "Ja: 2 Stimmzettel, Gewicht 2",
      "Nein: 1 Stimmzettel, Gewicht 1",
      "Beschluss: Angenommen",
      "Geheime Änderung",
      "geheime Abstimmung",
      "Beschluss: Abgelehnt",
      "Später",
      "Nicht ausgezählt: Die Abstimmung ist ein Entwurf.",
      sha256,
      "Seite 1 von",
    ]) {
      expect(de).toContain(expected);
    }

    const english = oneLine(pdfText((await h.call("GET", `${base}/minutes.pdf`, f.owner)).raw));
    expect(english).toContain("Minutes");
    expect(english).toContain("Verdict: Passed");
    expect(english).toContain("Yes: 2 ballots, weight 2");

    const attendance = oneLine(pdfText((await h.call("GET", `${base}/attendance.pdf`, { ...f.owner, query: { language: "de" } })).raw));
    expect(attendance).toContain("Anwesenheitsliste");
    expect(attendance).toContain("2 von 3 Teilnehmenden anwesend.");
    for (const name of ["Jürgen Größe", "Zoë Müller", "Ödön Łukasz"]) expect(attendance).toContain(name);
    expect(attendance).toMatch(/Ödön Łukasz\s+Nein/);
    expect(attendance).toContain(sha256);
    expect(attendance).not.toContain("@example.org");

    const named = pdfText((await h.call("GET", `${base}/named-votes.pdf`, { ...f.owner, query: { language: "de" } })).raw);
    expect(oneLine(named)).toContain("Satzungsänderung §3");
    expect(named).toMatch(/Jürgen Größe\s+Ja\s+1\s+persönlich/);
    expect(named).toMatch(/Ödön Łukasz\s+Nein\s+1\s+persönlich/);
    expect(named).not.toContain("Geheime Änderung");
    expect(named).toContain(sha256);

    const results = oneLine(pdfText((await h.call("GET", `${base}/results.pdf`, f.owner)).raw));
    expect(results).toContain("Verdict: Passed");
    expect(results).toContain("Verdict: Rejected");
    expect(results).not.toContain("Später");
    expectError(await h.call("GET", `${base}/results.pdf`, { ...f.owner, query: { pollId: "no-such-poll" } }), 404, "not_found");

    // The files as a chair would keep them: verified, reformatted, tampered with.
    const jsonFile = join(dir, "event.json");
    const pdfFile = join(dir, "minutes.pdf");
    writeFileSync(jsonFile, json.text);
    writeFileSync(pdfFile, minutes.raw);
    expect(verify([jsonFile, pdfFile])).toMatchObject({ status: 0 });
    writeFileSync(jsonFile, JSON.stringify(JSON.parse(json.text), null, 2));
    expect(verify([jsonFile, pdfFile])).toMatchObject({ status: 0 });
    writeFileSync(jsonFile, json.text.replace("Zoë Müller", "Zoe Mueller"));
    expect(verify([jsonFile, pdfFile])).toMatchObject({ status: 1 });
  });

  it("makes every JSON export a record whose documents can be downloaded", async () => {
    const f = await assembly();
    const exported = await h.call("GET", `/api/events/${f.eventId}/exports/event.json`, f.owner);
    const sha256 = exported.headers["x-record-sha256"];
    expect(sha256).toBe(sha256Hex(exported.text));
    const minutes = await h.call("GET", `/api/events/${f.eventId}/records/${sha256}/minutes.pdf`, f.owner);
    expect(minutes.status).toBe(200);
    expect(pdfText(minutes.raw)).toContain(String(sha256));
    const actions = (await h.call("GET", `/api/events/${f.eventId}/audit`, f.owner)).json.entries.map(
      (entry: { action: string; subject: string | null }) => [entry.action, entry.subject],
    );
    expect(actions).toContainEqual(["export.event", null]);
    expect(actions).toContainEqual(["record.minutes", sha256]);
  });

  it("refuses observers, participants, strangers and unknown or malformed hashes", async () => {
    const f = await assembly();
    const other = await eventWithParticipants(h, ["Xaver"]);
    const { sha256 } = (await h.call("POST", `/api/events/${f.eventId}/records`, f.owner)).json.record;
    const observer = await h.adminWithRole(f.owner, f.eventId, "observer", "record-observer@example.org");
    const chair = await h.adminWithRole(f.owner, f.eventId, "chair", "record-chair@example.org");
    const files = ["event.json", "minutes.pdf", "attendance.pdf", "named-votes.pdf", "results.pdf"];
    expectError(await h.call("POST", `/api/events/${f.eventId}/records`, observer), 403, "forbidden");
    expectError(await h.call("GET", `/api/events/${f.eventId}/records`, observer), 403, "forbidden");
    expectError(await h.call("POST", `/api/events/${f.eventId}/records`, { bearer: f.tokens[0]! }), 401);
    for (const file of files) {
      const url = `/api/events/${f.eventId}/records/${sha256}/${file}`;
      expect((await h.call("GET", url, chair)).status).toBe(200);
      expectError(await h.call("GET", url, observer), 403, "forbidden");
      expectError(await h.call("GET", url, { bearer: f.tokens[0]! }), 401);
      expectError(await h.call("GET", url), 401);
      expectError(await h.call("GET", `/api/events/${other.eventId}/records/${sha256}/${file}`, other.owner), 404, "not_found");
      expectError(await h.call("GET", `/api/events/${f.eventId}/records/${"0".repeat(64)}/${file}`, f.owner), 404, "not_found");
      expectError(await h.call("GET", `/api/events/${f.eventId}/records/not-a-hash/${file}`, f.owner), 400, "invalid");
    }
    expectError(
      await h.call("GET", `/api/events/${f.eventId}/records/${sha256}/minutes.pdf`, { ...f.owner, query: { language: "fr" } }),
      400,
    );
  });
});
