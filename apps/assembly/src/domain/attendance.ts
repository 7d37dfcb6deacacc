import { DomainError } from "./errors.ts";
import type { EventStatus } from "./event.ts";

/**
 * Whether a participant may check themselves in (over HTTP or by joining the
 * live event): only while the event is open. Before it opens and after it
 * closes nobody is "present" at it, so neither the attendance log nor a
 * present-only vote may count them. Returns the refusal (`event_not_open`,
 * with the status), or undefined when they may.
 */
export function selfCheckInRefusal(status: EventStatus): DomainError | undefined {
  return status === "open" ? undefined : new DomainError("event_not_open", `the event is ${status}`, { status });
}
