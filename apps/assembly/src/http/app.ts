import type { ServerOptions } from "node:http";
import fastifyCookie from "@fastify/cookie";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from "fastify";
import { HTTP_TIMEOUT_DEFAULTS, type TrustProxy } from "../config.ts";
import { AdminSessions } from "../auth/admin-sessions.ts";
import { hashPassword } from "../auth/password.ts";
import { RateLimiter, type RateLimiterOptions } from "../auth/rate-limiter.ts";
import { CommandRunner } from "../commands/command.ts";
import type { Store } from "../store/store.ts";
import { audited } from "../commands/audit.ts";
import { acceptJsonOnly, installCsvParser } from "./body-parsers.ts";
import { defaultPublicBaseUrl, invitationUrlAt } from "../commands/invitations.ts";
import type { HttpContext } from "./context.ts";
import { CookiePolicy } from "./cookies.ts";
import { installErrorHandler, installNotFoundHandler } from "./error-handler.ts";
import { refuseForeignOrigins } from "./origin-check.ts";
import { passwordSchema } from "../api/schemas/admin-auth.ts";
import { serveAdminAuth } from "./routes/admin-auth.ts";
import { serveAgenda } from "./routes/agenda.ts";
import { serveProjectors } from "./routes/projectors.ts";
import { serveAnnouncements } from "./routes/announcements.ts";
import { serveAuditLog } from "./routes/audit-log.ts";
import { serveBallots } from "./routes/ballots.ts";
import { serveElections } from "./routes/elections.ts";
import { serveEvents } from "./routes/events.ts";
import { serveExports } from "./routes/exports.ts";
import { serveRecord } from "./routes/record.ts";
import { serveInvitations } from "./routes/invitations.ts";
import { serveMail } from "./routes/mail.ts";
import { serveMotionImport, serveMotions, serveParticipantMotions } from "./routes/motions.ts";
import { serveParticipantEvent } from "./routes/participant-event.ts";
import { serveParticipantImport } from "./routes/participant-import.ts";
import { serveParticipantSession } from "./routes/participant-session.ts";
import { serveParticipants } from "./routes/participants.ts";
import { servePaperVotes } from "./routes/paper-votes.ts";
import { servePolls } from "./routes/polls.ts";
import { serveProxies } from "./routes/proxies.ts";
import { serveRoles } from "./routes/roles.ts";
import { serveSso } from "./routes/sso.ts";
import { ssoRoutes } from "../api/routes/sso.ts";
import type { OidcSettings } from "../sso/oidc-settings.ts";
import { OidcRelyingParty } from "../sso/relying-party.ts";
import { serveSpeakers } from "./routes/speakers.ts";
import { installSecurityHeaders } from "./security-headers.ts";
import { parseWith } from "../commands/parse.ts";
import { rejectNul } from "./nul-characters.ts";

export interface AppOptions {
  /** Owned by the caller: the app never closes it. */
  readonly store: Store;
  /**
   * Runs the commands behind the routes; share it with the channels so both
   * edges deliver the same effects. Default: a runner over `store` whose
   * effects go nowhere (the API alone, with nobody watching live).
   */
  readonly commands?: CommandRunner;
  /** Fastify logger options (default off), or pass `loggerInstance`. */
  readonly logger?: FastifyServerOptions["logger"];
  readonly loggerInstance?: FastifyBaseLogger;
  /**
   * Behind a reverse proxy: which peers' X-Forwarded-For to believe, so rate limits key on the
   * client, not the proxy. Addresses/ranges (preferred), a hop count, or true (every hop). Default none.
   */
  readonly trustProxy?: TrustProxy;
  /** Mark cookies Secure. Default: whether `publicBaseUrl` is https. */
  readonly secureCookies?: boolean;
  /**
   * Where participants open the app; invitation links are `<publicBaseUrl>/join#<token>`.
   * Default http://localhost:3000. A function when only the listening server knows it (port 0);
   * an https URL (given as a string) also turns on Secure cookies, HSTS and upgrade-insecure-requests.
   */
  readonly publicBaseUrl?: string | (() => string);
  /**
   * Origins (`scheme://host[:port]`) whose pages may send state-changing requests; every other
   * browser origin gets 403 `forbidden_origin`. Read per request. Default: the origin of `publicBaseUrl`.
   */
  readonly allowedOrigins?: () => readonly string[];
  /** Bounds of one connection; defaults in docs/security.md ("Limits and timeouts"). */
  readonly timeouts?: HttpTimeouts;
  /** JSON body limit in bytes; default 1 MiB. */
  readonly bodyLimit?: number;
  /** CSV import body limit in bytes; default 20 MiB. */
  readonly csvBodyLimit?: number;
  /** Admin session lifetime; default 12 h. */
  readonly adminSessionTtlMs?: number;
  /** Participant cookie lifetime; default 30 days (the link itself stays valid until revoked). */
  readonly participantCookieMaxAgeSeconds?: number;
  /**
   * Failed-attempt budgets per client address. Defaults: login 10 per 15 min, token exchange 30 per min;
   * asking for one's link again by mail 10 per 15 min per client and 3 per hour per address asked for.
   */
  readonly rateLimit?: {
    readonly login?: RateLimiterOptions;
    readonly tokenExchange?: RateLimiterOptions;
    readonly linkRequestClient?: RateLimiterOptions;
    readonly linkRequestAddress?: RateLimiterOptions;
  };
  /** Whether invitations go out by mail (the server runs an outbox worker); default false: only the CSV export. */
  readonly mailConfigured?: boolean;
  /** Single sign-on through this OpenID Connect provider; its redirect URI is `<publicBaseUrl>/api/sso/callback`. */
  readonly oidc?: OidcSettings;
  /**
   * The first admin: created at start when no admin has this email (an
   * existing account is left untouched, so a password changed later is not
   * reset on restart). `main.ts` fills it from ADMIN_EMAIL / ADMIN_PASSWORD.
   */
  readonly bootstrapAdmin?: { readonly email: string; readonly password: string; readonly name?: string };
}

export interface HttpTimeouts {
  /** Until the whole request (headers and body) has arrived; then 408 and the connection closes. */
  readonly requestMs?: number;
  /** Until the headers have arrived. At most `requestMs`. */
  readonly headersMs?: number;
  /** How long an idle keep-alive connection stays open. */
  readonly keepAliveMs?: number;
}

const SESSION_SWEEP_MS = 3600_000;

/**
 * Fastify refuses bare hop counts (they trust whoever connects); as a
 * configured choice they mean: the nearest `hops` addresses are proxies.
 */
function trustProxyOption(trust: TrustProxy = false): FastifyServerOptions["trustProxy"] {
  if (typeof trust !== "number") return trust;
  return (_address, hop) => hop < trust;
}

/**
 * Fastify options bounding each connection. Node checks the request and
 * headers deadlines on a timer (30 s by default); a quarter of the shorter
 * bound keeps a stalled body from outliving its deadline by much.
 */
function connectionBounds(timeouts: HttpTimeouts = {}): { requestTimeout: number; keepAliveTimeout: number; http: ServerOptions } {
  const requestMs = timeouts.requestMs ?? HTTP_TIMEOUT_DEFAULTS.requestMs;
  const headersMs = timeouts.headersMs ?? Math.min(HTTP_TIMEOUT_DEFAULTS.headersMs, requestMs);
  if (!(requestMs > 0 && headersMs > 0 && headersMs <= requestMs)) {
    throw new RangeError("timeouts: requestMs and headersMs must be positive, headersMs at most requestMs");
  }
  return {
    requestTimeout: requestMs,
    keepAliveTimeout: timeouts.keepAliveMs ?? HTTP_TIMEOUT_DEFAULTS.keepAliveMs,
    http: { headersTimeout: headersMs, connectionsCheckingInterval: Math.min(Math.max(headersMs / 4, 100), 30_000) },
  };
}

async function bootstrapAdmin(store: Store, admin: NonNullable<AppOptions["bootstrapAdmin"]>): Promise<void> {
  if (await store.admins.findByEmail(admin.email.trim().toLowerCase())) return;
  const password = parseWith(passwordSchema, admin.password, "bootstrap admin password");
  const passwordHash = await hashPassword(password);
  await audited(store, { eventId: null, actor: "system" }, "admin.bootstrap", async (tx) => {
    const created = await tx.admins.create({ email: admin.email, name: admin.name ?? "Administrator", passwordHash });
    return { result: undefined, audit: { subject: created.id, after: { email: created.email } } };
  });
}

/**
 * The assembly app's HTTP API under /api (JSON; CSV for imports and exports).
 * Every error is `{error: {code, message, details?}}`; unknown /api routes
 * are 404 in that shape, other paths are left to the caller's not-found
 * handler. `@fastify/cookie` is registered on the root (the caller must not
 * register it again). The caller adds WebSocket, static files and metrics,
 * then listens; `app.close()` stops the app's timers but leaves the store open.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  // First, so a refused bootstrap leaves nothing running.
  if (options.bootstrapAdmin) await bootstrapAdmin(options.store, options.bootstrapAdmin);
  const app = Fastify({
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    trustProxy: trustProxyOption(options.trustProxy),
    ...connectionBounds(options.timeouts),
    ...(options.loggerInstance ? { loggerInstance: options.loggerInstance } : { logger: options.logger ?? false }),
  });

  const loginLimiter = new RateLimiter(options.rateLimit?.login ?? { limit: 10, windowMs: 15 * 60_000 });
  const tokenLimiter = new RateLimiter(options.rateLimit?.tokenExchange ?? { limit: 30, windowMs: 60_000 });
  const linkRequestLimiters = {
    client: new RateLimiter(options.rateLimit?.linkRequestClient ?? { limit: 10, windowMs: 15 * 60_000 }),
    address: new RateLimiter(options.rateLimit?.linkRequestAddress ?? { limit: 3, windowMs: 3600_000 }),
  };
  const sessionSweeper = setInterval(() => {
    options.store.sessions.deleteExpired().catch((error: unknown) => app.log.warn({ err: error }, "expired session sweep failed"));
  }, SESSION_SWEEP_MS);
  sessionSweeper.unref();
  app.addHook("onClose", async () => {
    clearInterval(sessionSweeper);
    loginLimiter.close();
    tokenLimiter.close();
    linkRequestLimiters.client.close();
    linkRequestLimiters.address.close();
  });

  const configuredBase = options.publicBaseUrl ?? defaultPublicBaseUrl;
  const publicBaseUrl = () => (typeof configuredBase === "string" ? configuredBase : configuredBase()).replace(/\/+$/, "");
  const https = typeof configuredBase === "string" && new URL(configuredBase).protocol === "https:";
  const allowedOrigins = options.allowedOrigins ?? (() => [new URL(publicBaseUrl()).origin]);
  const ctx: HttpContext = {
    store: options.store,
    commands: options.commands ?? new CommandRunner(options.store, { apply: async () => {} }),
    adminSessions: new AdminSessions(options.store, { ttlMs: options.adminSessionTtlMs ?? 12 * 3600_000 }),
    loginLimiter,
    tokenLimiter,
    cookies: new CookiePolicy({
      secure: options.secureCookies ?? https,
      participantMaxAgeSeconds: options.participantCookieMaxAgeSeconds ?? 30 * 86_400,
    }),
    invitationUrl: invitationUrlAt(configuredBase),
    csvBodyLimit: options.csvBodyLimit ?? 20 * 1024 * 1024,
    mail: { configured: options.mailConfigured ?? false },
    linkRequestLimiters,
    identityProvider: options.oidc && new OidcRelyingParty(options.oidc, () => `${publicBaseUrl()}${ssoRoutes.ssoCallback.path}`),
  };

  await app.register(fastifyCookie);
  await installSecurityHeaders(app, { https });
  installErrorHandler(app);
  await app.register(
    async (api) => {
      installNotFoundHandler(api);
      acceptJsonOnly(api);
      refuseForeignOrigins(api, allowedOrigins);
      api.addHook("onRequest", async (request) => {
        rejectNul(request.params, "path");
        rejectNul(request.query, "query");
      });
      api.addHook("onSend", async (_request, reply) => {
        if (!reply.hasHeader("cache-control")) reply.header("cache-control", "no-store");
      });
      for (const routes of [
        serveAdminAuth,
        serveEvents,
        serveRoles,
        serveAgenda,
        serveAnnouncements,
        serveParticipants,
        serveInvitations,
        serveMail,
        servePolls,
        servePaperVotes,
        serveMotions,
        serveSpeakers,
        serveElections,
        serveProjectors,
        serveProxies,
        serveAuditLog,
        serveExports,
        serveRecord,
        serveParticipantSession,
        serveParticipantEvent,
        serveParticipantMotions,
        serveBallots,
        serveSso,
      ]) {
        routes(api, ctx);
      }
      // The routes that take a file, in their own scope: every other route refuses text/csv with 415.
      await api.register(async (files) => {
        installCsvParser(files);
        serveParticipantImport(files, ctx);
        serveMotionImport(files, ctx);
      });
    },
    { prefix: "/api" },
  );
  return app;
}
