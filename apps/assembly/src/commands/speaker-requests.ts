import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { requestToSpeakInput, speakerEntryRef } from "../api/schemas/speakers.ts";
import { DomainError } from "../domain/errors.ts";
import type { FairOrderMove } from "../domain/speakers/fair-order.ts";
import * as speakers from "../domain/speakers/speaker-list.ts";
import type { SpeakerEntry } from "../domain/speakers/speaker-list.ts";
import type { StoreOperations } from "../store/store.ts";
import type { ParticipantActor } from "./actor.ts";
import type { Command } from "./command.ts";
import { unwatched } from "./effect.ts";
import { changeSpeakerList } from "./speaker-list-change.ts";
import { speakersChanged } from "./speakers.ts";

/** The fair order moved people after a participant's change: no chair did it, so the entry names the participant whose change set it off. */
async function auditMoves(tx: StoreOperations, speaker: ParticipantActor, listId: string, moves: readonly FairOrderMove[]): Promise<void> {
  if (moves.length === 0) return;
  await tx.audit.append({
    eventId: speaker.eventId,
    actor: `participant:${speaker.participantId}`,
    action: "speakers.fair_order",
    subject: listId,
    after: { fairOrder: moves },
  });
}

/**
 * A participant asks to speak. Answered once the request is stored; the
 * same `requestId` again (a double tap, the HTTP retry after a channel that
 * went silent) answers with the entry it made and changes nothing.
 */
export const requestToSpeak: Command<ParticipantActor, z.output<typeof requestToSpeakInput>, { entry: SpeakerEntry }> = {
  name: "requestToSpeak",
  input: requestToSpeakInput,
  async run({ store }, speaker, { listId, kind, requestId }) {
    const { eventId, participantId } = speaker;
    const { entry, created } = await store.transaction(async (tx) => {
      if ((await tx.events.get(eventId)).status !== "open") {
        throw new DomainError("invalid_transition", "requests to speak are taken while the assembly is open");
      }
      const request = { entryId: randomUUID(), participantId, kind, requestKey: requestId };
      const changed = await changeSpeakerList(tx, eventId, listId, (list, at) => {
        const made = speakers.requestToSpeak(list, { ...request, at });
        return { list: made.list, result: made };
      });
      await auditMoves(tx, speaker, listId, changed.moves);
      return changed.result;
    });
    return { result: { entry }, effects: created ? speakersChanged(eventId) : unwatched("a repeated request changed nothing") };
  },
};

/** A participant takes back their own waiting request; twice is once. */
export const withdrawRequest: Command<ParticipantActor, z.output<typeof speakerEntryRef>, { entry: SpeakerEntry }> = {
  name: "withdrawRequest",
  input: speakerEntryRef,
  async run({ store }, speaker, { listId, entryId }) {
    const { eventId, participantId } = speaker;
    const entry = await store.transaction(async (tx) => {
      const changed = await changeSpeakerList(tx, eventId, listId, (list) => {
        const after = speakers.withdrawRequest(list, entryId, participantId);
        return { list: after, result: speakers.entryOf(after, entryId) };
      });
      await auditMoves(tx, speaker, listId, changed.moves);
      return changed.result;
    });
    return { result: { entry }, effects: speakersChanged(eventId) };
  },
};
