import type { Amendment } from "../../domain/motion/amendment.ts";
import type { Motion } from "../../domain/motion/motion.ts";
import type { MotionDetailView, MotionListView } from "../motion-views.ts";
import { type None, route } from "../route.ts";

type MotionParams = { motionId: string };
type MotionAnswer = { motion: Motion };

/** The motion book as a participant reads and joins in: the same views the live topics carry. */
export const participantMotionRoutes = {
  participantMotions: route<None, None, None, MotionListView>("GET", "/api/participant/motions"),
  participantMotion: route<MotionParams, None, None, MotionDetailView>("GET", "/api/participant/motions/:motionId"),
  submitMotion: route<None, None, { title: string; text: string; reason?: string; coSubmitters?: string[] }, MotionAnswer>(
    "POST",
    "/api/participant/motions",
  ),
  submitAmendment: route<MotionParams, None, { lineFrom: number; lineTo: number; text: string; reason?: string }, { amendment: Amendment }>(
    "POST",
    "/api/participant/motions/:motionId/amendments",
  ),
  supportMotion: route<MotionParams, None, None, MotionAnswer>("PUT", "/api/participant/motions/:motionId/support"),
  withdrawSupport: route<MotionParams, None, None, MotionAnswer>("DELETE", "/api/participant/motions/:motionId/support"),
};
