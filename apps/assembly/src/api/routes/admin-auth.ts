import type { AdminUser } from "../../domain/admin.ts";
import type { AssemblyEvent } from "../../domain/event.ts";
import type { AdminRole } from "../../domain/roles.ts";
import { type None, route } from "../route.ts";
import type { PasswordChangeInput, SignInInput } from "../schemas/admin-auth.ts";

/** An admin as the API shows them: never the password hash. */
export type AdminView = Pick<AdminUser, "id" | "email" | "name">;

export interface AdminSignedIn {
  readonly admin: AdminView;
  /** ISO time the session (and its cookie) ends. */
  readonly expiresAt: string;
}

export interface AdminMe {
  readonly admin: AdminView;
  readonly events: { event: AssemblyEvent; role: AdminRole }[];
}

/** Admin sign-in (sets the session cookie), sign-out here or everywhere, own profile and password. */
export const adminAuthRoutes = {
  adminSignIn: route<None, None, SignInInput, AdminSignedIn>("POST", "/api/admin/login"),
  adminSignOut: route<None, None, None, undefined>("POST", "/api/admin/logout"),
  adminMe: route<None, None, None, AdminMe>("GET", "/api/admin/me"),
  changePassword: route<None, None, PasswordChangeInput, undefined>("PUT", "/api/admin/password"),
  signOutEverywhere: route<None, None, None, { ended: number }>("POST", "/api/admin/sessions/revoke-all"),
};
