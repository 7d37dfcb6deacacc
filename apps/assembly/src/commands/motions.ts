import type { z } from "zod";
import { noInput } from "../api/schemas/common.ts";
import {
  motionPatchInput,
  motionRef,
  motionSettingsInput,
  newAmendmentInput,
  newMotionInput,
  recommendAmendmentInput,
  recommendInput,
  amendmentTransitionInput,
  transitionInput,
} from "../api/schemas/motions.ts";
import type { Amendment } from "../domain/motion/amendment.ts";
import { defaultWorkflow } from "../domain/motion/default-workflow.ts";
import type { Motion } from "../domain/motion/motion.ts";
import type { MotionSettings } from "../domain/motion/motion-settings.ts";
import { adminIn, audited, auditedCreation, auditedUpdate } from "./audit.ts";
import type { EventCommand, EventQuery } from "./command.ts";
import { motionsChanged } from "./effect.ts";
import { amendmentOf, motionOf } from "./scoped.ts";

/*
 * The chairs' side of the motion book: settings, motions, their workflow
 * steps and recommendations, amendments. Every change is audited with what
 * it was before; every rule is the domain's (domain/motion/).
 */

export const motionSettings: EventQuery<object, { settings: MotionSettings }> = {
  name: "motionSettings",
  permission: "event.view",
  input: noInput,
  run: async ({ store }, { event }) => ({ settings: await store.motions.settings(event.id) }),
};

export const updateMotionSettings: EventCommand<z.output<typeof motionSettingsInput>, { settings: MotionSettings }> = {
  name: "updateMotionSettings",
  permission: "motions.manage",
  input: motionSettingsInput,
  async run({ store }, access, { defaultWorkflow: language, workflow, ...patch }) {
    const eventId = access.event.id;
    const chosen = language === undefined ? workflow : defaultWorkflow(language);
    const settings = await audited(store, adminIn(access), "motion.settings", async (tx) => {
      const before = await tx.motions.settings(eventId);
      const after = await tx.motions.updateSettings(eventId, chosen === undefined ? patch : { ...patch, workflow: chosen });
      return { result: after, audit: { subject: eventId, before, after } };
    });
    return { result: { settings }, effects: motionsChanged(eventId, null) };
  },
};

export const listMotions: EventQuery<object, { motions: Motion[] }> = {
  name: "listMotions",
  permission: "event.view",
  input: noInput,
  run: async ({ store }, { event }) => ({ motions: await store.motions.list(event.id) }),
};

export const getMotion: EventQuery<{ motionId: string }, { motion: Motion; amendments: Amendment[] }> = {
  name: "getMotion",
  permission: "event.view",
  input: motionRef,
  async run({ store }, { event }, { motionId }) {
    const motion = await motionOf(store, event.id, motionId);
    return { motion, amendments: await store.motions.listAmendments(motionId) };
  },
};

export const createMotion: EventCommand<z.output<typeof newMotionInput>, { motion: Motion }> = {
  name: "createMotion",
  permission: "motions.manage",
  input: newMotionInput,
  async run({ store }, access, input) {
    const motion = await auditedCreation(store, adminIn(access), "motion.create", (tx) => tx.motions.create(access.event.id, input));
    return { result: { motion }, effects: motionsChanged(access.event.id, motion.id) };
  },
};

export const updateMotion: EventCommand<z.output<typeof motionPatchInput>, { motion: Motion }> = {
  name: "updateMotion",
  permission: "motions.manage",
  input: motionPatchInput,
  async run({ store }, access, { motionId, ...patch }) {
    const motion = await auditedUpdate(
      store,
      adminIn(access),
      "motion.update",
      motionId,
      (tx) => motionOf(tx, access.event.id, motionId),
      (tx) => tx.motions.update(motionId, patch),
    );
    return { result: { motion }, effects: motionsChanged(access.event.id, motionId) };
  },
};

export const transitionMotion: EventCommand<z.output<typeof transitionInput>, { motion: Motion }> = {
  name: "transitionMotion",
  permission: "motions.manage",
  input: transitionInput,
  async run({ store }, access, { motionId, to }) {
    const motion = await audited(store, adminIn(access), "motion.transition", async (tx) => {
      await motionOf(tx, access.event.id, motionId);
      const { before, after } = await tx.motions.transition(motionId, to);
      return { result: after, audit: { subject: motionId, before: { state: before.state }, after: { state: after.state } } };
    });
    return { result: { motion }, effects: motionsChanged(access.event.id, motionId) };
  },
};

export const recommendMotion: EventCommand<z.output<typeof recommendInput>, { motion: Motion }> = {
  name: "recommendMotion",
  permission: "motions.manage",
  input: recommendInput,
  async run({ store }, access, { motionId, recommendation }) {
    const motion = await audited(store, adminIn(access), "motion.recommend", async (tx) => {
      const before = await motionOf(tx, access.event.id, motionId);
      const after = await tx.motions.recommend(motionId, recommendation);
      return { result: after, audit: { subject: motionId, before: before.recommendation, after: after.recommendation } };
    });
    return { result: { motion }, effects: motionsChanged(access.event.id, motionId) };
  },
};

export const createAmendment: EventCommand<z.output<typeof newAmendmentInput>, { amendment: Amendment }> = {
  name: "createAmendment",
  permission: "motions.manage",
  input: newAmendmentInput,
  async run({ store }, access, { motionId, ...input }) {
    const amendment = await auditedCreation(store, adminIn(access), "amendment.create", async (tx) => {
      await motionOf(tx, access.event.id, motionId);
      return tx.motions.addAmendment(motionId, input);
    });
    return { result: { amendment }, effects: motionsChanged(access.event.id, motionId) };
  },
};

export const transitionAmendment: EventCommand<z.output<typeof amendmentTransitionInput>, { amendment: Amendment }> = {
  name: "transitionAmendment",
  permission: "motions.manage",
  input: amendmentTransitionInput,
  async run({ store }, access, { motionId, amendmentId, to }) {
    const amendment = await audited(store, adminIn(access), "amendment.transition", async (tx) => {
      await amendmentOf(tx, access.event.id, motionId, amendmentId);
      const { before, after } = await tx.motions.transitionAmendment(amendmentId, to);
      return { result: after, audit: { subject: amendmentId, before: { state: before.state }, after: { state: after.state } } };
    });
    return { result: { amendment }, effects: motionsChanged(access.event.id, motionId) };
  },
};

export const recommendAmendment: EventCommand<z.output<typeof recommendAmendmentInput>, { amendment: Amendment }> = {
  name: "recommendAmendment",
  permission: "motions.manage",
  input: recommendAmendmentInput,
  async run({ store }, access, { motionId, amendmentId, recommendation }) {
    const amendment = await audited(store, adminIn(access), "amendment.recommend", async (tx) => {
      const before = await amendmentOf(tx, access.event.id, motionId, amendmentId);
      const after = await tx.motions.recommendAmendment(amendmentId, recommendation);
      return { result: after, audit: { subject: amendmentId, before: before.recommendation, after: after.recommendation } };
    });
    return { result: { amendment }, effects: motionsChanged(access.event.id, motionId) };
  },
};
