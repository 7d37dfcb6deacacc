import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "../../src/csv/parse.ts";
import { pdfText } from "../pdf/pdf-text.ts";
import { type Backend, Harness, eventWithParticipants, expectError } from "./harness.ts";

const yes = { kind: "options", optionIds: ["yes"] };
const no = { kind: "options", optionIds: ["no"] };

describe.each<Backend>(["sqlite", "postgres"])("split votes over HTTP on %s", (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({}, backend);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("takes a weighted delegate's split for themselves and a principal, refuses a wrong sum, and results, named list, CSV and record show it", async () => {
    const f = await eventWithParticipants(h, ["Anna", "Bert", "Cleo"]);
    const [anna, , cleo] = f.participantIds as [string, string, string];
    const people = `/api/events/${f.eventId}/participants`;
    expect((await h.call("PATCH", `${people}/${anna}`, { ...f.owner, body: { weight: 100 } })).status).toBe(200);
    expect((await h.call("PATCH", `${people}/${cleo}`, { ...f.owner, body: { weight: 40 } })).status).toBe(200);
    const proxy = await h.call("POST", `/api/events/${f.eventId}/proxies`, { ...f.owner, body: { principalId: cleo, delegateId: anna } });
    expect(proxy.status, proxy.text).toBeLessThan(300);

    const polls = `/api/events/${f.eventId}/polls`;
    const create = (allowSplit: boolean) =>
      h.call("POST", polls, {
        ...f.owner,
        body: { agendaItemId: f.agendaItemId, title: `Motion ${allowSplit}`, kind: "yes_no_abstain", allowSplit },
      });
    const created = await create(true);
    expect(created.status).toBe(201);
    expect(created.json.poll.allowSplit).toBe(true);
    const whole = (await create(false)).json.poll.id as string;
    const pollId: string = created.json.poll.id;
    for (const id of [pollId, whole]) expect((await h.call("POST", `${polls}/${id}/open`, f.owner)).status).toBe(200);

    const vote = (poll: string, index: number, ballotId: string, body: Record<string, unknown>) =>
      h.call("POST", `/api/participant/polls/${poll}/ballots`, { bearer: f.tokens[index]!, body: { ballotId, ...body } });
    const parts = (...entries: [number, unknown][]) => entries.map(([weight, choice]) => ({ weight, choice }));

    expectError(await vote(whole, 0, "anna-whole-0123456789", { parts: parts([70, yes], [30, no]) }), 400, "split_not_allowed");
    expectError(await vote(pollId, 0, "anna-both-0123456789", { choice: yes, parts: parts([100, yes]) }), 400);
    const wrong = expectError(await vote(pollId, 0, "anna-wrong-0123456789", { parts: parts([70, yes], [20, no]) }), 400, "split_mismatch");
    expect(wrong.details).toMatchObject({ field: "parts", total: 90, weight: 100 });
    // For a proxy the parts add up to the principal's weight, not the delegate's.
    expectError(
      await vote(pollId, 0, "cleo-wrong-0123456789", { principalId: cleo, parts: parts([70, yes], [30, no]) }),
      400,
      "split_mismatch",
    );
    const entitlements = await h.call("GET", `/api/participant/polls/${pollId}/entitlements`, { bearer: f.tokens[0]! });
    expect(entitlements.json.entitlements.map((e: { hasVoted: boolean }) => e.hasVoted)).toEqual([false, false]);

    const first = await vote(pollId, 0, "anna-split-0123456789", { parts: parts([70, yes], [30, no]) });
    expect(first.status, first.text).toBe(200);
    expect(first.json.receipt).toMatchObject({ principalId: anna, weight: 100 });
    expect((await vote(pollId, 0, "anna-split-0123456789", { parts: parts([70, yes], [30, no]) })).json).toEqual(first.json);
    expectError(await vote(pollId, 0, "anna-again-0123456789", { choice: no }), 409, "already_voted");
    expect((await vote(pollId, 0, "cleo-split-0123456789", { principalId: cleo, parts: parts([10, yes], [30, no]) })).status).toBe(200);
    expect((await vote(pollId, 1, "bert-whole-0123456789", { choice: yes })).status).toBe(200);

    expect((await h.call("POST", `${polls}/${pollId}/close`, f.owner)).status).toBe(200);
    const { tally } = (await h.call("GET", `${polls}/${pollId}/results`, f.owner)).json;
    expect(tally.turnout).toEqual({ count: 3, weight: 141 });
    expect(tally.options).toMatchObject([
      { optionId: "yes", count: 3, weight: 81 },
      { optionId: "no", count: 2, weight: 60 },
    ]);
    expect(tally.outcome).toBe("passed");
    expect((await h.call("POST", `${polls}/${pollId}/publish`, f.owner)).status).toBe(200);

    const named = (await h.call("GET", `${polls}/${pollId}/ballots`, f.owner)).json.ballots;
    expect(named).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ participantId: anna, weight: 100, parts: parts([70, yes], [30, no]) }),
        expect.objectContaining({ participantId: cleo, voterId: anna, weight: 40, parts: parts([10, yes], [30, no]) }),
      ]),
    );

    const [header, ...rows] = parseCsv((await h.call("GET", `/api/events/${f.eventId}/exports/results.csv`, f.owner)).text).records.map(
      (record) => record.fields,
    );
    const column = (name: string) => header!.indexOf(name);
    const ofPoll = rows.filter((row) => row[column("poll_id")] === pollId);
    expect(
      ofPoll.map((row) => [row[column("option_id")], row[column("count")], row[column("weight")], row[column("split_allowed")]]),
    ).toEqual([
      ["yes", "3", "81", "yes"],
      ["no", "2", "60", "yes"],
      ["", "0", "0", "yes"],
    ]);
    expect(ofPoll[0]![column("turnout_count")]).toBe("3");

    const issued = await h.call("POST", `/api/events/${f.eventId}/records`, f.owner);
    const record = `/api/events/${f.eventId}/records/${issued.json.record.sha256}`;
    const english = pdfText((await h.call("GET", `${record}/named-votes.pdf`, f.owner)).raw).replace(/\s+/g, " ");
    expect(english).toContain("70 Yes, 30 No");
    expect(english).toContain("10 Yes, 30 No");
    expect(english).toContain("a voter may split their weight across choices");
    const german = pdfText((await h.call("GET", `${record}/named-votes.pdf`, { ...f.owner, query: { language: "de" } })).raw);
    expect(german.replace(/\s+/g, " ")).toContain("70 Ja, 30 Nein");
  });
});
