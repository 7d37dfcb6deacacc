import { randomUUID } from "node:crypto";
import type { z } from "zod";
import {
  addSpeakerInput,
  moveSpeakerInput,
  openSpeakerListInput,
  speakerEntryRef,
  speakerListRef,
  speakerListSettingsInput,
  startSpeakerInput,
} from "../api/schemas/speakers.ts";
import * as speakers from "../domain/speakers/speaker-list.ts";
import type { SpeakerList, SpeakerListSettings } from "../domain/speakers/speaker-list.ts";
import type { StoredSpeakerList, StoreOperations } from "../store/store.ts";
import { adminIn, audited } from "./audit.ts";
import type { EventCommand, EventQuery } from "./command.ts";
import type { Effect } from "./effect.ts";
import { DomainError } from "../domain/errors.ts";
import { participantOf, agendaItemOf, motionOf } from "./scoped.ts";
import { auditedState, changeSpeakerList, speakerListOf } from "./speaker-list-change.ts";

type ListAnswer = { list: StoredSpeakerList };

/** A list of speakers of `eventId` changed: its live view and the chairs' notice. */
export const speakersChanged = (eventId: string): readonly Effect[] => [{ kind: "speakers", eventId }];

type Step = (list: SpeakerList, at: string) => SpeakerList;

/**
 * A chair's step on one list. `prepare` checks what it needs of the store
 * (the participant a chair adds) and returns the domain's step, which runs
 * on the list under its lock; the step and the fair order's moves after it
 * are audited in the same transaction.
 */
function chairStep<Input extends { listId: string }>(
  name: string,
  action: string,
  input: z.ZodType<Input>,
  prepare: (input: Input, tx: StoreOperations, eventId: string) => Step | Promise<Step>,
): EventCommand<Input, ListAnswer> {
  return {
    name,
    permission: "speakers.run",
    input,
    async run({ store }, access, parsed) {
      const eventId = access.event.id;
      const list = await audited(store, adminIn(access), action, async (tx) => {
        const step = await prepare(parsed, tx, eventId);
        const changed = await changeSpeakerList(tx, eventId, parsed.listId, (current, at) => ({ list: step(current, at), result: null }));
        const after = { ...auditedState(changed.after.list), ...(changed.moves.length > 0 ? { fairOrder: changed.moves } : {}) };
        return { result: changed.after, audit: { subject: parsed.listId, before: auditedState(changed.before.list), after } };
      });
      return { result: { list }, effects: speakersChanged(eventId) };
    },
  };
}

/** The list of an agenda item, or of a motion on it, made on first use (audited then). */
export const openSpeakerList: EventCommand<z.output<typeof openSpeakerListInput>, ListAnswer> = {
  name: "openSpeakerList",
  permission: "speakers.run",
  input: openSpeakerListInput,
  async run({ store }, access, { agendaItemId, motionId = null }) {
    const eventId = access.event.id;
    const list = await audited(store, adminIn(access), "speakers.open", async (tx) => {
      await agendaItemOf(tx, eventId, agendaItemId);
      if (motionId !== null && (await motionOf(tx, eventId, motionId)).agendaItemId !== agendaItemId) {
        throw new DomainError("motion_not_on_agenda_item", "the motion is not on this agenda item", { motionId, agendaItemId });
      }
      const existed = (await tx.speakers.list(eventId)).some(
        (stored) => stored.agendaItemId === agendaItemId && stored.motionId === motionId,
      );
      const stored = await tx.speakers.open(eventId, agendaItemId, motionId);
      return {
        result: stored,
        audit: existed ? null : { subject: stored.id, after: { agendaItemId, motionId, ...auditedState(stored.list) } },
      };
    });
    return { result: { list }, effects: speakersChanged(eventId) };
  },
};

export const getSpeakerList: EventQuery<{ listId: string }, ListAnswer> = {
  name: "getSpeakerList",
  permission: "event.view",
  input: speakerListRef,
  run: async ({ store }, { event }, { listId }) => ({ list: await speakerListOf(store, event.id, listId) }),
};

/** Settings: kinds taken, time limits, the fair-order rule (null: first come, first served). */
export const updateSpeakerList = chairStep(
  "updateSpeakerList",
  "speakers.settings",
  speakerListSettingsInput,
  ({ listId: _, ...patch }) => {
    const given = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<SpeakerListSettings>;
    return (list) => speakers.updateSpeakerListSettings(list, given);
  },
);

export const addSpeaker = chairStep("addSpeaker", "speakers.add", addSpeakerInput, async ({ participantId, kind }, tx, eventId) => {
  await participantOf(tx, eventId, participantId);
  const request = { entryId: randomUUID(), participantId, kind, requestKey: `chair-${randomUUID()}` };
  return (list, at) => speakers.addSpeakerByChair(list, { ...request, at }).list;
});

export const moveSpeaker = chairStep(
  "moveSpeaker",
  "speakers.move",
  moveSpeakerInput,
  ({ entryId, position }) =>
    (list) =>
      speakers.moveSpeaker(list, entryId, position),
);

export const removeSpeaker = chairStep(
  "removeSpeaker",
  "speakers.remove",
  speakerEntryRef,
  ({ entryId }) =>
    (list) =>
      speakers.removeSpeaker(list, entryId),
);

/** The given waiting entry, or the first in the queue, gets the floor. */
export const startSpeaker = chairStep(
  "startSpeaker",
  "speakers.start",
  startSpeakerInput,
  ({ entryId }) =>
    (list, at) =>
      entryId === undefined ? speakers.startNextSpeaker(list, at) : speakers.startSpeaker(list, entryId, at),
);

export const stopSpeaker = chairStep("stopSpeaker", "speakers.stop", speakerListRef, () => speakers.stopSpeaker);
export const pauseSpeaker = chairStep("pauseSpeaker", "speakers.pause", speakerListRef, () => speakers.pauseSpeaker);
export const resumeSpeaker = chairStep("resumeSpeaker", "speakers.resume", speakerListRef, () => speakers.resumeSpeaker);
export const closeSpeakerList = chairStep("closeSpeakerList", "speakers.close", speakerListRef, () => speakers.closeSpeakerList);
export const reopenSpeakerList = chairStep("reopenSpeakerList", "speakers.reopen", speakerListRef, () => speakers.reopenSpeakerList);
