import type { Projector } from "../../domain/projector.ts";
import { type None, route } from "../route.ts";
import type { NewProjectorInput, RenameProjectorInput, ShowOnProjectorInput } from "../schemas/projectors.ts";

type EventParams = { eventId: string };
type ProjectorParams = EventParams & { projectorId: string };
type ProjectorAnswer = { projector: Projector };

/** The event's screens: list, add, rename, choose what one shows, remove. */
export const projectorRoutes = {
  listProjectors: route<EventParams, None, None, { projectors: Projector[] }>("GET", "/api/events/:eventId/projectors"),
  createProjector: route<EventParams, None, NewProjectorInput, ProjectorAnswer>("POST", "/api/events/:eventId/projectors"),
  renameProjector: route<ProjectorParams, None, RenameProjectorInput, ProjectorAnswer>(
    "PATCH",
    "/api/events/:eventId/projectors/:projectorId",
  ),
  showOnProjector: route<ProjectorParams, None, ShowOnProjectorInput, ProjectorAnswer>(
    "PUT",
    "/api/events/:eventId/projectors/:projectorId/content",
  ),
  deleteProjector: route<ProjectorParams, None, None, undefined>("DELETE", "/api/events/:eventId/projectors/:projectorId"),
};
