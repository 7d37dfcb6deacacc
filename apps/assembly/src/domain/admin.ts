import type { AdminRole } from "./roles.ts";

/** A person who manages events. The password hash is opaque here (the auth layer hashes and verifies). */
export interface AdminUser {
  readonly id: string;
  /** Trimmed and lower-cased; unique across the installation. */
  readonly email: string;
  readonly name: string;
  readonly passwordHash: string;
  readonly createdAt: string;
}

export interface EventRoleGrant {
  readonly eventId: string;
  readonly adminId: string;
  readonly role: AdminRole;
}

export interface AdminSession {
  readonly adminId: string;
  readonly expiresAt: string;
}
