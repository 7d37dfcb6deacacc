import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Harness, createMotion, eventWithParticipants, expectError, motionText as text } from "./harness.ts";

const dir = mkdtempSync(join(tmpdir(), "plenum-motions-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pdfText = (pdf: Buffer): string => {
  const file = join(dir, "book.pdf");
  writeFileSync(file, pdf);
  return execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
};

// The vote path locks polls and motions in one transaction: run it on both databases.
describe.each(["sqlite", "postgres"] as const)("motions over HTTP on %s", (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({}, backend);
  });
  afterAll(async () => {
    await h?.close();
  });

  describe("motions for the chairs", () => {
    it("runs a motion with two amendments through a vote: the accepted one goes into the final text, every step audited", async () => {
      const f = await eventWithParticipants(h, ["Anke"]);
      const motion = await createMotion(h, f);
      const base = `/api/events/${f.eventId}/motions/${motion.id}`;
      expectError(
        await h.call("POST", `/api/events/${f.eventId}/motions`, {
          ...f.owner,
          body: { title: "Again", text, number: "a1", submitters: [{ kind: "name", name: "X" }] },
        }),
        409,
        "conflict",
      );

      const file = async (number: string, line: number, replacement: string, submitter: string) => {
        const reply = await h.call("POST", `${base}/amendments`, {
          ...f.owner,
          body: { number, lineFrom: line, lineTo: line, text: replacement, submitters: [{ kind: "name", name: submitter }] },
        });
        expect(reply.status, reply.text).toBe(201);
        return reply;
      };
      const first = await file("Ä1", 1, "The assembly resolves to plant oaks in every town square", "North");
      const second = await file("Ä2", 3, "It asks the board to report back in writing.", "South");
      const [a1, a2] = [first.json.amendment.id as string, second.json.amendment.id as string];
      expectError(
        await h.call("POST", `${base}/amendments`, {
          ...f.owner,
          body: { lineFrom: 0, lineTo: 1, text: "x", submitters: [{ kind: "name", name: "Y" }] },
        }),
        400,
        "invalid",
      );

      const recommended = await h.call("PUT", `${base}/recommendation`, {
        ...f.owner,
        body: { recommendation: { kind: "accept_amended", label: "with Ä2", recommender: "Committee" } },
      });
      expect(recommended.json.motion.recommendation).toMatchObject({ kind: "accept_amended", recommender: "Committee" });

      const poll = await h.call("POST", `${base}/polls`, { ...f.owner, body: { amendmentId: a2 } });
      expect(poll.status, poll.text).toBe(201);
      const pollId: string = poll.json.poll.id;
      expect(poll.json.poll).toMatchObject({ kind: "yes_no_abstain", agendaItemId: f.agendaItemId, title: "Ä2 (A1: Trees)" });
      const polls = `/api/events/${f.eventId}/polls/${pollId}`;
      expectError(await h.call("POST", `${polls}/open`, f.owner), 409, "invalid_transition");
      for (const to of ["admitted", "in_debate", "voting"]) {
        const step = await h.call("POST", `${base}/amendments/${a2}/transition`, { ...f.owner, body: { to } });
        expect(step.status, step.text).toBe(200);
      }
      expectError(
        await h.call("POST", `${base}/amendments/${a1}/transition`, { ...f.owner, body: { to: "accepted" } }),
        409,
        "invalid_transition",
      );
      expect((await h.call("POST", `${polls}/open`, f.owner)).status).toBe(200);
      const cast = await h.call("POST", `/api/participant/polls/${pollId}/ballots`, {
        bearer: f.tokens[0]!,
        body: { ballotId: "anke-motion-ballot-0123", choice: { kind: "options", optionIds: ["yes"] } },
      });
      expect(cast.status, cast.text).toBe(200);
      await h.call("POST", `${polls}/close`, f.owner);
      h.takeEffects();
      expect((await h.call("POST", `${polls}/publish`, f.owner)).status).toBe(200);
      expect(h.takeEffects()).toContainEqual({ kind: "motions", eventId: f.eventId, motionId: motion.id });

      const detail = await h.call("GET", base, f.owner);
      expect(detail.json.amendments.map((a: { state: string }) => a.state)).toEqual(["submitted", "accepted"]);
      const view = await h.call("GET", `/api/participant/motions/${motion.id}`, { bearer: f.tokens[0]! });
      expect(view.status, view.text).toBe(200);
      expect(view.json.finalText).toMatchObject({ changed: true, text: text.replace("report back.", "report back in writing.") });
      const change = view.json.amendments.find((a: { id: string }) => a.id === a2).change;
      expect(change.segments).toContainEqual({ op: "insert", text: " in writing" });
      expect(view.json.lines[0]).toMatchObject({ number: 1, blockStart: true });
      expect(view.json.polls).toEqual([{ pollId, amendmentId: a2, title: "Ä2 (A1: Trees)", status: "published" }]);

      const audit = (await h.call("GET", `/api/events/${f.eventId}/audit`, f.owner)).json.entries as {
        action: string;
        before: unknown;
        after: unknown;
      }[];
      expect(audit.map((e) => e.action).filter((a) => a.startsWith("motion") || a.startsWith("amendment"))).toEqual([
        "motion.create",
        "amendment.create",
        "amendment.create",
        "motion.recommend",
        "amendment.transition",
        "amendment.transition",
        "amendment.transition",
        "amendment.vote",
      ]);
      expect(audit.find((e) => e.action === "amendment.vote")).toMatchObject({
        before: { state: "voting" },
        after: { state: "accepted", pollId, outcome: "passed" },
      });

      const book = await h.app.inject({
        method: "GET",
        url: `/api/events/${f.eventId}/motions/book.pdf?language=de`,
        headers: { cookie: f.owner.cookie! },
      });
      expect(book.statusCode).toBe(200);
      expect(book.headers["content-type"]).toBe("application/pdf");
      const printed = pdfText(book.rawPayload);
      expect(printed).toContain("Antragsbuch");
      expect(printed).toMatch(/ 1\s+The assembly resolves to plant trees in every town square of the region this\n\s+2\s+year\.\n/);
      expect(printed).toMatch(/Ä2 · Zeile 3 · Accepted/);
      expect(printed).toContain("Ersetze: It asks the board to report back.");
      expect(printed).toContain("Endfassung nach den angenommenen Änderungsanträgen");
      expect(printed).toContain("Committee: Annahme in geänderter Fassung (with Ä2)");
    });

    it("keeps observers to reading and motions of other events out of reach", async () => {
      const f = await eventWithParticipants(h, []);
      const other = await eventWithParticipants(h, []);
      const motion = await createMotion(h, other);
      const observer = await h.adminWithRole(f.owner, f.eventId, "observer", "observer-motions@example.org");
      expectError(
        await h.call("POST", `/api/events/${f.eventId}/motions`, {
          ...observer,
          body: { title: "No", text, submitters: [{ kind: "name", name: "X" }] },
        }),
        403,
        "forbidden",
      );
      expect((await h.call("GET", `/api/events/${f.eventId}/motions`, observer)).json.motions).toEqual([]);
      expectError(await h.call("GET", `/api/events/${f.eventId}/motions/${motion.id}`, f.owner), 404, "not_found");
      expectError(
        await h.call("POST", `/api/events/${f.eventId}/motions/${motion.id}/transition`, { ...f.owner, body: { to: "admitted" } }),
        404,
      );
      expectError(await h.call("GET", `/api/events/${f.eventId}/motions`), 401);
    });

    it("imports a CSV completely or not at all", async () => {
      const f = await eventWithParticipants(h, ["Anna Müller"]);
      const url = `/api/events/${f.eventId}/motions/import`;
      const bad = "Titel;Antragstext;Antragsteller*innen\nGood;Some text;Anna Müller\n;Missing title;KV Nord\n";
      const error = expectError(await h.call("POST", url, { ...f.owner, body: bad, contentType: "text/csv" }), 422, "csv_invalid");
      expect((error.details as { errors: { line: number }[] }).errors.map((e) => e.line)).toEqual([3]);
      expect((await h.call("GET", `/api/events/${f.eventId}/motions`, f.owner)).json.motions).toEqual([]);
      const good = `Nummer;Titel;Antragstext;Antragsteller*innen;TOP\nS1;Good;Some text;"anna müller; KV Nord";1\n`;
      const imported = await h.call("POST", url, { ...f.owner, body: good, contentType: "text/csv" });
      expect(imported.status, imported.text).toBe(200);
      expect(imported.json).toEqual({ imported: 1, ignoredColumns: [] });
      const [motion] = (await h.call("GET", `/api/events/${f.eventId}/motions`, f.owner)).json.motions;
      expect(motion).toMatchObject({
        number: "S1",
        agendaItemId: f.agendaItemId,
        submitters: [
          { kind: "participant", participantId: f.participantIds[0] },
          { kind: "name", name: "KV Nord" },
        ],
      });
    });
  });

  describe("motions for participants", () => {
    it("submits only when the chairs allow it and supports others' motions idempotently", async () => {
      const f = await eventWithParticipants(h, ["Anke", "Bodo"]);
      const [anke, bodo] = [{ bearer: f.tokens[0]! }, { bearer: f.tokens[1]! }];
      const body = { title: "More benches", text: "Every park gets benches.", coSubmitters: ["Youth"] };
      expectError(await h.call("POST", "/api/participant/motions", { ...anke, body }), 403, "motions_closed");
      const settings = await h.call("PATCH", `/api/events/${f.eventId}/motion-settings`, {
        ...f.owner,
        body: { participantMotions: true, defaultWorkflow: "de" },
      });
      expect(settings.json.settings).toMatchObject({ participantMotions: true, workflow: { name: "Antragsverfahren" } });
      const submitted = await h.call("POST", "/api/participant/motions", { ...anke, body });
      expect(submitted.status, submitted.text).toBe(201);
      const motionId: string = submitted.json.motion.id;
      expect(submitted.json.motion.submitters).toEqual([
        { kind: "participant", participantId: f.participantIds[0] },
        { kind: "name", name: "Youth" },
      ]);
      expectError(await h.call("PUT", `/api/participant/motions/${motionId}/support`, anke), 409, "conflict");
      for (let i = 0; i < 2; i++) {
        const supported = await h.call("PUT", `/api/participant/motions/${motionId}/support`, bodo);
        expect(supported.json.motion.supporters).toEqual([f.participantIds[1]]);
      }
      const list = await h.call("GET", "/api/participant/motions", bodo);
      expect(list.json.motions).toEqual([
        expect.objectContaining({ id: motionId, supporters: 1, state: expect.objectContaining({ name: "Eingereicht" }) }),
      ]);
      expect((await h.call("DELETE", `/api/participant/motions/${motionId}/support`, bodo)).json.motion.supporters).toEqual([]);
      expectError(
        await h.call("POST", `/api/participant/motions/${motionId}/amendments`, {
          ...bodo,
          body: { lineFrom: 1, lineTo: 1, text: "Every park gets two benches." },
        }),
        403,
        "motions_closed",
      );
      await h.call("PATCH", `/api/events/${f.eventId}/motion-settings`, { ...f.owner, body: { participantAmendments: true } });
      const amendment = await h.call("POST", `/api/participant/motions/${motionId}/amendments`, {
        ...bodo,
        body: { lineFrom: 1, lineTo: 1, text: "Every park gets two benches." },
      });
      expect(amendment.status, amendment.text).toBe(201);
      const actions = (await h.call("GET", `/api/events/${f.eventId}/audit`, f.owner)).json.entries.map(
        (e: { action: string; actor: string }) => `${e.action} ${e.actor}`,
      );
      expect(actions).toEqual(
        expect.arrayContaining([
          `motion.submit participant:${f.participantIds[0]}`,
          `motion.support participant:${f.participantIds[1]}`,
          `amendment.submit participant:${f.participantIds[1]}`,
        ]),
      );
      expect(actions.filter((a: string) => a.startsWith("motion.support"))).toHaveLength(1);
      const stranger = await eventWithParticipants(h, ["Cleo"]);
      expectError(await h.call("PUT", `/api/participant/motions/${motionId}/support`, { bearer: stranger.tokens[0]! }), 404, "not_found");
      expectError(await h.call("GET", `/api/participant/motions/${motionId}`, { bearer: stranger.tokens[0]! }), 404, "not_found");
      expect((await h.call("GET", "/api/participant/motions", { bearer: stranger.tokens[0]! })).json.motions).toEqual([]);
      expectError(await h.call("GET", "/api/participant/motions"), 401);
    });
  });
});
