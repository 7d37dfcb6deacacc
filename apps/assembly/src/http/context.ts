import type { AdminSessions } from "../auth/admin-sessions.ts";
import type { RateLimiter } from "../auth/rate-limiter.ts";
import type { CommandRunner } from "../commands/command.ts";
import type { MailSetup } from "../commands/mail.ts";
import type { IdentityProvider } from "../commands/sso.ts";
import type { Store } from "../store/store.ts";
import type { CookiePolicy } from "./cookies.ts";

/** What every route module gets: the store and the edge's shared services. */
export interface HttpContext {
  readonly store: Store;
  /** Runs the app's commands; routes are adapters over it. */
  readonly commands: CommandRunner;
  readonly adminSessions: AdminSessions;
  /** Failed admin logins, keyed by client address. */
  readonly loginLimiter: RateLimiter;
  /** Unknown invitation tokens presented, keyed by client address. */
  readonly tokenLimiter: RateLimiter;
  readonly cookies: CookiePolicy;
  /** The link a participant opens; the token must not end up in server logs (see app.ts). */
  readonly invitationUrl: (token: string) => string;
  /** Body limit for CSV uploads, larger than the JSON one. */
  readonly csvBodyLimit: number;
  /** Whether invitations go out by mail (SMTP configured). */
  readonly mail: MailSetup;
  /** Requests for one's link again: per client address, and per event and e-mail address asked for. */
  readonly linkRequestLimiters: { readonly client: RateLimiter; readonly address: RateLimiter };
  /** The deployment's OpenID Connect provider; undefined without single sign-on. */
  readonly identityProvider: IdentityProvider | undefined;
}
