import type { Participant } from "../../domain/participant.ts";
import type { Proxy } from "../../domain/proxy.ts";
import type { ParticipantPage } from "../../store/store.ts";
import { type None, route } from "../route.ts";
import type { FieldChange } from "../../domain/roll-update.ts";
import type { ImportQuery, PreviewQuery } from "../schemas/participant-import.ts";
import type { NewParticipantInput, ParticipantListInput, ParticipantPatchInput } from "../schemas/participants.ts";

type EventParams = { eventId: string };
type ParticipantParams = EventParams & { participantId: string };
type ParticipantAnswer = { participant: Participant };

/** The admin list's filters; the poll ones (`voted`, `not_voted`, `present_not_voted`) need a `pollId`. */
export const participantFilters = ["all", "present", "absent", "voted", "not_voted", "present_not_voted"] as const;

/** A row of the admin list: presence (stated by the member or a chair) and, apart from it, whether they have a live connection now. */
export type ParticipantListItem = ParticipantPage["items"][number] & { readonly online: boolean };

/** A page of the admin list, with the page it is. */
export type ParticipantListPage = Omit<ParticipantPage, "items"> & {
  readonly items: readonly ParticipantListItem[];
  readonly offset: number;
  readonly limit: number;
};

/** One participant as the admins see them: presence and the proxy they gave, if any. */
export interface ParticipantDetail {
  readonly participant: Participant;
  readonly present: boolean;
  readonly proxy: Proxy | null;
}

/** A check-in or check-out; `changed` is false when they already were (or were not) present. */
export interface PresenceAnswer {
  readonly present: boolean;
  readonly changed: boolean;
}

/** What a CSV import did; columns the app does not know are named, not silently dropped. */
export interface ImportAnswer {
  /** Participants added. */
  readonly imported: number;
  readonly updated: number;
  readonly removed: number;
  readonly ignoredColumns: readonly string[];
}

/** Rows a preview lists per group: the counts are exact, the lists stop here. */
export const PREVIEW_ROWS = 200;

export interface PreviewRow {
  readonly name: string;
  readonly email: string;
}
export interface PreviewGroup<Row> {
  readonly count: number;
  /** The first `PREVIEW_ROWS`, by email. */
  readonly rows: readonly Row[];
}

/**
 * What a roll update would do, before anything is written. `kept`: on the
 * event, not in the file, and staying (because `missing=keep`, or because
 * they are on record: see `participant_on_record`). `fingerprint` is passed
 * back as `expect` to apply exactly this.
 */
export interface RollPreview {
  readonly added: PreviewGroup<PreviewRow>;
  readonly changed: PreviewGroup<PreviewRow & { readonly participantId: string; readonly changes: readonly FieldChange[] }>;
  readonly unchanged: number;
  readonly removed: PreviewGroup<PreviewRow & { readonly participantId: string }>;
  readonly kept: PreviewGroup<PreviewRow & { readonly participantId: string; readonly onRecord: boolean }>;
  readonly ignoredColumns: readonly string[];
  readonly fingerprint: string;
}

/**
 * Participants as the event's admins manage them: the paged list with search
 * and filters, adding, editing, checking in and out, and the CSV import (its
 * body is the file's bytes, `Content-Type: text/csv`, not JSON).
 */
export const participantRoutes = {
  listParticipants: route<EventParams, ParticipantListInput, None, ParticipantListPage>("GET", "/api/events/:eventId/participants"),
  addParticipant: route<EventParams, None, NewParticipantInput, ParticipantAnswer>("POST", "/api/events/:eventId/participants"),
  getParticipant: route<ParticipantParams, None, None, ParticipantDetail>("GET", "/api/events/:eventId/participants/:participantId"),
  updateParticipant: route<ParticipantParams, None, ParticipantPatchInput, ParticipantAnswer>(
    "PATCH",
    "/api/events/:eventId/participants/:participantId",
  ),
  checkIn: route<ParticipantParams, None, None, PresenceAnswer>("POST", "/api/events/:eventId/participants/:participantId/presence"),
  checkOut: route<ParticipantParams, None, None, PresenceAnswer>("DELETE", "/api/events/:eventId/participants/:participantId/presence"),
  /** Only a participant with nothing on record (`participant_on_record` otherwise). */
  removeParticipant: route<ParticipantParams, None, None, undefined>("DELETE", "/api/events/:eventId/participants/:participantId"),
};

/** Separate from `participantRoutes`: the server mounts it in a scope that reads CSV bodies. */
export const participantImportRoutes = {
  importParticipants: route<EventParams, ImportQuery, Blob | string, ImportAnswer>("POST", "/api/events/:eventId/participants/import"),
  previewParticipantImport: route<EventParams, PreviewQuery, Blob | string, RollPreview>(
    "POST",
    "/api/events/:eventId/participants/import/preview",
  ),
};
