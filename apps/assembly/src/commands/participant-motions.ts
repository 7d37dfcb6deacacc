import type { z } from "zod";
import { noInput } from "../api/schemas/common.ts";
import { motionRef, participantAmendmentInput, participantMotionInput } from "../api/schemas/motions.ts";
import { DomainError } from "../domain/errors.ts";
import type { Amendment } from "../domain/motion/amendment.ts";
import type { Motion } from "../domain/motion/motion.ts";
import type { Submitter } from "../domain/motion/submitter.ts";
import type { MotionDetailView, MotionListView } from "../api/motion-views.ts";
import { renderMotionDetail, renderMotionList } from "../live/motion-views.ts";
import type { StoreOperations } from "../store/store.ts";
import type { ParticipantActor } from "./actor.ts";
import { type AuditActor, audited, auditedCreation } from "./audit.ts";
import type { Command, Query } from "./command.ts";
import { motionsChanged } from "./effect.ts";
import { motionOf } from "./scoped.ts";

/*
 * The participants' side of the motion book: read it (the live views, or
 * these queries for a client without a socket), submit motions and
 * amendments of their own when the chairs allow it, and support others'.
 */

const participantIn = ({ eventId, participantId }: ParticipantActor): AuditActor => ({ eventId, actor: `participant:${participantId}` });

async function requireAllowed(tx: StoreOperations, eventId: string, what: "participantMotions" | "participantAmendments") {
  if (!(await tx.motions.settings(eventId))[what]) {
    throw new DomainError(
      "motions_closed",
      `the chairs do not take ${what === "participantMotions" ? "motions" : "amendments"} from participants`,
    );
  }
}

/** The submitter themselves first, then whoever they name beside them. */
const ownSubmitters = (participantId: string, names: readonly string[] = []): Submitter[] => [
  { kind: "participant", participantId },
  ...names.filter((name) => name.trim() !== "").map((name): Submitter => ({ kind: "name", name })),
];

export const participantMotions: Query<ParticipantActor, object, MotionListView> = {
  name: "participantMotions",
  input: noInput,
  run: ({ store }, { eventId }) => renderMotionList(store, eventId),
};

export const participantMotion: Query<ParticipantActor, { motionId: string }, MotionDetailView> = {
  name: "participantMotion",
  input: motionRef,
  async run({ store }, { eventId }, { motionId }) {
    await motionOf(store, eventId, motionId);
    return renderMotionDetail(store, eventId, motionId);
  },
};

export const submitMotion: Command<ParticipantActor, z.output<typeof participantMotionInput>, { motion: Motion }> = {
  name: "submitMotion",
  input: participantMotionInput,
  async run({ store }, actor, { coSubmitters, ...input }) {
    const motion = await auditedCreation(store, participantIn(actor), "motion.submit", async (tx) => {
      await requireAllowed(tx, actor.eventId, "participantMotions");
      return tx.motions.create(actor.eventId, { ...input, submitters: ownSubmitters(actor.participantId, coSubmitters) });
    });
    return { result: { motion }, effects: motionsChanged(actor.eventId, motion.id) };
  },
};

export const submitAmendment: Command<ParticipantActor, z.output<typeof participantAmendmentInput>, { amendment: Amendment }> = {
  name: "submitAmendment",
  input: participantAmendmentInput,
  async run({ store }, actor, { motionId, ...input }) {
    const amendment = await auditedCreation(store, participantIn(actor), "amendment.submit", async (tx) => {
      await requireAllowed(tx, actor.eventId, "participantAmendments");
      await motionOf(tx, actor.eventId, motionId);
      return tx.motions.addAmendment(motionId, { ...input, submitters: ownSubmitters(actor.participantId) });
    });
    return { result: { amendment }, effects: motionsChanged(actor.eventId, motionId) };
  },
};

/** Support, or its withdrawal: idempotent, a repeated tap changes nothing and writes no second audit entry. */
function supportStep(support: boolean): Command<ParticipantActor, { motionId: string }, { motion: Motion }> {
  return {
    name: support ? "supportMotion" : "withdrawSupport",
    input: motionRef,
    async run({ store }, actor, { motionId }) {
      const motion = await audited(store, participantIn(actor), support ? "motion.support" : "motion.withdraw_support", async (tx) => {
        const before = await motionOf(tx, actor.eventId, motionId);
        const after = support
          ? await tx.motions.support(motionId, actor.participantId)
          : await tx.motions.withdrawSupport(motionId, actor.participantId);
        const changed = before.supporters.length !== after.supporters.length;
        return { result: after, audit: changed ? { subject: motionId } : null };
      });
      return { result: { motion }, effects: motionsChanged(actor.eventId, motionId) };
    },
  };
}

export const supportMotion = supportStep(true);
export const withdrawSupport = supportStep(false);
