import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateChoice } from "../../src/domain/ballot.ts";
import { isDomainError } from "../../src/domain/errors.ts";
import { applyPollPatch, transitionPoll, validateNewPoll, type Poll, type PollStatus } from "../../src/domain/poll.ts";

function rejects(code: string, action: () => unknown): void {
  try {
    action();
  } catch (error) {
    expect(isDomainError(error) ? error.code : error).toBe(code);
    return;
  }
  throw new Error(`expected a ${code} DomainError`);
}

const multiple = validateNewPoll({
  agendaItemId: "item",
  title: "Board election",
  kind: "multiple_choice",
  options: [{ label: "Ada" }, { label: "Ben" }, { label: "Cy" }, { id: "dee", label: "Dee" }],
  minChoices: 1,
  maxChoices: 2,
});

describe("poll definitions", () => {
  it("fills defaults: named, simple majority, abstentions not counted, no quorum", () => {
    const poll = validateNewPoll({ agendaItemId: "item", title: " Motion 1 ", kind: "yes_no_abstain" });
    expect(poll).toMatchObject({
      title: "Motion 1",
      options: [
        { id: "yes", label: "Yes" },
        { id: "no", label: "No" },
      ],
      minChoices: 1,
      maxChoices: 1,
      allowAbstain: true,
      secret: false,
      majority: { kind: "simple" },
      abstentionsCount: false,
      quorum: null,
    });
  });

  it("generates option ids and keeps given ones", () => {
    expect(multiple.options.map((o) => o.id)).toEqual(["o1", "o2", "o3", "dee"]);
  });

  it("rejects malformed polls", () => {
    rejects("invalid", () => validateNewPoll({ agendaItemId: "i", title: "", kind: "yes_no_abstain" }));
    rejects("invalid", () => validateNewPoll({ agendaItemId: "i", title: "T", kind: "single_choice", options: [{ label: "only" }] }));
    rejects("invalid", () =>
      validateNewPoll({ agendaItemId: "i", title: "T", kind: "yes_no_abstain", options: [{ label: "x" }, { label: "y" }] }),
    );
    rejects("invalid", () =>
      validateNewPoll({
        agendaItemId: "i",
        title: "T",
        kind: "single_choice",
        options: [
          { id: "a", label: "A" },
          { id: "a", label: "B" },
        ],
      }),
    );
    rejects("invalid", () =>
      validateNewPoll({ agendaItemId: "i", title: "T", kind: "single_choice", options: [{ id: "a b", label: "A" }, { label: "B" }] }),
    );
    rejects("invalid", () => validateNewPoll({ ...multiple, options: multiple.options, minChoices: 3, maxChoices: 2 }));
    rejects("invalid", () => validateNewPoll({ ...multiple, options: multiple.options, maxChoices: 5 }));
    rejects("invalid", () =>
      validateNewPoll({
        agendaItemId: "i",
        title: "T",
        kind: "yes_no_abstain",
        majority: { kind: "threshold", numerator: 3, denominator: 2 },
      }),
    );
    rejects("invalid", () =>
      validateNewPoll({ agendaItemId: "i", title: "T", kind: "yes_no_abstain", quorum: { kind: "weight", minWeight: 0 } }),
    );
    rejects("invalid", () => validateNewPoll({ agendaItemId: "i", title: "T", kind: "nope" as "yes_no_abstain" }));
  });

  it("patches only drafts", () => {
    const draft: Poll = {
      ...multiple,
      id: "p",
      eventId: "e",
      status: "draft",
      eligibleCount: null,
      eligibleWeight: null,
      createdAt: "",
      openedAt: null,
      closedAt: null,
      publishedAt: null,
    };
    expect(applyPollPatch(draft, { maxChoices: 3, secret: true })).toMatchObject({ maxChoices: 3, secret: true, minChoices: 1 });
    expect(applyPollPatch(draft, { kind: "yes_no_abstain" }).options.map((o) => o.id)).toEqual(["yes", "no"]);
    rejects("invalid_transition", () => applyPollPatch({ ...draft, status: "open" }, { title: "x" }));
  });
});

describe("poll status machine", () => {
  const statuses: PollStatus[] = ["draft", "open", "closed", "published"];

  it("allows exactly draft → open → closed → published", () => {
    fc.assert(
      fc.property(fc.constantFrom(...statuses), fc.constantFrom(...statuses), (from, to) => {
        const allowed = statuses.indexOf(to) === statuses.indexOf(from) + 1;
        if (allowed) expect(transitionPoll(from, to)).toBe(to);
        else rejects("invalid_transition", () => transitionPoll(from, to));
      }),
    );
  });
});

describe("choice validation", () => {
  const yesNo = validateNewPoll({ agendaItemId: "i", title: "T", kind: "yes_no_abstain" });

  it("normalises option order to the poll's", () => {
    expect(validateChoice(multiple, { kind: "options", optionIds: ["dee", "o1"] })).toEqual({ kind: "options", optionIds: ["o1", "dee"] });
  });

  it("accepts abstain alone, and only where allowed", () => {
    expect(validateChoice(yesNo, { kind: "abstain" })).toEqual({ kind: "abstain" });
    rejects("invalid", () => validateChoice({ ...multiple, allowAbstain: false }, { kind: "abstain" }));
    rejects("invalid", () => validateChoice(yesNo, { kind: "options", optionIds: ["abstain"] }));
  });

  it("rejects unknown, duplicate, too few and too many options", () => {
    rejects("invalid", () => validateChoice(yesNo, { kind: "options", optionIds: ["maybe"] }));
    rejects("invalid", () => validateChoice(yesNo, { kind: "options", optionIds: ["yes", "no"] }));
    rejects("invalid", () => validateChoice(yesNo, { kind: "options", optionIds: [] }));
    rejects("invalid", () => validateChoice(multiple, { kind: "options", optionIds: ["o1", "o1"] }));
    rejects("invalid", () => validateChoice(multiple, { kind: "options", optionIds: ["o1", "o2", "o3"] }));
    rejects("invalid", () => validateChoice(multiple, { kind: "nonsense" } as never));
    rejects("invalid", () => validateChoice(multiple, null as never));
  });

  it("accepts every subset within bounds and rejects every other (property)", () => {
    const ids = multiple.options.map((o) => o.id);
    fc.assert(
      fc.property(fc.subarray(ids), (selected) => {
        const ok = selected.length >= multiple.minChoices && selected.length <= multiple.maxChoices;
        if (ok)
          expect(validateChoice(multiple, { kind: "options", optionIds: selected })).toEqual({ kind: "options", optionIds: selected });
        else rejects("invalid", () => validateChoice(multiple, { kind: "options", optionIds: selected }));
      }),
    );
  });
});
