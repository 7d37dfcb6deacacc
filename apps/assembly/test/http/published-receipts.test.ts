import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Harness, eventWithParticipants, expectError } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await Harness.start();
});
afterAll(async () => {
  await h.close();
});

const hashOf = (receipt: string): string => createHash("sha256").update(`plenum:receipt\0${receipt}`).digest("hex");

describe("published receipts", () => {
  it("publish a secret poll's receipt hashes once it closed, to its participants and admins only", async () => {
    const f = await eventWithParticipants(h, ["Änne", "Björn"]);
    const other = await eventWithParticipants(h, ["Xaver"]);
    const observer = await h.adminWithRole(f.owner, f.eventId, "observer", "receipts-observer@example.org");
    const base = `/api/events/${f.eventId}/polls`;
    const create = async (secret: boolean): Promise<string> =>
      (await h.call("POST", base, { ...f.owner, body: { agendaItemId: f.agendaItemId, title: "Wahl", kind: "yes_no_abstain", secret } }))
        .json.poll.id;
    const secretPoll = await create(true);
    const namedPoll = await create(false);
    const participantUrl = `/api/participant/polls/${secretPoll}/receipts`;
    // A draft is not shown to participants at all.
    expectError(await h.call("GET", participantUrl, { bearer: f.tokens[0]! }), 404, "not_found");
    await h.call("POST", `${base}/${secretPoll}/open`, f.owner);
    await h.call("POST", `${base}/${namedPoll}/open`, f.owner);
    const receipts: string[] = [];
    for (const [index, token] of f.tokens.entries()) {
      const cast = await h.call("POST", `/api/participant/polls/${secretPoll}/ballots`, {
        bearer: token,
        body: { ballotId: `published-receipt-${index}-0123456789`, choice: { kind: "options", optionIds: ["yes"] } },
      });
      receipts.push(cast.json.receipt.receipt);
    }
    expectError(await h.call("GET", participantUrl, { bearer: f.tokens[0]! }), 409, "receipts_not_published");
    await h.call("POST", `${base}/${secretPoll}/close`, f.owner);

    const expected = { pollId: secretPoll, receiptHashes: receipts.map(hashOf).sort() };
    expect((await h.call("GET", participantUrl, { bearer: f.tokens[1]! })).json).toEqual(expected);
    expect((await h.call("GET", `${base}/${secretPoll}/receipts`, observer)).json).toEqual(expected);
    expectError(
      await h.call("GET", `/api/participant/polls/${namedPoll}/receipts`, { bearer: f.tokens[0]! }),
      409,
      "receipts_not_published",
    );
    expectError(await h.call("GET", participantUrl, { bearer: other.tokens[0]! }), 404);
    expectError(await h.call("GET", `/api/events/${other.eventId}/polls/${secretPoll}/receipts`, other.owner), 404);
    expectError(await h.call("GET", participantUrl), 401);
    expectError(await h.call("GET", `${base}/${secretPoll}/receipts`), 401);
  });
});
