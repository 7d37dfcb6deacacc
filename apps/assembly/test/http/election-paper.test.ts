import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verify } from "../../src/cli/verify.ts";
import type { ElectionBallot } from "../../src/domain/election/ballot.ts";
import { countElection } from "../../src/domain/election/count.ts";
import type { Election } from "../../src/domain/election/election.ts";
import { pdfText } from "../pdf/pdf-text.ts";
import { exportedBallots } from "../store/elections.suite.ts";
import { type Backend, eventWithParticipants, expectError, Harness } from "./harness.ts";

let ballotCounter = 0;
const ballotId = () => `paper-election-ballot-${String((ballotCounter += 1)).padStart(6, "0")}`;
const one = (n: number) => ({ count: n, weight: n });

const dir = mkdtempSync(join(tmpdir(), "plenum-election-record-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each<Backend>(["sqlite", "postgres"])("election paper ballots and the record on %s", (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({}, backend);
  });
  afterAll(async () => {
    await h?.close();
  });

  async function election(names: readonly string[], body: Record<string, unknown>) {
    const f = await eventWithParticipants(h, names);
    const base = `/api/events/${f.eventId}/elections`;
    const created = await h.call("POST", base, { ...f.owner, body: { agendaItemId: f.agendaItemId, title: "Vorstand", ...body } });
    expect(created.status, created.text).toBe(201);
    const id: string = created.json.election.id;
    expect((await h.call("POST", `${base}/${id}/open`, f.owner)).status).toBe(200);
    const vote = (index: number, choice: unknown) =>
      h.call("POST", `/api/participant/elections/${id}/ballots`, { bearer: f.tokens[index]!, body: { ballotId: ballotId(), choice } });
    return { f, id, url: `${base}/${id}`, paper: `${base}/${id}/paper`, vote };
  }

  const approvalCounts = {
    kind: "approval",
    voters: one(3),
    noToAll: one(1),
    candidates: [
      { candidateId: "c1", approvals: one(2) },
      { candidateId: "c3", approvals: one(2) },
    ],
  };

  it("refuses a floor-poll ballot sent for an election's id, storing nothing", async () => {
    const { f, id, url, vote } = await election(["Anke", "Bodo"], {
      seats: 1,
      method: { kind: "approval" },
      candidates: [{ name: "A" }, { name: "B" }],
    });
    const floor = await h.call("POST", `/api/participant/polls/${id}/ballots`, {
      bearer: f.tokens[0]!,
      body: { ballotId: ballotId(), choice: { kind: "abstain" } },
    });
    const error = expectError(floor, 400, "election_ballot_route");
    expect(error.details).toEqual({ electionId: id });
    expect(
      (await h.call("GET", `/api/events/${f.eventId}/participants`, { ...f.owner, query: { filter: "voted", pollId: id } })).json.total,
    ).toBe(0);
    // Nothing was stored: the same participant still casts their one election ballot.
    expect((await vote(0, { kind: "approve", candidateIds: ["c1"] })).status).toBe(200);
    const closed = (await h.call("POST", `${url}/close`, f.owner)).json.election as Election;
    expect(closed.result?.ballots.total).toEqual(one(1));
  });

  it("adds a chair's hall count to the online ballots, marks it everywhere, and the minutes still verify", async () => {
    const { f, id, url, paper, vote } = await election(["Anke", "Bodo", "Cleo", "Dirk", "Emil", "Fritz"], {
      secret: true,
      seats: 2,
      method: { kind: "approval", allowNoToAll: true },
      candidates: [{ name: "Alma" }, { name: "Bruno" }, { name: "Carla" }],
    });
    expect((await vote(0, { kind: "approve", candidateIds: ["c1", "c2"] })).status).toBe(200);
    expect((await vote(1, { kind: "approve", candidateIds: ["c2", "c3"] })).status).toBe(200);
    expect((await vote(2, { kind: "no_to_all" })).status).toBe(200);
    expectError(await h.call("PUT", paper, { ...f.owner, body: { paper: approvalCounts } }), 409, "paper_window_closed");
    expect((await h.call("POST", `${url}/close`, f.owner)).status).toBe(200);

    const before = (await h.call("GET", url, f.owner)).json;
    const auditBefore = (await h.call("GET", `/api/events/${f.eventId}/audit`, f.owner)).json.entries.length;
    h.takeEffects();
    const refusals: [Record<string, unknown>, number, string][] = [
      [{ ...approvalCounts, voters: one(4) }, 409, "paper_exceeds_eligible"],
      [{ ...approvalCounts, voters: one(2) }, 400, "paper_counts_inconsistent"],
      [{ ...approvalCounts, candidates: [{ candidateId: "c9", approvals: one(1) }] }, 400, "invalid"],
      [{ ...approvalCounts, kind: "cumulative", noToAll: undefined }, 400, "invalid"],
      [{ kind: "ballots", ballots: [{ weight: 1, choice: { kind: "single", candidateId: "c1" } }] }, 400, "invalid"],
    ];
    for (const [body, status, code] of refusals)
      expectError(await h.call("PUT", paper, { ...f.owner, body: { paper: body } }), status, code);
    expect((await h.call("GET", url, f.owner)).json).toEqual(before);
    expect((await h.call("GET", `/api/events/${f.eventId}/audit`, f.owner)).json.entries.length).toBe(auditBefore);
    expect(h.takeEffects()).toEqual([]);

    const entered = await h.call("PUT", paper, { ...f.owner, body: { paper: approvalCounts } });
    expect(entered.status, entered.text).toBe(200);
    expect(h.takeEffects()).toEqual([{ kind: "event", eventId: f.eventId }]);
    const mixed = entered.json.election as Election;
    expect(mixed.paper).toMatchObject({ entry: { kind: "approval", voters: one(3), invalid: one(0), abstentions: one(0) } });
    expect(mixed.result).toMatchObject({
      method: "approval",
      ballots: { total: one(6), valid: one(6) },
      paper: { total: one(3) },
      noToAll: one(2),
      candidates: [
        { candidateId: "c1", approvals: 3 },
        { candidateId: "c2", approvals: 2 },
        { candidateId: "c3", approvals: 3 },
      ],
      elected: [{ candidateId: "c1" }, { candidateId: "c3" }],
    });
    const audit = (await h.call("GET", `/api/events/${f.eventId}/audit`, f.owner)).json.entries.find(
      (entry: { action: string }) => entry.action === "election.paper",
    );
    expect(audit).toMatchObject({
      subject: id,
      before: { paper: null, elected: before.election.result.elected },
      after: { paper: { kind: "approval" }, elected: [{ candidateId: "c1" }, { candidateId: "c3" }] },
    });

    const csv = (await h.call("GET", `${url}/export`, { ...f.owner, query: { format: "csv" } })).text;
    expect(csv).toContain("paper_candidate,approvals,c1,Alma,2,weight 2");
    expect(csv).toContain("paper_ballots,no_to_all,,,1,weight 1");
    const json = JSON.parse((await h.call("GET", `${url}/export`, { ...f.owner, query: { format: "json" } })).text);
    expect(json.election.paper.entry).toEqual(mixed.paper?.entry);

    const exported = await h.call("GET", `/api/events/${f.eventId}/exports/event.json`, f.owner);
    const recorded = exported.json.elections.find((entry: Election) => entry.id === id) as Election;
    expect(recorded).toMatchObject({ paper: mixed.paper, result: mixed.result, definition: { seats: 2 } });
    const sha256 = exported.headers["x-record-sha256"] as string;
    const minutes = await h.call("GET", `/api/events/${f.eventId}/records/${sha256}/minutes.pdf`, {
      ...f.owner,
      query: { language: "en" },
    });
    expect(minutes.status).toBe(200);
    const text = pdfText(minutes.raw).replace(/\s+/g, " ");
    expect(text).toContain("Vorstand");
    expect(text).toContain("Approval (block vote): 1 to 2 candidates marked, or “no to all”");
    expect(text).toContain("ties drawn by lot after closing; abstentions do not count towards the base; no quorum; secret ballot");
    expect(text).toContain("Seats: 2");
    expect(text).toContain("Candidates: Alma, Bruno, Carla");
    expect(text).toContain("Turnout: 6 ballots (weight 6) of 6 entitled (weight 6)");
    expect(text).toContain("Paper ballots: 3 voted on paper (weight 3), counted by the tellers and entered by a chair");
    expect(text).toContain("Alma: 3 approvals, requirement met (of which on paper: 2 approvals)");
    expect(text).toContain("Bruno: 2 approvals, requirement met (of which on paper: 0 approvals)");
    expect(text).toContain("No to all: 2 ballots, weight 2 (of which on paper: 1 ballots, weight 1)");
    expect(text).toContain("Elected, in order: 1. Alma, 2. Carla");
    expect(text).toContain(`Lot seed: ${mixed.lotSeed}`);
    expect(text).toContain(sha256);
    const results = await h.call("GET", `/api/events/${f.eventId}/records/${sha256}/results.pdf`, {
      ...f.owner,
      query: { language: "de" },
    });
    expect(results.status, results.text).toBe(200);
    expect(pdfText(results.raw).replace(/\s+/g, " ")).toContain(
      "Alma: 3 Zustimmungen, Anforderung erfüllt (davon auf Papier: 2 Zustimmungen)",
    );
    // The fingerprint printed on the minutes is the JSON's: `npm run verify` accepts the pair.
    const jsonFile = join(dir, `event-${backend}.json`);
    const pdfFile = join(dir, `minutes-${backend}.pdf`);
    writeFileSync(jsonFile, exported.text);
    writeFileSync(pdfFile, minutes.raw);
    expect(verify([jsonFile, pdfFile])).toEqual({ status: 0, message: `match: SHA-256 ${sha256}` });

    const cleared = (await h.call("DELETE", paper, f.owner)).json.election as Election;
    expect(cleared.paper).toBeNull();
    expect(cleared.result).toEqual(before.election.result);
    expect((await h.call("PUT", paper, { ...f.owner, body: { paper: approvalCounts } })).status).toBe(200);
    expect((await h.call("POST", `${url}/publish`, f.owner)).status).toBe(200);
    expectError(await h.call("PUT", paper, { ...f.owner, body: { paper: approvalCounts } }), 409, "paper_window_closed");
    expectError(await h.call("DELETE", paper, f.owner), 409, "paper_window_closed");
  });

  it("takes a ranked election's paper ballots one by one, never as counts, and records the STV stages", async () => {
    const { f, url, paper, vote } = await election(["Gerd", "Hanna", "Ida", "Jens", "Kai"], {
      seats: 2,
      method: { kind: "stv" },
      candidates: [{ name: "Alma" }, { name: "Bruno" }, { name: "Carla" }],
    });
    expect((await vote(0, { kind: "ranking", candidateIds: ["c1", "c2"] })).status).toBe(200);
    expect((await vote(1, { kind: "ranking", candidateIds: ["c2", "c3"] })).status).toBe(200);
    expect((await h.call("POST", `${url}/close`, f.owner)).status).toBe(200);
    const counts = { kind: "single_choice", voters: one(1), candidates: [{ candidateId: "c1", votes: one(1) }] };
    expectError(await h.call("PUT", paper, { ...f.owner, body: { paper: counts } }), 400, "paper_counts_ranked");
    const ballots: ElectionBallot[] = [
      { weight: 1, choice: { kind: "ranking", candidateIds: ["c3", "c1"] } },
      { weight: 1, choice: { kind: "ranking", candidateIds: ["c1", "c3"] } },
    ];
    const entered = await h.call("PUT", paper, { ...f.owner, body: { paper: { kind: "ballots", ballots, invalid: one(1) } } });
    expect(entered.status, entered.text).toBe(200);
    const election_ = entered.json.election as Election;
    expect(election_.result).toMatchObject({ ballots: { total: one(5), invalid: one(1) }, paper: { total: one(3), invalid: one(1) } });
    const online = exportedBallots((await h.call("GET", `${url}/ballots`, f.owner)).json.ballots);
    // The same count as if the paper ballots, the spoiled one included, had come online.
    const spoiled: ElectionBallot = { weight: 1, choice: { kind: "single", candidateId: "c1" } };
    const recount = countElection(election_.definition!, [...online, ...ballots, spoiled], { seed: election_.lotSeed });
    expect({ ...election_.result, paper: undefined }).toEqual({ ...recount, paper: undefined });
    const csv = (await h.call("GET", `${url}/export`, { ...f.owner, query: { format: "csv" } })).text;
    expect(csv).toContain('paper_ballot,1,,,1,"{""choice"":{""kind"":""ranking"",""candidateIds"":[""c3"",""c1""]}}"');

    const exported = await h.call("GET", `/api/events/${f.eventId}/exports/event.json`, f.owner);
    const sha256 = exported.headers["x-record-sha256"] as string;
    const minutes = await h.call("GET", `/api/events/${f.eventId}/records/${sha256}/minutes.pdf`, {
      ...f.owner,
      query: { language: "de" },
    });
    const text = pdfText(minutes.raw).replace(/\s+/g, " ");
    const result = election_.result as Extract<Election["result"], { method: "stv" }>;
    expect(text).toContain("Papierstimmzettel: 3 auf Papier abgestimmt (Gewicht 3)");
    expect(text).toContain("einzeln eingetragen, wie abgegeben (Rangfolgen lassen sich nicht je Person zusammenzählen)");
    expect(text).toContain(`Quote: ${result.quota}`);
    expect(text).toContain("Runde 1: Erstpräferenzen: Alma +2.00000, Bruno +1.00000, Carla +1.00000");
    for (const stage of result.stages) expect(text).toContain(`Runde ${stage.stage}:`);
    const elected = result.elected.map((seat, i) => `${i + 1}. ${election_.candidates.find((c) => c.id === seat.candidateId)?.name}`);
    expect(text).toContain(`Gewählt, in Reihenfolge: ${elected.join(", ")}`);
  });

  it("lets only the event's chairs enter an election's paper ballots", async () => {
    const { f, url, paper } = await election(["Lena", "Mia"], {
      method: { kind: "single_choice" },
      candidates: [{ name: "A" }, { name: "B" }],
    });
    expect((await h.call("POST", `${url}/close`, f.owner)).status).toBe(200);
    const body = { paper: { kind: "single_choice", voters: one(1), candidates: [{ candidateId: "c1", votes: one(1) }] } };
    const observer = await h.adminWithRole(f.owner, f.eventId, "observer", `paper-observer-${backend}@example.org`);
    expectError(await h.call("PUT", paper, { ...observer, body }), 403, "forbidden");
    expectError(await h.call("PUT", paper, { bearer: f.tokens[0]!, body }), 401);
    const other = await election(["Nina"], { method: { kind: "single_choice" }, candidates: [{ name: "A" }, { name: "B" }] });
    expectError(await h.call("PUT", other.paper.replace(other.f.eventId, f.eventId), { ...f.owner, body }), 404);
    const entered = await h.call("PUT", paper, { ...f.owner, body });
    expect(entered.json.election.result).toMatchObject({ elected: [{ candidateId: "c1" }], paper: { total: one(1) } });
  });
});
