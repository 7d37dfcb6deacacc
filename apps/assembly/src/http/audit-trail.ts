import type { HttpContext } from "./context.ts";
import { actorOf, type EventAccess } from "./guards.ts";

/**
 * Appends the audit entry for an admin action in `access.event`, after the
 * action committed (a refused action leaves no entry).
 */
export async function recordAudit(
  ctx: HttpContext,
  access: EventAccess,
  action: string,
  entry: { subject?: string | null; before?: unknown; after?: unknown } = {},
): Promise<void> {
  await ctx.store.appendAudit({ eventId: access.event.id, actor: actorOf(access.admin), action, ...entry });
}
