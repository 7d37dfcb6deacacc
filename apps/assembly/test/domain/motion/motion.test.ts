import { describe, expect, it } from "vitest";
import { defaultWorkflow } from "../../../src/domain/motion/default-workflow.ts";
import {
  addSupporter,
  applyMotionPatch,
  type Motion,
  nextMotionNumber,
  removeSupporter,
  setRecommendation,
  transitionMotion,
  validateNewMotion,
} from "../../../src/domain/motion/motion.ts";
import { recommendationText } from "../../../src/domain/motion/recommendation.ts";
import { errorCode } from "../error-code.ts";

const workflow = defaultWorkflow();

const definition = validateNewMotion({
  number: " A1 ",
  title: " Mehr Bäume ",
  text: "Der Parteitag möge beschließen:\r\n\r\n- mehr Bäume\r- weniger Beton",
  submitters: [
    { kind: "participant", participantId: "p1" },
    { kind: "name", name: " KV Mitte " },
  ],
  minSupporters: 2,
  category: " Umwelt ",
});

const motion: Motion = {
  ...definition,
  id: "m1",
  eventId: "e1",
  state: "submitted",
  supporters: [],
  recommendation: null,
  createdAt: "2025-05-01T09:00:00.000Z",
};

describe("motions", () => {
  it("normalises text and labels and fills defaults", () => {
    expect(definition).toEqual({
      number: "A1",
      title: "Mehr Bäume",
      text: "Der Parteitag möge beschließen:\n\n- mehr Bäume\n- weniger Beton",
      reason: "",
      submitters: [
        { kind: "participant", participantId: "p1" },
        { kind: "name", name: "KV Mitte" },
      ],
      minSupporters: 2,
      category: "Umwelt",
      agendaItemId: null,
    });
    expect(validateNewMotion({ ...definition, text: "Cafe\u0301" }).text).toBe("Café");
  });

  it("refuses what cannot be a motion", () => {
    const valid = { title: "T", text: "Text", submitters: [{ kind: "name" as const, name: "A" }] };
    const invalid = [
      { ...valid, title: "" },
      { ...valid, text: " \n " },
      { ...valid, text: "x".repeat(100_001) },
      { ...valid, text: "bell \u0007" },
      { ...valid, reason: "x".repeat(20_001) },
      { ...valid, submitters: [] },
      {
        ...valid,
        submitters: [
          { kind: "name" as const, name: "A" },
          { kind: "name" as const, name: " a " },
        ],
      },
      { ...valid, submitters: [{ kind: "participant" as const, participantId: "" }] },
      { ...valid, submitters: [{ kind: "robot" } as never] },
      { ...valid, number: "A1; DROP" },
      { ...valid, minSupporters: -1 },
      { ...valid, minSupporters: 1.5 },
      { ...valid, category: "x".repeat(101) },
    ];
    for (const input of invalid) expect(errorCode(() => validateNewMotion(input))).toBe("invalid");
  });

  it("edits content only in editable states, metadata always", () => {
    expect(applyMotionPatch(workflow, motion, { title: "Noch mehr Bäume" }).title).toBe("Noch mehr Bäume");
    const admitted = { ...motion, state: "admitted" };
    expect(errorCode(() => applyMotionPatch(workflow, admitted, { text: "Neu" }))).toBe("invalid_transition");
    expect(applyMotionPatch(workflow, admitted, { number: "A7", category: null, agendaItemId: "item-3" })).toMatchObject({
      number: "A7",
      category: null,
      agendaItemId: "item-3",
      text: motion.text,
    });
  });

  it("needs its minimum supporters to be admitted", () => {
    expect(errorCode(() => transitionMotion(workflow, motion, "admitted"))).toBe("insufficient_support");
    expect(errorCode(() => transitionMotion(workflow, { ...motion, supporters: ["p2"] }, "admitted"))).toBe("insufficient_support");
    expect(transitionMotion(workflow, { ...motion, supporters: ["p2", "p3"] }, "admitted").id).toBe("admitted");
    expect(transitionMotion(workflow, motion, "withdrawn").id).toBe("withdrawn");
    expect(errorCode(() => transitionMotion(workflow, motion, "accepted"))).toBe("invalid_transition");
  });

  it("collects support while allowed, once per participant, never from submitters", () => {
    const once = addSupporter(workflow, motion, "p2");
    expect(once).toEqual(["p2"]);
    expect(addSupporter(workflow, { ...motion, supporters: once }, "p2")).toEqual(["p2"]);
    expect(errorCode(() => addSupporter(workflow, motion, "p1"))).toBe("conflict");
    expect(removeSupporter(workflow, { ...motion, supporters: ["p2", "p3"] }, "p2")).toEqual(["p3"]);
    expect(removeSupporter(workflow, motion, "p9")).toEqual([]);
    expect(errorCode(() => addSupporter(workflow, { ...motion, state: "admitted" }, "p2"))).toBe("invalid_transition");
    expect(errorCode(() => removeSupporter(workflow, { ...motion, state: "admitted" }, "p2"))).toBe("invalid_transition");
  });

  it("keeps a recommendation beside the state until the motion is final", () => {
    const recommendation = setRecommendation(workflow, motion, {
      kind: "accept_amended",
      label: " mit Ä2 ",
      recommender: " Antragskommission ",
    });
    expect(recommendation).toEqual({ kind: "accept_amended", label: "mit Ä2", recommender: "Antragskommission" });
    expect(recommendationText(recommendation!, "de")).toBe("Antragskommission: Annahme in geänderter Fassung (mit Ä2)");
    expect(recommendationText({ kind: "reject", label: null, recommender: "Board" }, "en")).toBe("Board: Reject");
    expect(recommendationText({ kind: "other", label: "Erledigt durch A3", recommender: "AK" }, "en")).toBe("AK: Erledigt durch A3");
    expect(setRecommendation(workflow, motion, null)).toBeNull();
    expect(errorCode(() => setRecommendation(workflow, motion, { kind: "other", label: " ", recommender: "AK" }))).toBe("invalid");
    expect(errorCode(() => setRecommendation(workflow, motion, { kind: "accept", label: null, recommender: "" }))).toBe("invalid");
    expect(errorCode(() => setRecommendation(workflow, motion, { kind: "maybe" as never, label: null, recommender: "AK" }))).toBe(
      "invalid",
    );
    expect(errorCode(() => setRecommendation(workflow, { state: "rejected" }, null))).toBe("invalid_transition");
  });

  it("suggests the next number", () => {
    expect(nextMotionNumber([])).toBe("A1");
    expect(nextMotionNumber(["A1", "A12", null, "A3", "AB7", "S4", "A2a"])).toBe("A13");
    expect(nextMotionNumber(["S-1"], "S-")).toBe("S-2");
  });
});
