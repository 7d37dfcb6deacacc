import { shownToParticipants } from "../domain/agenda.ts";
import type { ParticipantEvent, ParticipantPoll } from "../api/routes/participant-event.ts";
import { noInput } from "../api/schemas/common.ts";
import type { Poll } from "../domain/poll.ts";
import type { Store } from "../store/store.ts";
import type { ParticipantActor } from "./actor.ts";
import type { Query } from "./command.ts";

/** What the participant may see of one poll past draft (see `ParticipantPoll`). */
async function participantPoll(store: Store, participantId: string, poll: Poll): Promise<ParticipantPoll> {
  if (poll.status === "open") {
    return { poll, entitlements: await store.ballots.listEntitlements(poll.id, participantId), result: null, namedBallots: null };
  }
  if (poll.status === "published") {
    const { tally } = await store.ballots.tally(poll.id);
    const namedBallots = poll.secret ? null : await store.ballots.listNamed(poll.id);
    return { poll, entitlements: null, result: tally, namedBallots };
  }
  return { poll, entitlements: null, result: null, namedBallots: null };
}

/** The participant's view of their event: agenda, announcements, polls past draft and published results. */
export const participantEvent: Query<ParticipantActor, object, ParticipantEvent> = {
  name: "participantEvent",
  input: noInput,
  async run({ store }, { eventId, participantId }) {
    const [event, agenda, announcements, polls] = await Promise.all([
      store.events.get(eventId),
      store.agenda.list(eventId),
      store.announcements.list(eventId),
      store.polls.list(eventId),
    ]);
    const visible = polls.filter((poll) => poll.status !== "draft");
    return {
      event: { id: event.id, name: event.name, timezone: event.timezone, status: event.status, settings: event.settings },
      agenda,
      announcements: shownToParticipants(announcements),
      polls: await Promise.all(visible.map((poll) => participantPoll(store, participantId, poll))),
    };
  },
};
