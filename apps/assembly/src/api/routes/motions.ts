import type { Amendment } from "../../domain/motion/amendment.ts";
import type { Motion } from "../../domain/motion/motion.ts";
import type { MotionSettings } from "../../domain/motion/motion-settings.ts";
import type { Poll } from "../../domain/poll.ts";
import { type Attachment, type None, route } from "../route.ts";
import type {
  LinkPollInput,
  MotionPatchInput,
  MotionPollInput,
  MotionSettingsInput,
  NewAmendmentInput,
  NewMotionInput,
} from "../schemas/motions.ts";
import type { UploadQuery } from "../schemas/participant-import.ts";
import type { Recommendation } from "../../domain/motion/recommendation.ts";

type EventParams = { eventId: string };
type MotionParams = EventParams & { motionId: string };
type AmendmentParams = MotionParams & { amendmentId: string };
type MotionAnswer = { motion: Motion };
type AmendmentAnswer = { amendment: Amendment };
type RecommendationBody = { recommendation: Recommendation | null };

/** What a CSV import of motions added. */
export interface MotionImportAnswer {
  readonly imported: number;
  readonly ignoredColumns: readonly string[];
}

/** The motion book, for the event's admins: settings, motions, amendments, their workflow steps, votes, import and the PDF. */
export const motionRoutes = {
  motionSettings: route<EventParams, None, None, { settings: MotionSettings }>("GET", "/api/events/:eventId/motion-settings"),
  updateMotionSettings: route<EventParams, None, MotionSettingsInput, { settings: MotionSettings }>(
    "PATCH",
    "/api/events/:eventId/motion-settings",
  ),
  listMotions: route<EventParams, None, None, { motions: Motion[] }>("GET", "/api/events/:eventId/motions"),
  createMotion: route<EventParams, None, NewMotionInput, MotionAnswer>("POST", "/api/events/:eventId/motions"),
  importMotions: route<EventParams, UploadQuery, Blob | string, MotionImportAnswer>("POST", "/api/events/:eventId/motions/import"),
  motionBook: route<EventParams, { language?: "en" | "de" }, None, Attachment>("GET", "/api/events/:eventId/motions/book.pdf"),
  getMotion: route<MotionParams, None, None, MotionAnswer & { amendments: Amendment[] }>("GET", "/api/events/:eventId/motions/:motionId"),
  updateMotion: route<MotionParams, None, Omit<MotionPatchInput, "motionId">, MotionAnswer>(
    "PATCH",
    "/api/events/:eventId/motions/:motionId",
  ),
  transitionMotion: route<MotionParams, None, { to: string }, MotionAnswer>("POST", "/api/events/:eventId/motions/:motionId/transition"),
  recommendMotion: route<MotionParams, None, RecommendationBody, MotionAnswer>(
    "PUT",
    "/api/events/:eventId/motions/:motionId/recommendation",
  ),
  createAmendment: route<MotionParams, None, Omit<NewAmendmentInput, "motionId">, AmendmentAnswer>(
    "POST",
    "/api/events/:eventId/motions/:motionId/amendments",
  ),
  transitionAmendment: route<AmendmentParams, None, { to: string }, AmendmentAnswer>(
    "POST",
    "/api/events/:eventId/motions/:motionId/amendments/:amendmentId/transition",
  ),
  recommendAmendment: route<AmendmentParams, None, RecommendationBody, AmendmentAnswer>(
    "PUT",
    "/api/events/:eventId/motions/:motionId/amendments/:amendmentId/recommendation",
  ),
  createMotionPoll: route<MotionParams, None, Omit<MotionPollInput, "motionId">, { poll: Poll }>(
    "POST",
    "/api/events/:eventId/motions/:motionId/polls",
  ),
  linkMotionPoll: route<MotionParams, None, Omit<LinkPollInput, "motionId">, { poll: Poll }>(
    "PUT",
    "/api/events/:eventId/motions/:motionId/polls",
  ),
};
