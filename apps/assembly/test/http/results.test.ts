import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Harness, eventWithParticipants, expectError } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await Harness.start();
});
afterAll(async () => {
  await h.close();
});

describe("results over HTTP", () => {
  it("elects by plurality, says who won and why, and refuses plurality for a yes/no motion", async () => {
    const f = await eventWithParticipants(h, ["Ina", "Jo", "Kai", "Lu"]);
    const polls = `/api/events/${f.eventId}/polls`;
    const definition = { agendaItemId: f.agendaItemId, title: "Chair", majority: { kind: "plurality" } };
    expectError(await h.call("POST", polls, { ...f.owner, body: { ...definition, kind: "yes_no_abstain" } }), 400, "invalid");
    const created = await h.call("POST", polls, {
      ...f.owner,
      body: {
        ...definition,
        kind: "single_choice",
        options: [
          { id: "ina", label: "Ina" },
          { id: "jo", label: "Jo" },
          { id: "kai", label: "Kai" },
        ],
      },
    });
    expect(created.status).toBe(201);
    const pollId: string = created.json.poll.id;
    await h.call("POST", `${polls}/${pollId}/open`, f.owner);
    const picks = ["ina", "ina", "jo", "kai"];
    for (const [index, pick] of picks.entries()) {
      const cast = await h.call("POST", `/api/participant/polls/${pollId}/ballots`, {
        bearer: f.tokens[index]!,
        body: { ballotId: `plurality-ballot-${index}-0123456789`, choice: { kind: "options", optionIds: [pick] } },
      });
      expect(cast.status).toBeLessThan(300);
    }
    await h.call("POST", `${polls}/${pollId}/close`, f.owner);
    const { tally } = (await h.call("GET", `${polls}/${pollId}/results`, f.owner)).json;
    expect(tally.winners).toEqual(["ina"]);
    expect(tally.explanation).toMatchObject({
      rule: { kind: "plurality" },
      base: { kind: "cast", value: 4 },
      required: null,
      actual: { optionId: "ina", value: 2 },
      verdict: "passed",
      tied: [],
    });
    expect(tally.explanation.shares.map((share: { percent: number }) => share.percent)).toEqual([50, 25, 25]);
  });
});
