import type { AgendaItem, Announcement } from "../domain/agenda.ts";
import type { Participant } from "../domain/participant.ts";
import type { Election } from "../domain/election/election.ts";
import type { Poll } from "../domain/poll.ts";
import type { Projector } from "../domain/projector.ts";
import type { Amendment } from "../domain/motion/amendment.ts";
import type { Motion } from "../domain/motion/motion.ts";
import { DomainError, isDomainError } from "../domain/errors.ts";
import type { StoreOperations } from "../store/store.ts";

/*
 * Store lookups by id know nothing of the event in the URL. These make an
 * entity of another event indistinguishable from an unknown one (404), so an
 * admin of event A cannot reach event B's objects by id.
 */

async function inEvent<T extends { eventId: string }>(load: Promise<T>, eventId: string, what: string): Promise<T> {
  try {
    const entity = await load;
    if (entity.eventId === eventId) return entity;
  } catch (error) {
    if (!isDomainError(error, "not_found")) throw error;
  }
  throw new DomainError("not_found", `${what} not found`);
}

export const participantOf = (store: StoreOperations, eventId: string, participantId: string): Promise<Participant> =>
  inEvent(store.participants.get(participantId), eventId, "participant");

/** A floor poll: an election's ballot box is reached only as the election. */
export const pollOf = (store: StoreOperations, eventId: string, pollId: string): Promise<Poll> =>
  inEvent(
    store.polls.get(pollId).then((poll) => {
      if (poll.kind === "election") throw new DomainError("not_found", "poll not found");
      return poll;
    }),
    eventId,
    "poll",
  );

export const electionOf = (store: StoreOperations, eventId: string, electionId: string): Promise<Election> =>
  inEvent(store.elections.get(electionId), eventId, "election");

export const agendaItemOf = (store: StoreOperations, eventId: string, itemId: string): Promise<AgendaItem> =>
  inEvent(store.agenda.get(itemId), eventId, "agenda item");

export const announcementOf = (store: StoreOperations, eventId: string, announcementId: string): Promise<Announcement> =>
  inEvent(store.announcements.get(announcementId), eventId, "announcement");

export const projectorOf = (store: StoreOperations, eventId: string, projectorId: string): Promise<Projector> =>
  inEvent(store.projectors.get(projectorId), eventId, "projector");

export const motionOf = (store: StoreOperations, eventId: string, motionId: string): Promise<Motion> =>
  inEvent(store.motions.get(motionId), eventId, "motion");

/** An amendment of motion `motionId` in the event: one filed against another motion is as unknown as a wrong id. */
export async function amendmentOf(store: StoreOperations, eventId: string, motionId: string, amendmentId: string): Promise<Amendment> {
  await motionOf(store, eventId, motionId);
  const amendment = await store.motions.getAmendment(amendmentId);
  if (amendment.motionId !== motionId) throw new DomainError("not_found", "amendment not found");
  return amendment;
}
