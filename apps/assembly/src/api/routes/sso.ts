import type { EventSso } from "../../domain/sso.ts";
import { type None, route } from "../route.ts";
import type { EventSsoInput } from "../schemas/sso.ts";

type EventParams = { eventId: string };

/** Whether an event's join page offers single sign-on, and with whom: public, like the join page. */
export interface SsoStatus {
  /** False when this server has no OpenID Connect provider configured. */
  readonly configured: boolean;
  /** The provider's display name ("Sign in with …"); null when not configured. */
  readonly providerName: string | null;
  /** The event accepts it (and the server is configured). */
  readonly enabled: boolean;
}

/** The event's single sign-on as its chairs see it. */
export interface EventSsoSettings {
  readonly configured: boolean;
  readonly providerName: string | null;
  /** The claim a member number is read from; null when not configured. */
  readonly memberClaim: string | null;
  readonly sso: EventSso;
}

/**
 * Single sign-on through the deployment's OpenID Connect provider, as an
 * alternative to invitation links. `ssoLogin` and `ssoCallback` are browser
 * navigations answered with redirects (to the provider, then into the
 * participant app, or back to the join page with `?error=<code>`), never
 * fetched by script.
 */
export const ssoRoutes = {
  ssoStatus: route<EventParams, None, None, SsoStatus>("GET", "/api/sso/events/:eventId"),
  ssoLogin: route<EventParams, None, None, undefined>("GET", "/api/sso/events/:eventId/login"),
  ssoCallback: route<None, Record<string, string>, None, undefined>("GET", "/api/sso/callback"),
  eventSso: route<EventParams, None, None, EventSsoSettings>("GET", "/api/events/:eventId/sso"),
  saveEventSso: route<EventParams, None, EventSsoInput, EventSsoSettings>("PUT", "/api/events/:eventId/sso"),
};
