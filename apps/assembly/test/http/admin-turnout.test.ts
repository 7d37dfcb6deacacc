import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderAdminView } from "../../src/live/views.ts";
import { Harness, eventWithParticipants } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await Harness.start();
});
afterAll(async () => {
  await h.close();
});

describe("chairs' turnout of an open poll", () => {
  it("counts eligible present participants who have not voted, the same in the list route and the admin live view", async () => {
    const f = await eventWithParticipants(h, ["Ida", "Jan", "Kai", "Lea", "Mo"]);
    const [ida, jan, kai, lea] = f.participantIds as [string, string, string, string];
    const base = `/api/events/${f.eventId}/participants`;
    await h.call("PATCH", `${base}/${lea}`, { ...f.owner, body: { eligible: false } });
    for (const id of [ida, jan, kai, lea]) await h.call("POST", `${base}/${id}/presence`, f.owner);
    const created = await h.call("POST", `/api/events/${f.eventId}/polls`, {
      ...f.owner,
      body: { agendaItemId: f.agendaItemId, title: "Secret", kind: "yes_no_abstain", secret: true },
    });
    const pollId: string = created.json.poll.id;
    await h.call("POST", `/api/events/${f.eventId}/polls/${pollId}/open`, f.owner);
    const vote = await h.call("POST", `/api/participant/polls/${pollId}/ballots`, {
      bearer: f.tokens[0]!,
      body: { ballotId: "ida-secret-0123456789", choice: { kind: "abstain" } },
    });
    expect(vote.status).toBe(200);

    const waiting = await h.call("GET", base, { ...f.owner, query: { filter: "present_not_voted", pollId } });
    expect(waiting.json.items.map((p: { name: string }) => p.name)).toEqual(["Jan", "Kai"]);
    const view = await renderAdminView(h.store, f.eventId);
    expect(view.counts).toEqual({ total: 5, eligible: 4, present: 4, presentEligible: 3 });
    expect(view.openPolls).toEqual([{ pollId, title: "Secret", count: 1, weight: 1, eligibleCount: 4, presentNotVoted: 2 }]);
    expect(JSON.stringify(view)).not.toContain("abstain");
  });
});
