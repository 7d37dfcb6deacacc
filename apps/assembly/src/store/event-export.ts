import type { StoreContext } from "./context.ts";
import { listAgendaItems, listAnnouncements } from "./agenda-repo.ts";
import { listRoles } from "./admins-repo.ts";
import { listAttendance } from "./attendance-repo.ts";
import { listAudit } from "./audit-repo.ts";
import { listNamedBallots, tallyPoll } from "./ballots-repo.ts";
import { listElections } from "./elections-repo.ts";
import { requireEvent } from "./events-repo.ts";
import { listPolls } from "./polls-repo.ts";
import { listProxies } from "./proxies-repo.ts";
import { iso, toParticipantRow } from "./rows.ts";
import type { AuditEntry } from "../domain/audit.ts";
import type { EventExport } from "./store.ts";

async function wholeAudit(ctx: StoreContext, eventId: string): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  for (;;) {
    const page = await listAudit(ctx, eventId, { afterId: entries.at(-1)?.id ?? 0, limit: 1000 });
    entries.push(...page);
    if (page.length < 1000) return entries;
  }
}

/** Tallies only for closed/published polls and named ballots only once published, matching what may be public. */
export async function exportEvent(ctx: StoreContext, eventId: string): Promise<EventExport> {
  const event = await requireEvent(ctx.db, eventId);
  const participants = await ctx.db
    .selectFrom("participants")
    .selectAll()
    .where("event_id", "=", eventId)
    .orderBy("name")
    .orderBy("id")
    .execute();
  const polls = [];
  for (const poll of await listPolls(ctx, eventId)) {
    const counted = poll.status === "closed" || poll.status === "published";
    polls.push({
      poll,
      tally: counted ? (await tallyPoll(ctx, poll.id)).tally : null,
      namedBallots: poll.status === "published" && !poll.secret ? await listNamedBallots(ctx, poll.id) : null,
    });
  }
  return {
    exportedAt: iso(ctx.now()),
    event,
    agenda: await listAgendaItems(ctx, eventId),
    announcements: await listAnnouncements(ctx, eventId),
    participants: participants.map(toParticipantRow),
    roles: await listRoles(ctx, eventId),
    proxies: await listProxies(ctx, eventId),
    polls,
    elections: await listElections(ctx, eventId),
    attendance: await listAttendance(ctx, eventId),
    audit: await wholeAudit(ctx, eventId),
  };
}
