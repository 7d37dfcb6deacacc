import type { z } from "zod";
import type { ParticipantDetail, ParticipantListPage } from "../api/routes/participants.ts";
import { participantRef } from "../api/schemas/invitations.ts";
import { newParticipantInput, participantListInput, participantPatchInput } from "../api/schemas/participants.ts";
import { DomainError } from "../domain/errors.ts";
import type { Participant } from "../domain/participant.ts";
import type { ParticipantFilter } from "../store/store.ts";
import { adminIn, audited, auditedCreation, auditedUpdate } from "./audit.ts";
import type { EventCommand, EventQuery } from "./command.ts";
import type { Effect } from "./effect.ts";
import { participantOf } from "./scoped.ts";

type ListInput = z.output<typeof participantListInput>;

function filterOf({ filter, pollId }: ListInput): ParticipantFilter {
  if (filter === "voted" || filter === "not_voted" || filter === "present_not_voted") {
    if (pollId === undefined) throw new DomainError("invalid", `filter ${filter} needs a pollId`);
    return { kind: filter, pollId };
  }
  return { kind: filter };
}

/** A change to one participant: the chairs' lists and that participant's own view re-render. */
export const participantChanged = (eventId: string, participantId: string): readonly Effect[] => [
  { kind: "participants", eventId },
  { kind: "participant", eventId, participantId },
];

export const listParticipants: EventQuery<ListInput, ParticipantListPage> = {
  name: "listParticipants",
  permission: "participants.view",
  input: participantListInput,
  async run({ store, connections }, { event }, input) {
    const page = await store.participants.list(event.id, {
      filter: filterOf(input),
      offset: input.offset,
      limit: input.limit,
      ...(input.search ? { search: input.search } : {}),
    });
    const online = connections.online(event.id);
    const items = page.items.map((row) => ({ ...row, online: online.has(row.id) }));
    return { total: page.total, items, offset: input.offset, limit: input.limit };
  },
};

export const getParticipant: EventQuery<{ participantId: string }, ParticipantDetail> = {
  name: "getParticipant",
  permission: "participants.view",
  input: participantRef,
  async run({ store }, { event }, { participantId }) {
    const participant = await participantOf(store, event.id, participantId);
    const [present, proxy] = await Promise.all([store.attendance.isPresent(participantId), store.proxies.get(participantId)]);
    return { participant, present, proxy: proxy ?? null };
  },
};

export const addParticipant: EventCommand<z.output<typeof newParticipantInput>, { participant: Participant }> = {
  name: "addParticipant",
  permission: "participants.manage",
  input: newParticipantInput,
  async run({ store }, access, input) {
    const eventId = access.event.id;
    const participant = await auditedCreation(store, adminIn(access), "participant.add", (tx) => tx.participants.add(eventId, input));
    return { result: { participant }, effects: [{ kind: "participants", eventId }] };
  },
};

export const updateParticipant: EventCommand<z.output<typeof participantPatchInput>, { participant: Participant }> = {
  name: "updateParticipant",
  permission: "participants.manage",
  input: participantPatchInput,
  async run({ store }, access, { participantId, ...patch }) {
    const eventId = access.event.id;
    const participant = await auditedUpdate(
      store,
      adminIn(access),
      "participant.update",
      participantId,
      (tx) => participantOf(tx, eventId, participantId),
      (tx) => tx.participants.update(participantId, patch),
    );
    return { result: { participant }, effects: participantChanged(eventId, participantId) };
  },
};

/**
 * Removes a participant added by mistake: only one with nothing on record
 * (`participant_on_record` otherwise), with their invitation. The audit
 * entry keeps who they were.
 */
export const removeParticipant: EventCommand<{ participantId: string }, undefined> = {
  name: "removeParticipant",
  permission: "participants.manage",
  input: participantRef,
  async run({ store }, access, { participantId }) {
    const eventId = access.event.id;
    await audited(store, adminIn(access), "participant.remove", async (tx) => {
      await participantOf(tx, eventId, participantId);
      const removed = await tx.participants.remove(participantId);
      return { result: undefined, audit: { subject: participantId, before: removed } };
    });
    const signedOut: Effect = { kind: "signedOut", actor: { kind: "participant", eventId, participantId } };
    return { result: undefined, effects: [{ kind: "participants", eventId }, signedOut] };
  },
};
