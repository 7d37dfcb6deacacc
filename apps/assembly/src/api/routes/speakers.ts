import type { SpeakerEntry } from "../../domain/speakers/speaker-list.ts";
import type { StoredSpeakerList } from "../../store/store.ts";
import { type Attachment, type None, route } from "../route.ts";
import type { CsvExportQuery } from "../schemas/csv-export.ts";
import type { AddSpeakerInput, OpenSpeakerListInput, RequestToSpeakInput, SpeakerListSettingsInput } from "../schemas/speakers.ts";

type EventParams = { eventId: string };
type ListParams = EventParams & { listId: string };
type EntryParams = ListParams & { entryId: string };
type ListAnswer = { list: StoredSpeakerList };

/** Lists of speakers, for the event's chairs: open one per agenda item or motion, run it; speaking time exported. Every change is audited. */
export const speakerRoutes = {
  openSpeakerList: route<EventParams, None, OpenSpeakerListInput, ListAnswer>("POST", "/api/events/:eventId/speakers"),
  getSpeakerList: route<ListParams, None, None, ListAnswer>("GET", "/api/events/:eventId/speakers/:listId"),
  updateSpeakerList: route<ListParams, None, Omit<SpeakerListSettingsInput, "listId">, ListAnswer>(
    "PATCH",
    "/api/events/:eventId/speakers/:listId",
  ),
  addSpeaker: route<ListParams, None, Omit<AddSpeakerInput, "listId">, ListAnswer>("POST", "/api/events/:eventId/speakers/:listId/entries"),
  moveSpeaker: route<EntryParams, None, { position: number }, ListAnswer>(
    "POST",
    "/api/events/:eventId/speakers/:listId/entries/:entryId/move",
  ),
  removeSpeaker: route<EntryParams, None, None, ListAnswer>("DELETE", "/api/events/:eventId/speakers/:listId/entries/:entryId"),
  startSpeaker: route<ListParams, None, { entryId?: string }, ListAnswer>("POST", "/api/events/:eventId/speakers/:listId/start"),
  stopSpeaker: route<ListParams, None, None, ListAnswer>("POST", "/api/events/:eventId/speakers/:listId/stop"),
  pauseSpeaker: route<ListParams, None, None, ListAnswer>("POST", "/api/events/:eventId/speakers/:listId/pause"),
  resumeSpeaker: route<ListParams, None, None, ListAnswer>("POST", "/api/events/:eventId/speakers/:listId/resume"),
  closeSpeakerList: route<ListParams, None, None, ListAnswer>("POST", "/api/events/:eventId/speakers/:listId/close"),
  reopenSpeakerList: route<ListParams, None, None, ListAnswer>("POST", "/api/events/:eventId/speakers/:listId/reopen"),
  speakingStatistics: route<EventParams, { format?: "csv" | "json" } & CsvExportQuery, None, Attachment>(
    "GET",
    "/api/events/:eventId/exports/speaking-time",
  ),
};

/** Asking to speak, for participants (cookie or bearer invitation token); the same commands as the channel's `request_to_speak` and `withdraw_request`. */
export const speakerRequestRoutes = {
  requestToSpeak: route<{ listId: string }, None, Omit<RequestToSpeakInput, "listId">, { entry: SpeakerEntry }>(
    "POST",
    "/api/participant/speakers/:listId/requests",
  ),
  withdrawRequest: route<{ listId: string; entryId: string }, None, None, { entry: SpeakerEntry }>(
    "DELETE",
    "/api/participant/speakers/:listId/requests/:entryId",
  ),
};
