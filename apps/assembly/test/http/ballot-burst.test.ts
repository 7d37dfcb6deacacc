import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Harness, eventWithParticipants, expectError } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await Harness.start();
});
afterAll(async () => {
  await h.close();
});

const vote = (token: string, pollId: string, body: unknown) =>
  h.call("POST", `/api/participant/polls/${pollId}/ballots`, { bearer: token, body });

describe("a burst of ballots", () => {
  it("answers each request on its own when they are authenticated and written together", async () => {
    const f = await eventWithParticipants(
      h,
      Array.from({ length: 24 }, (_, i) => `Voter ${i}`),
    );
    const created = await h.call("POST", `/api/events/${f.eventId}/polls`, {
      ...f.owner,
      body: { agendaItemId: f.agendaItemId, title: "Motion", kind: "yes_no_abstain" },
    });
    const pollId: string = created.json.poll.id;
    await h.call("POST", `/api/events/${f.eventId}/polls/${pollId}/open`, f.owner);
    expect((await h.call("DELETE", `/api/events/${f.eventId}/participants/${f.participantIds[3]}/invitation`, f.owner)).status).toBe(204);

    const bodies = f.tokens.map((_, i) => ({
      ballotId: `burst-ballot-${String(i).padStart(4, "0")}`,
      choice: i === 5 ? { kind: "options", optionIds: ["maybe"] } : { kind: "options", optionIds: [i % 2 ? "yes" : "no"] },
    }));
    // All at once: the lookups share a query and the ballots a transaction.
    const [unknown, ...replies] = await Promise.all([
      vote("A".repeat(43), pollId, bodies[0]),
      ...f.tokens.map((token, i) => vote(token, pollId, bodies[i])),
    ]);
    expectError(unknown!, 401);
    expectError(replies[3]!, 401);
    expectError(replies[5]!, 400, "invalid");
    const accepted = replies.flatMap((reply, i) => (i === 3 || i === 5 ? [] : [{ i, reply }]));
    for (const { reply } of accepted) expect(reply.status, reply.text).toBe(200);
    expect((await h.store.ballots.tally(pollId)).tally.turnout.count).toBe(22);

    // Retried together, every accepted ballot gets its receipt back and nothing more is stored.
    const retried = await Promise.all(accepted.map(({ i }) => vote(f.tokens[i]!, pollId, bodies[i])));
    expect(retried.map((reply) => reply.json.receipt)).toEqual(accepted.map(({ reply }) => reply.json.receipt));
    expect((await h.store.ballots.tally(pollId)).tally.turnout.count).toBe(22);
  });
});
