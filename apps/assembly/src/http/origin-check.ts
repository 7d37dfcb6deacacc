import type { FastifyInstance, FastifyRequest } from "fastify";
import { HttpError } from "./http-error.ts";

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Sec-Fetch-Site values of a request the app's own pages (or the user, typing an address) made. */
const OWN_FETCH_SITES = new Set(["same-origin", "none"]);

/**
 * Why a state-changing request must be refused as cross-origin, or undefined
 * when it may go on. Browsers send `Origin` with every POST/PUT/PATCH/DELETE
 * (forms, fetch, XHR); where they omit it, `Sec-Fetch-Site` still tells.
 * A request with neither header does not come from a web page (curl, a
 * script with a bearer token), so no victim's cookie rides on it.
 */
export function foreignOriginOf(request: FastifyRequest, allowed: readonly string[]): string | undefined {
  if (!STATE_CHANGING.has(request.method)) return undefined;
  const origin = request.headers.origin;
  if (origin !== undefined) return allowed.includes(origin.toLowerCase()) ? undefined : `Origin ${origin}`;
  const site = request.headers["sec-fetch-site"];
  if (site === undefined || OWN_FETCH_SITES.has(site)) return undefined;
  return `Sec-Fetch-Site ${site}`;
}

/**
 * Refuses state changes sent from pages of other origins (403
 * `forbidden_origin`) before the body is read. SameSite cookies alone do not
 * stop this: another port of the same host is the same site.
 */
export function refuseForeignOrigins(app: FastifyInstance, allowed: () => readonly string[]): void {
  app.addHook("onRequest", async (request) => {
    const foreign = foreignOriginOf(request, allowed());
    if (foreign === undefined) return;
    throw new HttpError("forbidden_origin", `changes are only accepted from this app's own pages (got ${foreign})`);
  });
}
