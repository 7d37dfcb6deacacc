import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "../../src/csv/parse.ts";
import type { ElectionBallot } from "../../src/domain/election/ballot.ts";
import { countElection } from "../../src/domain/election/count.ts";
import type { Election } from "../../src/domain/election/election.ts";
import { exportedBallots } from "../store/elections.suite.ts";
import { type Backend, eventWithParticipants, expectError, Harness } from "./harness.ts";

let ballotCounter = 0;
const ballotId = () => `election-ballot-${String((ballotCounter += 1)).padStart(6, "0")}`;

describe.each<Backend>(["sqlite", "postgres"])("elections over HTTP on %s", (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({}, backend);
  });
  afterAll(async () => {
    await h?.close();
  });

  const vote = (token: string, electionId: string, body: Record<string, unknown>) =>
    h.call("POST", `/api/participant/elections/${electionId}/ballots`, { bearer: token, body: { ballotId: ballotId(), ...body } });

  it("runs an STV election end to end: list, candidates, ballots, count, export and an independent recount", async () => {
    const f = await eventWithParticipants(h, ["Anke", "Bodo", "Cleo", "Dirk", "Emil"]);
    const base = `/api/events/${f.eventId}/elections`;
    const created = await h.call("POST", base, {
      ...f.owner,
      body: {
        agendaItemId: f.agendaItemId,
        title: "Vorstand",
        seats: 2,
        method: { kind: "stv" },
        candidates: [{ participantId: f.participantIds[0] }, { name: "Xaver Extern", gender: "m" }],
      },
    });
    expect(created.status, created.text).toBe(201);
    const id: string = created.json.election.id;
    expectError(
      await h.call("POST", base, { ...f.owner, body: { agendaItemId: f.agendaItemId, title: "X", method: { kind: "borda" } } }),
      400,
      "invalid",
    );
    expect(
      (await h.call("POST", `${base}/${id}/candidates`, { ...f.owner, body: { name: "Yvonne" } })).json.election.candidates,
    ).toHaveLength(3);
    await h.call("POST", `${base}/${id}/candidates`, { ...f.owner, body: { name: "Zora" } });
    const withdrawn = await h.call("PUT", `${base}/${id}/candidates/c4/withdrawn`, { ...f.owner, body: { withdrawn: true } });
    expect(withdrawn.json.election.candidates.find((c: { id: string }) => c.id === "c4").withdrawn).toBe(true);
    const reordered = await h.call("PUT", `${base}/${id}/candidates`, { ...f.owner, body: { order: ["c3", "c1", "c2", "c4"] } });
    expect(reordered.json.election.candidates.map((c: { id: string }) => c.id)).toEqual(["c3", "c1", "c2", "c4"]);
    expect((await h.call("GET", base, f.owner)).json.elections.map((e: Election) => e.id)).toEqual([id]);
    // An election is not a poll: the poll routes do not reach it.
    expectError(await h.call("POST", `/api/events/${f.eventId}/polls/${id}/open`, f.owner), 404);
    expectError(await vote(f.tokens[0]!, id, { choice: { kind: "ranking", candidateIds: ["c1"] } }), 404);

    const opened = await h.call("POST", `${base}/${id}/open`, f.owner);
    expect(opened.json.election).toMatchObject({ status: "open", eligibleCount: 5, result: null });
    expectError(await h.call("POST", `${base}/${id}/candidates`, { ...f.owner, body: { name: "Late" } }), 409, "invalid_transition");
    const first = { ballotId: "anke-ranking-000000001", choice: { kind: "ranking", candidateIds: ["c1", "c2"] } };
    const cast = await h.call("POST", `/api/participant/elections/${id}/ballots`, { bearer: f.tokens[0]!, body: first });
    expect(cast.status, cast.text).toBe(200);
    expect((await h.call("POST", `/api/participant/elections/${id}/ballots`, { bearer: f.tokens[0]!, body: first })).json).toEqual(
      cast.json,
    );
    expectError(await vote(f.tokens[0]!, id, { choice: { kind: "ranking", candidateIds: ["c2"] } }), 409, "already_voted");
    expectError(await vote(f.tokens[1]!, id, { choice: { kind: "ranking", candidateIds: ["c4"] } }), 400, "invalid");
    expectError(await vote(f.tokens[1]!, id, { choice: { kind: "single", candidateId: "c1" } }), 400, "invalid");
    expectError(await vote(f.tokens[1]!, id, {}), 400, "invalid");
    expect((await vote(f.tokens[1]!, id, { choice: { kind: "ranking", candidateIds: ["c2", "c3"] } })).status).toBe(200);
    expect((await vote(f.tokens[2]!, id, { choice: { kind: "ranking", candidateIds: ["c3", "c1"] } })).status).toBe(200);
    expect((await vote(f.tokens[3]!, id, { choice: { kind: "ranking", candidateIds: ["c1", "c3", "c2"] } })).status).toBe(200);
    expectError(await h.call("GET", `${base}/${id}/ballots`, f.owner), 409, "results_not_available");

    const closed = await h.call("POST", `${base}/${id}/close`, f.owner);
    expect(closed.json.election.status).toBe("closed");
    const election: Election = closed.json.election;
    expect(election.result).toMatchObject({ method: "stv", status: "complete", ballots: { total: { count: 4, weight: 4 } } });
    expect(election.lotSeed).toMatch(/^[0-9a-f]{32}$/);
    const audit = await h.call("GET", `/api/events/${f.eventId}/audit`, f.owner);
    const entry = audit.json.entries.find((e: { action: string }) => e.action === "election.close");
    expect(entry.after).toMatchObject({ status: "closed", lotSeed: election.lotSeed });

    const json = await h.call("GET", `${base}/${id}/export`, { ...f.owner, query: { format: "json" } });
    expect(json.headers["content-disposition"]).toContain(`election-${id}.json`);
    const exported = JSON.parse(json.text) as { election: Election; ballots: Parameters<typeof exportedBallots>[0] };
    const recount = countElection(exported.election.definition!, exportedBallots(exported.ballots), { seed: exported.election.lotSeed });
    expect(recount).toEqual(election.result);

    const csv = await h.call("GET", `${base}/${id}/export`, { ...f.owner, query: { format: "csv" } });
    const rows = parseCsv(csv.text.replace(/^\uFEFF/, "")).records.map((record) => record.fields);
    expect(rows[0]).toEqual(["section", "key", "candidate_id", "candidate", "value", "detail"]);
    expect(rows.some((row) => row[0] === "stv_quota" && row[4] === (election.result as { quota: string }).quota)).toBe(true);
    const fromCsv: ElectionBallot[] = rows
      .filter((row) => row[0] === "ballot")
      .map((row) => ({ weight: Number(row[4]), ...JSON.parse(row[5]!) }) as ElectionBallot);
    expect(countElection(election.definition!, fromCsv, { seed: election.lotSeed })).toEqual(election.result);
    expect((await h.call("POST", `${base}/${id}/publish`, f.owner)).json.election.status).toBe("published");
    // The floor polls' results export leaves elections out: theirs is the election export.
    const results = await h.call("GET", `/api/events/${f.eventId}/exports/results.csv`, f.owner);
    expect(results.status).toBe(200);
    expect(results.text).not.toContain(id);
  });

  it("runs a secret approval election: turnout only while open, grouped ballots after, nothing linking a voter", async () => {
    const f = await eventWithParticipants(h, ["Anke", "Bodo", "Cleo"]);
    const base = `/api/events/${f.eventId}/elections`;
    const body = {
      agendaItemId: f.agendaItemId,
      title: "Delegierte",
      secret: true,
      seats: 2,
      method: { kind: "approval", allowNoToAll: true },
      candidates: [{ name: "A" }, { name: "B" }, { name: "C" }],
    };
    const id: string = (await h.call("POST", base, { ...f.owner, body })).json.election.id;
    await h.call("POST", `${base}/${id}/open`, f.owner);
    await vote(f.tokens[0]!, id, { choice: { kind: "approve", candidateIds: ["c1", "c2"] } });
    await vote(f.tokens[1]!, id, { choice: { kind: "approve", candidateIds: ["c2", "c1"] } });
    await vote(f.tokens[2]!, id, { choice: { kind: "no_to_all" } });
    expect((await h.call("GET", `${base}/${id}`, f.owner)).json.election.result).toBeNull();
    const closed = (await h.call("POST", `${base}/${id}/close`, f.owner)).json.election as Election;
    expect(closed.result).toMatchObject({
      method: "approval",
      noToAll: { count: 1 },
      elected: [{ candidateId: "c1" }, { candidateId: "c2" }],
    });
    const ballots = await h.call("GET", `${base}/${id}/ballots`, f.owner);
    expect(ballots.json.ballots).toEqual({
      kind: "grouped",
      groups: [
        { choice: { kind: "approve", candidateIds: ["c1", "c2"] }, ballots: 2, weight: 2 },
        { choice: { kind: "no_to_all" }, ballots: 1, weight: 1 },
      ],
    });
    expect(JSON.stringify(ballots.json)).not.toContain(f.participantIds[0]);
  });

  it("offers a one-click runoff from a single-choice result without a majority, and takes nominations", async () => {
    const f = await eventWithParticipants(h, ["Anke", "Bodo", "Cleo", "Dirk"]);
    const base = `/api/events/${f.eventId}/elections`;
    const id: string = (
      await h.call("POST", base, {
        ...f.owner,
        body: { agendaItemId: f.agendaItemId, title: "Vorsitz", method: { kind: "single_choice" }, nomination: true },
      })
    ).json.election.id;
    const nominate = (token: string, participantId?: string) =>
      h.call("POST", `/api/participant/elections/${id}/nominations`, { bearer: token, body: participantId ? { participantId } : {} });
    expect((await nominate(f.tokens[0]!)).status).toBe(200);
    expect((await nominate(f.tokens[0]!, f.participantIds[1])).status).toBe(200);
    expect((await nominate(f.tokens[2]!)).json.election.candidates.map((c: { nominatedBy: string }) => c.nominatedBy)).toEqual([
      f.participantIds[0],
      f.participantIds[0],
      f.participantIds[2],
    ]);
    expectError(await h.call("POST", `${base}/${id}/open`, f.owner), 409, "invalid_transition");
    await h.call("POST", `${base}/${id}/nominations/close`, f.owner);
    expectError(await nominate(f.tokens[3]!), 409, "invalid_transition");
    await h.call("POST", `${base}/${id}/open`, f.owner);
    for (const [i, choice] of ["c1", "c2", "c3", "c1"].entries())
      await vote(f.tokens[i]!, id, { choice: { kind: "single", candidateId: choice } });
    const closed = (await h.call("POST", `${base}/${id}/close`, f.owner)).json.election as Election;
    expect(closed.result?.status).toBe("runoff_required");
    const runoff = await h.call("POST", `${base}/${id}/runoff`, f.owner);
    expect(runoff.status, runoff.text).toBe(201);
    expect(runoff.json.election).toMatchObject({ status: "draft", runoffOf: id, setup: { round: 2 } });
    expect(runoff.json.election.candidates).toHaveLength(2);
    expectError(await h.call("POST", `${base}/${id}/runoff`, f.owner), 409, "invalid_transition");
  });

  it("waits for the chair on a tie under the chair rule, and records the decision", async () => {
    const f = await eventWithParticipants(h, ["Anke", "Bodo"]);
    const base = `/api/events/${f.eventId}/elections`;
    const body = {
      agendaItemId: f.agendaItemId,
      title: "Kasse",
      method: { kind: "approval" },
      tieRule: { kind: "chair" },
      candidates: [{ name: "A" }, { name: "B" }],
    };
    const id: string = (await h.call("POST", base, { ...f.owner, body })).json.election.id;
    expectError(await h.call("POST", `${base}/${id}/tie`, { ...f.owner, body: { order: ["c1", "c2"] } }), 409, "invalid_transition");
    await h.call("POST", `${base}/${id}/open`, f.owner);
    await vote(f.tokens[0]!, id, { choice: { kind: "approve", candidateIds: ["c1"] } });
    await vote(f.tokens[1]!, id, { choice: { kind: "approve", candidateIds: ["c2"] } });
    const closed = (await h.call("POST", `${base}/${id}/close`, f.owner)).json.election as Election;
    expect(closed.lotSeed).toBeNull();
    expect(closed.result).toMatchObject({ status: "tie_pending", pendingTie: { candidateIds: ["c1", "c2"] } });
    expectError(await h.call("POST", `${base}/${id}/tie`, { ...f.owner, body: { order: ["c1"] } }), 400, "invalid");
    const decided = await h.call("POST", `${base}/${id}/tie`, { ...f.owner, body: { order: ["c2", "c1"] } });
    expect(decided.status, decided.text).toBe(200);
    expect(decided.json.election.result).toMatchObject({
      status: "complete",
      elected: [{ candidateId: "c2" }],
      decisions: [{ order: ["c2", "c1"] }],
    });
    const audit = await h.call("GET", `/api/events/${f.eventId}/audit`, f.owner);
    expect(audit.json.entries.find((e: { action: string }) => e.action === "election.tie").after).toMatchObject({ order: ["c2", "c1"] });
  });

  it("lets only the event's admins with the right role manage elections, and only its participants vote", async () => {
    const f = await eventWithParticipants(h, ["Anke"]);
    const other = await eventWithParticipants(h, ["Otto"]);
    const base = `/api/events/${f.eventId}/elections`;
    const observer = await h.adminWithRole(f.owner, f.eventId, "observer", `observer-${f.eventId}@example.org`);
    const body = { agendaItemId: f.agendaItemId, title: "Kasse", method: { kind: "yes_no_abstain" }, candidates: [{ name: "K" }] };
    expectError(await h.call("POST", base, { ...observer, body }), 403, "forbidden");
    expectError(await h.call("POST", base, { body }), 401);
    const id: string = (await h.call("POST", base, { ...f.owner, body })).json.election.id;
    expectError(await h.call("GET", `/api/events/${other.eventId}/elections/${id}`, other.owner), 404);
    await h.call("POST", `${base}/${id}/open`, f.owner);
    expectError(await vote(other.tokens[0]!, id, { choice: { kind: "marks", marks: { c1: "yes" } } }), 404);
    expect((await vote(f.tokens[0]!, id, { choice: { kind: "marks", marks: { c1: "yes" } } })).status).toBe(200);
  });
});
