import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Participant } from "../../src/domain/participant.ts";
import { patchOf, planRollUpdate, type RollEntry, type RollField, rollFields, rollKeyProblems } from "../../src/domain/roll-update.ts";

const participant = (email: string, fields: Partial<Participant> = {}): Participant => ({
  id: `id-${email}`,
  eventId: "e1",
  name: email.split("@")[0]!,
  email,
  group: null,
  region: null,
  weight: 1,
  eligible: true,
  language: null,
  memberNumber: null,
  createdAt: "2026-01-01T00:00:00.000Z",
  ...fields,
});
const entry = (p: Participant, fields: Partial<RollEntry> = {}): RollEntry => ({
  name: p.name,
  email: p.email,
  group: p.group,
  region: p.region,
  weight: p.weight,
  eligible: p.eligible,
  language: p.language,
  memberNumber: p.memberNumber,
  ...fields,
});
const all = new Set<RollField>(rollFields);

describe("planRollUpdate", () => {
  const anna = participant("anna@example.org", { weight: 2 });
  const ben = participant("ben@example.org", { group: "KV Nord" });
  const cleo = participant("cleo@example.org", { language: "de" });

  it("sorts the file into added, changed field by field, unchanged and missing", () => {
    const dora: RollEntry = { ...entry(anna), name: "Dora", email: "dora@example.org" };
    const plan = planRollUpdate([anna, ben, cleo], [entry(anna), entry(ben, { weight: 3, group: "KV Süd" }), dora], all);
    expect(plan.added).toEqual([dora]);
    expect(plan.unchanged).toBe(1);
    expect(plan.changed).toEqual([
      {
        participant: ben,
        changes: [
          { field: "group", before: "KV Nord", after: "KV Süd" },
          { field: "weight", before: 1, after: 3 },
        ],
      },
    ]);
    expect(patchOf(plan.changed[0]!)).toEqual({ group: "KV Süd", weight: 3 });
    expect(plan.missing).toEqual([cleo]);
  });

  it("compares only the columns the file has, so a file without languages clears none", () => {
    const columns = new Set<RollField>(["name", "weight"]);
    const plan = planRollUpdate([cleo], [entry(cleo, { language: null, group: "ignored" })], columns);
    expect(plan).toEqual({ added: [], changed: [], unchanged: 1, missing: [] });
  });

  it("accounts for every participant and every row exactly once", () => {
    const roll = fc.uniqueArray(fc.integer({ min: 0, max: 30 }), { maxLength: 20 });
    fc.assert(
      fc.property(roll, roll, fc.integer({ min: 1, max: 3 }), (onEvent, inFile, weight) => {
        const current = onEvent.map((n) => participant(`p${n}@example.org`));
        const file = inFile.map((n) => entry(participant(`p${n}@example.org`), { weight: n % 2 === 0 ? weight : 1 }));
        const plan = planRollUpdate(current, file, all);
        expect(plan.added.length + plan.changed.length + plan.unchanged).toBe(file.length);
        expect(plan.changed.length + plan.unchanged + plan.missing.length).toBe(current.length);
        for (const change of plan.changed) expect(change.changes.every(({ before, after }) => before !== after)).toBe(true);
      }),
    );
  });

  it("matches by member number, then an email may change, and refuses rows it cannot match", () => {
    const eva = participant("eva@example.org", { memberNumber: "M-7" });
    const plan = planRollUpdate([eva], [entry(eva, { email: "eva.neu@example.org" })], all, "memberNumber");
    expect(plan.changed).toEqual([
      { participant: eva, changes: [{ field: "email", before: "eva@example.org", after: "eva.neu@example.org" }] },
    ]);
    const twin = participant("twin@example.org", { memberNumber: "M-7" });
    expect(rollKeyProblems([eva], [entry(eva), entry(eva), entry(eva, { memberNumber: null })], "memberNumber")).toEqual([
      { row: 1, problem: { code: "member_number_repeated", params: { number: "M-7" } } },
      { row: 2, problem: { code: "member_number_missing", params: {} } },
    ]);
    expect(rollKeyProblems([eva, twin], [], "memberNumber")).toEqual([
      { row: null, problem: { code: "member_number_shared", params: { count: 2, number: "M-7" } } },
    ]);
    expect(rollKeyProblems([eva, twin], [entry(eva, { memberNumber: null })], "email")).toEqual([]);
  });
});
