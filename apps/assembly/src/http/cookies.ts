import type { FastifyReply, FastifyRequest } from "fastify";

export const ADMIN_COOKIE = "plenum_admin";
export const PARTICIPANT_COOKIE = "plenum_participant";
/** Binds a single sign-on in flight to the browser that began it; sent to the sign-on routes only. */
export const SSO_LOGIN_COOKIE = "plenum_sso";
const SSO_COOKIE_PATH = "/api/sso";

/**
 * How session cookies are set. Both are HttpOnly. The admin cookie is
 * SameSite=Strict (no admin action is ever reached from another site); the
 * participant one Lax, so opening the app from a mail client's link keeps the
 * participant signed in. `secure` adds the Secure attribute (behind https).
 */
export class CookiePolicy {
  readonly #secure: boolean;
  readonly #participantMaxAgeSeconds: number;

  constructor(options: { secure: boolean; participantMaxAgeSeconds: number }) {
    this.#secure = options.secure;
    this.#participantMaxAgeSeconds = options.participantMaxAgeSeconds;
  }

  setAdmin(reply: FastifyReply, token: string, expiresAt: Date): void {
    reply.setCookie(ADMIN_COOKIE, token, { path: "/", httpOnly: true, sameSite: "strict", secure: this.#secure, expires: expiresAt });
  }

  clearAdmin(reply: FastifyReply): void {
    reply.clearCookie(ADMIN_COOKIE, { path: "/", httpOnly: true, sameSite: "strict", secure: this.#secure });
  }

  setParticipant(reply: FastifyReply, token: string): void {
    reply.setCookie(PARTICIPANT_COOKIE, token, {
      path: "/",
      httpOnly: true,
      sameSite: "lax",
      secure: this.#secure,
      maxAge: this.#participantMaxAgeSeconds,
    });
  }

  clearParticipant(reply: FastifyReply): void {
    reply.clearCookie(PARTICIPANT_COOKIE, { path: "/", httpOnly: true, sameSite: "lax", secure: this.#secure });
  }

  /** Lax, as the provider's redirect back is a cross-site top-level navigation; gone with the login's expiry. */
  setSsoLogin(reply: FastifyReply, browserSecret: string, maxAgeSeconds: number): void {
    reply.setCookie(SSO_LOGIN_COOKIE, browserSecret, {
      path: SSO_COOKIE_PATH,
      httpOnly: true,
      sameSite: "lax",
      secure: this.#secure,
      maxAge: maxAgeSeconds,
    });
  }

  clearSsoLogin(reply: FastifyReply): void {
    reply.clearCookie(SSO_LOGIN_COOKIE, { path: SSO_COOKIE_PATH, httpOnly: true, sameSite: "lax", secure: this.#secure });
  }
}

/**
 * The credential a request carries: `Authorization: Bearer <token>` first
 * (scripts, load tests, the WebSocket handshake), else the named cookie.
 */
export function credentialOf(request: FastifyRequest, cookie: string): string | undefined {
  const header = request.headers.authorization;
  return header === undefined ? request.cookies[cookie] : bearerOf(header);
}

/** The token of an `Authorization: Bearer <token>` header; undefined for any other scheme or shape. */
export function bearerOf(header: string | undefined): string | undefined {
  return header === undefined ? undefined : /^Bearer\s+(\S+)$/i.exec(header)?.[1];
}
