import type { EventRoleGrant } from "../../domain/admin.ts";
import { type None, route } from "../route.ts";
import type { GrantRoleInput } from "../schemas/roles.ts";
import type { AdminView } from "./admin-auth.ts";

type EventParams = { eventId: string };

/** A role in the event with the admin who holds it. */
export type RoleWithAdmin = EventRoleGrant & { readonly admin: AdminView };

/**
 * Who administers an event. Granting to an unknown email creates the admin
 * account with the given name and initial password (the owner hands it over
 * out of band); existing accounts keep their password.
 */
export const roleRoutes = {
  listRoles: route<EventParams, None, None, { roles: RoleWithAdmin[] }>("GET", "/api/events/:eventId/roles"),
  grantRole: route<EventParams, None, GrantRoleInput, RoleWithAdmin>("PUT", "/api/events/:eventId/roles"),
  revokeRole: route<EventParams & { adminId: string }, None, None, undefined>("DELETE", "/api/events/:eventId/roles/:adminId"),
};
