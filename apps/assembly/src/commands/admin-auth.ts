import type { z } from "zod";
import type { AdminMe, AdminSignedIn } from "../api/routes/admin-auth.ts";
import { passwordChangeInput, signInInput } from "../api/schemas/admin-auth.ts";
import { noInput } from "../api/schemas/common.ts";
import type { AdminSessions } from "../auth/admin-sessions.ts";
import { hashPassword, verifyPassword } from "../auth/password.ts";
import { hashToken } from "../auth/token.ts";
import type { AdminUser } from "../domain/admin.ts";
import { DomainError } from "../domain/errors.ts";
import { actorOf } from "./actor.ts";
import { audited } from "./audit.ts";
import type { AdminCommand, AdminQuery, Command } from "./command.ts";
import { type Effect, unwatched } from "./effect.ts";
import { adminView } from "./roles.ts";

/*
 * An admin's own account: sign-in, sign-out here or everywhere, profile and
 * password. Sockets are keyed by admin, not by session, so ending sessions
 * closes all the admin's sockets: a browser whose session is still valid (a
 * password change keeps the caller's) reconnects at once, the others are refused.
 */

/** A signed-in admin with the session token the request carried. */
export interface AdminSessionCaller {
  readonly admin: AdminUser;
  readonly token: string;
}

/** The session is the edge's to hand over (as a cookie); the answer carries what the page shows. */
export interface AdminSignInResult {
  readonly token: string;
  readonly expiresAt: Date;
  readonly answer: AdminSignedIn;
}

const signedOut = (admin: AdminUser): readonly Effect[] => [{ kind: "signedOut", actor: { kind: "admin", adminId: admin.id } }];

const ownAccount = (admin: AdminUser) => ({ eventId: null, actor: actorOf(admin) });

/** Email and password for a new session; a wrong pair is `invalid_credentials`, whichever half was wrong. */
export const adminSignIn = (sessions: AdminSessions): Command<undefined, z.output<typeof signInInput>, AdminSignInResult> => ({
  name: "adminSignIn",
  input: signInInput,
  async run(_ctx, _caller, { email, password }) {
    const signIn = await sessions.signIn(email, password);
    if (!signIn) throw new DomainError("invalid_credentials", "wrong email or password");
    const answer = { admin: adminView(signIn.admin), expiresAt: signIn.expiresAt.toISOString() };
    return { result: { token: signIn.token, expiresAt: signIn.expiresAt, answer }, effects: unwatched("a session, no view") };
  },
});

export const adminSignOut = (sessions: AdminSessions): Command<AdminSessionCaller, object, undefined> => ({
  name: "adminSignOut",
  input: noInput,
  async run(_ctx, { admin, token }) {
    await sessions.signOut(token);
    return { result: undefined, effects: signedOut(admin) };
  },
});

export const adminMe: AdminQuery<object, AdminMe> = {
  name: "adminMe",
  input: noInput,
  run: async ({ store }, admin) => ({ admin: adminView(admin), events: await store.admins.listEvents(admin.id) }),
};

/** Whoever knew the old password may hold a session: all end but the caller's. */
export const changePassword: Command<AdminSessionCaller, z.output<typeof passwordChangeInput>, undefined> = {
  name: "changePassword",
  input: passwordChangeInput,
  async run({ store }, { admin, token }, { currentPassword, newPassword }) {
    if (!(await verifyPassword(currentPassword, admin.passwordHash))) {
      throw new DomainError("wrong_password", "the current password is wrong");
    }
    const passwordHash = await hashPassword(newPassword);
    await audited(store, ownAccount(admin), "admin.password", async (tx) => {
      await tx.admins.setPassword(admin.id, passwordHash);
      const ended = await tx.sessions.deleteAll(admin.id, hashToken(token));
      return { result: undefined, audit: { subject: admin.id, after: { otherSessionsEnded: ended } } };
    });
    return { result: undefined, effects: signedOut(admin) };
  },
};

export const signOutEverywhere: AdminCommand<object, { ended: number }> = {
  name: "signOutEverywhere",
  input: noInput,
  async run({ store }, admin) {
    const ended = await audited(store, ownAccount(admin), "admin.sessions.revoke_all", async (tx) => {
      const count = await tx.sessions.deleteAll(admin.id);
      return { result: count, audit: { subject: admin.id, after: { sessionsEnded: count } } };
    });
    return { result: { ended }, effects: signedOut(admin) };
  },
};
