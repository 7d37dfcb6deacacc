import { describe, expect, it } from "vitest";
import { moveInOrder } from "../../src/domain/agenda.ts";
import { defaultEventSettings, transitionEvent, validateEventSettings, validateTimezone } from "../../src/domain/event.ts";
import { applyParticipantPatch, validateNewParticipant, validateWeight } from "../../src/domain/participant.ts";
import { adminRoles, can, type AdminAction } from "../../src/domain/roles.ts";
import { errorCode } from "./error-code.ts";

describe("roles", () => {
  it("owners can everything, observers only read, nobody without a role", () => {
    const actions: AdminAction[] = ["event.update", "roles.manage", "polls.run", "results.view", "export"];
    for (const action of actions) expect(can("owner", action)).toBe(true);
    expect(can("chair", "polls.run")).toBe(true);
    expect(can("chair", "roles.manage")).toBe(false);
    expect(can("chair", "event.update")).toBe(false);
    expect(can("observer", "results.view")).toBe(true);
    expect(can("observer", "polls.run")).toBe(false);
    expect(can("observer", "participants.manage")).toBe(false);
    expect(can(undefined, "event.view")).toBe(false);
    for (const role of adminRoles) expect(can(role, "event.view")).toBe(true);
  });
});

describe("participants", () => {
  it("normalises email and fills defaults", () => {
    expect(validateNewParticipant({ name: " Ada ", email: " Ada@Example.ORG ", group: " ", region: "North" })).toEqual({
      name: "Ada",
      email: "ada@example.org",
      group: null,
      region: "North",
      weight: 1,
      eligible: true,
      language: null,
      memberNumber: null,
    });
  });

  it("keeps a member number trimmed as written, empty as none, and refuses a long one", () => {
    expect(validateNewParticipant({ name: "A", email: "a@b", memberNumber: " 007 " }).memberNumber).toBe("007");
    expect(validateNewParticipant({ name: "A", email: "a@b", memberNumber: "  " }).memberNumber).toBeNull();
    expect(errorCode(() => validateNewParticipant({ name: "A", email: "a@b", memberNumber: "1".repeat(65) }))).toBe("invalid");
  });

  it("keeps a language of the app's, and refuses others", () => {
    expect(validateNewParticipant({ name: "A", email: "a@b", language: "de" }).language).toBe("de");
    expect(errorCode(() => validateNewParticipant({ name: "A", email: "a@b", language: "fr" as "de" }))).toBe("invalid");
  });

  it("rejects non-positive, fractional and huge weights, bad emails and empty names", () => {
    for (const weight of [0, -1, 1.5, Number.NaN, 2e9])
      expect(errorCode(() => validateNewParticipant({ name: "A", email: "a@b", weight }))).toBe("invalid");
    expect(errorCode(() => validateNewParticipant({ name: "A", email: "not-an-email" }))).toBe("invalid");
    expect(errorCode(() => validateNewParticipant({ name: "  ", email: "a@b" }))).toBe("invalid");
  });

  it("refuses control and bidirectional characters in every field, after trimming", () => {
    const base = { name: "Ada", email: "ada@example.org" };
    for (const bad of [
      { name: "Ada\u202Eevil" },
      { name: "A\nda" },
      { name: "Ada\u0000" },
      { email: "a\u200Fda@example.org" },
      { group: "G\u2069" },
      { region: "\u061CNorth" },
      { region: "R\u009Fx" },
      { group: "G\tH" },
    ]) {
      expect(
        errorCode(() => validateNewParticipant({ ...base, ...bad })),
        JSON.stringify(bad),
      ).toBe("invalid");
    }
    expect(validateNewParticipant({ ...base, name: "\tAda Lovelace\n", group: "Zoë ✓" })).toMatchObject({
      name: "Ada Lovelace",
      group: "Zoë ✓",
    });
  });

  it("says why a weight is refused", () => {
    const message = (weight: number) => {
      try {
        validateWeight(weight);
        return "accepted";
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(message(-2)).toBe("weight -2 is not positive (weights are whole numbers from 1 to 1000000000)");
    expect(message(1.5)).toBe("weight 1.5 is not a whole number (weights are whole numbers from 1 to 1000000000)");
    expect(message(2e9)).toBe("weight 2000000000 is too large (weights are whole numbers from 1 to 1000000000)");
    expect(message(1e9)).toBe("accepted");
  });

  it("patches keep unspecified fields and can clear the group", () => {
    const current = {
      id: "p",
      eventId: "e",
      name: "A",
      email: "a@b",
      group: "G",
      region: "R",
      weight: 3,
      eligible: true,
      language: null,
      memberNumber: null,
      createdAt: "",
    };
    expect(applyParticipantPatch(current, { group: null, eligible: false })).toEqual({
      name: "A",
      email: "a@b",
      group: null,
      region: "R",
      weight: 3,
      eligible: false,
      language: null,
      memberNumber: null,
    });
  });
});

describe("events", () => {
  it("moves draft → open → closed → open, never back to draft", () => {
    expect(transitionEvent("draft", "open")).toBe("open");
    expect(transitionEvent("open", "closed")).toBe("closed");
    expect(transitionEvent("closed", "open")).toBe("open");
    expect(errorCode(() => transitionEvent("open", "draft"))).toBe("invalid_transition");
    expect(errorCode(() => transitionEvent("draft", "closed"))).toBe("invalid_transition");
  });

  it("validates settings and time zones", () => {
    expect(validateEventSettings(defaultEventSettings, { proxyCapPerDelegate: 3 }).proxyCapPerDelegate).toBe(3);
    expect(errorCode(() => validateEventSettings(defaultEventSettings, { proxyCapPerDelegate: -1 }))).toBe("invalid");
    expect(validateTimezone("Europe/Berlin")).toBe("Europe/Berlin");
    expect(errorCode(() => validateTimezone("Mars/Olympus"))).toBe("unknown_time_zone");
  });
});

describe("agenda order", () => {
  it("moves an item and clamps the position", () => {
    expect(moveInOrder(["a", "b", "c"], "c", 0)).toEqual(["c", "a", "b"]);
    expect(moveInOrder(["a", "b", "c"], "a", 99)).toEqual(["b", "c", "a"]);
    expect(errorCode(() => moveInOrder(["a"], "z", 0))).toBe("not_found");
  });
});
