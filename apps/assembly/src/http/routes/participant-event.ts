import type { FastifyInstance } from "fastify";
import type { Participant } from "../../domain/participant.ts";
import type { Poll } from "../../domain/poll.ts";
import type { Store } from "../../store/store.ts";
import type { HttpContext } from "../context.ts";
import { requireParticipant } from "../guards.ts";

/**
 * A poll as a participant may see it: drafts are invisible; open polls carry
 * whom the participant may vote for; results (and, for named polls, who voted
 * what) only once published.
 */
async function participantPoll(store: Store, participant: Participant, poll: Poll) {
  if (poll.status === "open") {
    return { poll, entitlements: await store.listEntitlements(poll.id, participant.id), result: null, namedBallots: null };
  }
  if (poll.status === "published") {
    const { tally } = await store.tallyPoll(poll.id);
    const namedBallots = poll.secret ? null : await store.listNamedBallots(poll.id);
    return { poll, entitlements: null, result: tally, namedBallots };
  }
  return { poll, entitlements: null, result: null, namedBallots: null };
}

/** The participant's view of their event: agenda, announcements, open polls and published results. */
export function participantEventRoutes(app: FastifyInstance, ctx: HttpContext): void {
  app.get("/participant/event", async (request) => {
    const participant = await requireParticipant(ctx, request);
    const eventId = participant.eventId;
    const [event, agenda, announcements, polls] = await Promise.all([
      ctx.store.getEvent(eventId),
      ctx.store.listAgendaItems(eventId),
      ctx.store.listAnnouncements(eventId),
      ctx.store.listPolls(eventId),
    ]);
    const visible = polls.filter((poll) => poll.status !== "draft");
    return {
      event: { id: event.id, name: event.name, timezone: event.timezone, status: event.status, settings: event.settings },
      agenda,
      announcements,
      polls: await Promise.all(visible.map((poll) => participantPoll(ctx.store, participant, poll))),
    };
  });
}
