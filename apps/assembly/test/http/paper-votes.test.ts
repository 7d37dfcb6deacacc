import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pdfText } from "../pdf/pdf-text.ts";
import { type Backend, Harness, eventWithParticipants, expectError } from "./harness.ts";

const yes = { kind: "options", optionIds: ["yes"] };
const no = { kind: "options", optionIds: ["no"] };

/** Paper counts of a yes/no motion, every paper voter of weight 1. */
const counts = (yesVotes: number, noVotes: number, invalid = 0) => ({
  voters: { count: yesVotes + noVotes + invalid, weight: yesVotes + noVotes + invalid },
  choices: [
    { choice: "yes", count: yesVotes, weight: yesVotes },
    { choice: "no", count: noVotes, weight: noVotes },
  ],
  invalid: { count: invalid, weight: invalid },
});

describe.each<Backend>(["sqlite", "postgres"])("paper votes over HTTP on %s", (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({}, backend);
  });
  afterAll(async () => {
    await h?.close();
  });

  async function motion(names: readonly string[], secret = false) {
    const f = await eventWithParticipants(h, names);
    const base = `/api/events/${f.eventId}/polls`;
    const created = await h.call("POST", base, {
      ...f.owner,
      body: { agendaItemId: f.agendaItemId, title: "Motion", kind: "yes_no_abstain", secret },
    });
    const pollId: string = created.json.poll.id;
    expect((await h.call("POST", `${base}/${pollId}/open`, f.owner)).status).toBe(200);
    const vote = (index: number, choice: unknown) =>
      h.call("POST", `/api/participant/polls/${pollId}/ballots`, {
        bearer: f.tokens[index]!,
        body: { ballotId: `ballot-${index}-0123456789abcdef`, choice },
      });
    return { f, pollId, poll: `${base}/${pollId}`, paper: `${base}/${pollId}/paper`, vote };
  }

  it("takes a chair's paper counts and named paper voters, and results, audit and exports show both parts", async () => {
    const { f, pollId, poll, paper, vote } = await motion(["Anna", "Bert", "Cleo", "Dirk", "Emil", "Fritz"]);
    expect((await vote(0, yes)).status).toBe(200);
    h.takeEffects();
    const named = await h.call("PUT", `${paper}/voters/${f.participantIds[1]}`, { ...f.owner, body: { choice: no } });
    expect(named.status, named.text).toBe(200);
    expect(named.json.paper.voters).toEqual([{ principalId: f.participantIds[1], name: "Bert", weight: 1, choice: no }]);
    expect(h.takeEffects()).toEqual([
      { kind: "event", eventId: f.eventId },
      { kind: "participants", eventId: f.eventId },
      { kind: "participant", eventId: f.eventId, participantId: f.participantIds[1] },
    ]);
    expectError(await vote(1, yes), 409, "already_voted");
    expectError(await h.call("PUT", `${paper}/counts`, { ...f.owner, body: counts(1, 0) }), 409, "paper_window_closed");
    expect((await h.call("POST", `${poll}/close`, f.owner)).status).toBe(200);

    const entered = await h.call("PUT", `${paper}/counts`, { ...f.owner, body: counts(2, 1, 1) });
    expect(entered.status, entered.text).toBe(200);
    expect(entered.json.paper).toMatchObject({ counts: { voters: { count: 4 } }, online: { count: 1 } });
    const results = await h.call("GET", `${poll}/results`, f.owner);
    expect(results.json.tally).toMatchObject({
      turnout: { count: 6 },
      options: [{ count: 3 }, { count: 2 }],
      invalid: { count: 1 },
      parts: { online: { turnout: { count: 1 } }, paper: { turnout: { count: 5 } } },
    });

    // A correction replaces the counts; the audit keeps both versions and who entered them.
    expect((await h.call("PUT", `${paper}/counts`, { ...f.owner, body: counts(1, 2, 1) })).status).toBe(200);
    const audit = (await h.call("GET", `/api/events/${f.eventId}/audit`, f.owner)).json.entries.filter((entry: { action: string }) =>
      entry.action.startsWith("poll.paper"),
    );
    expect(audit.map((entry: { action: string }) => entry.action)).toEqual(["poll.paper.voter", "poll.paper.counts", "poll.paper.counts"]);
    expect(audit[2]).toMatchObject({
      subject: pollId,
      before: { choices: [{ count: 2 }, { count: 1 }] },
      after: { choices: [{ count: 1 }, { count: 2 }] },
    });

    expect((await h.call("POST", `${poll}/publish`, f.owner)).status).toBe(200);
    const ballots = await h.call("GET", `${poll}/ballots`, f.owner);
    expect(ballots.json.ballots.map((ballot: { name: string; paper: boolean }) => [ballot.name, ballot.paper])).toEqual([
      ["Anna", false],
      ["Bert", true],
    ]);
    const csv = await h.call("GET", `/api/events/${f.eventId}/exports/results.csv`, f.owner);
    expect(csv.status, csv.text).toBe(200);
    expect(csv.text).toContain("paper_count");
    expect(csv.text).toContain("(invalid)");
    const exported = await h.call("GET", `/api/events/${f.eventId}/exports/event.json`, f.owner);
    expect(exported.json.polls[0].tally.parts.paper.turnout).toEqual({ count: 5, weight: 5 });
    // The minutes made from that export mark the paper part of every count.
    const sha256 = exported.headers["x-record-sha256"];
    const minutes = await h.call("GET", `/api/events/${f.eventId}/records/${sha256}/minutes.pdf`, {
      ...f.owner,
      query: { language: "de" },
    });
    const text = pdfText(minutes.raw).replace(/\s+/g, " ");
    expect(text).toContain("5 auf Papier abgestimmt (Gewicht 5)");
    expect(text).toContain("2 Stimmzettel, Gewicht 2 (online 1 · auf Papier 1)");
    expect(text).toContain("Ungültig (Papier)");
    expectError(await h.call("PUT", `${paper}/counts`, { ...f.owner, body: counts(1, 0) }), 409, "paper_window_closed");
  });

  it("refuses bad input, too many voters and a paper voter who voted online, changing nothing", async () => {
    const { f, poll, paper, vote } = await motion(["Gerd", "Hanna", "Ida"]);
    expect((await vote(0, yes)).status).toBe(200);
    expectError(await h.call("PUT", `${paper}/voters/${f.participantIds[0]}`, { ...f.owner, body: { choice: no } }), 409, "already_voted");
    expect((await h.call("POST", `${poll}/close`, f.owner)).status).toBe(200);
    const before = (await h.call("GET", paper, f.owner)).json;
    const auditBefore = (await h.call("GET", `/api/events/${f.eventId}/audit`, f.owner)).json.entries.length;
    h.takeEffects();

    const error = expectError(await h.call("PUT", `${paper}/counts`, { ...f.owner, body: counts(2, 1) }), 409, "paper_exceeds_eligible");
    expect(error.details).toMatchObject({ total: { count: 4 }, eligible: { count: 3 } });
    expectError(
      await h.call("PUT", `${paper}/counts`, { ...f.owner, body: { ...counts(1, 1), voters: { count: 1, weight: 1 } } }),
      400,
      "paper_counts_inconsistent",
    );
    expectError(
      await h.call("PUT", `${paper}/counts`, { ...f.owner, body: { ...counts(1, 0), voters: { count: -1, weight: 1 } } }),
      400,
      "invalid",
    );
    expectError(await h.call("PUT", `${paper}/counts`, { ...f.owner, body: { ...counts(1, 0), extra: true } }), 400, "invalid");
    expectError(await h.call("PUT", `${paper}/counts`, { ...f.owner, body: "not json", contentType: "application/json" }), 400);
    expectError(
      await h.call("PUT", `${paper}/voters/${f.participantIds[1]}`, {
        ...f.owner,
        body: { choice: { kind: "options", optionIds: ["maybe"] } },
      }),
      400,
      "invalid",
    );
    expectError(await h.call("DELETE", `${paper}/voters/${f.participantIds[0]}`, f.owner), 404, "not_found");

    expect((await h.call("GET", paper, f.owner)).json).toEqual(before);
    expect((await h.call("GET", `/api/events/${f.eventId}/audit`, f.owner)).json.entries.length).toBe(auditBefore);
    expect(h.takeEffects()).toEqual([]);
  });

  it("lets only the event's chairs enter paper votes, and keeps choices out of a secret poll's paper voters", async () => {
    const { f, paper, poll } = await motion(["Jana", "Kai"], true);
    const observer = await h.adminWithRole(f.owner, f.eventId, "observer", `observer-${backend}@example.org`);
    expectError(await h.call("PUT", `${paper}/voters/${f.participantIds[0]}`, { ...observer, body: {} }), 403, "forbidden");
    expectError(await h.call("PUT", `${paper}/voters/${f.participantIds[0]}`, { bearer: f.tokens[0]!, body: {} }), 401);
    const other = await motion(["Lena"]);
    expectError(await h.call("GET", `/api/events/${other.f.eventId}/polls/${f.participantIds[0]}/paper`, f.owner), 404);
    expectError(await h.call("PUT", `${paper}/voters/${other.f.participantIds[0]}`, { ...f.owner, body: {} }), 404, "not_found");

    expectError(await h.call("PUT", `${paper}/voters/${f.participantIds[0]}`, { ...f.owner, body: { choice: yes } }), 403, "secret_poll");
    const named = await h.call("PUT", `${paper}/voters/${f.participantIds[0]}`, { ...f.owner, body: {} });
    expect(named.json.paper.voters).toEqual([{ principalId: f.participantIds[0], name: "Jana", weight: 1, choice: null }]);
    expect((await h.call("POST", `${poll}/close`, f.owner)).status).toBe(200);
    expectError(await h.call("POST", `${poll}/publish`, f.owner), 409, "paper_counts_missing");
    expect((await h.call("PUT", `${paper}/counts`, { ...f.owner, body: counts(0, 1) })).status).toBe(200);
    expect((await h.call("POST", `${poll}/publish`, f.owner)).status).toBe(200);
    const audit = (await h.call("GET", `/api/events/${f.eventId}/audit`, f.owner)).json.entries.find(
      (entry: { action: string }) => entry.action === "poll.paper.voter",
    );
    expect(audit.after).toEqual({ principalId: f.participantIds[0], name: "Jana", weight: 1, choice: null });
  });
});
