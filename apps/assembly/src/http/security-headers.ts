import type { IncomingMessage, ServerResponse } from "node:http";
import type { FastifyInstance } from "fastify";
import helmet, { type HelmetOptions } from "helmet";

/**
 * The response headers of the web UI and the API (docs/security.md,
 * "Headers"). The CSP fits the Vite build: scripts and styles come from
 * files of this origin only (no inline code; Preact sets `style` through the
 * DOM, which CSP allows), and `connect-src 'self'` covers the API and the
 * same-origin WebSocket. No page may frame the app, and no Referer leaves it
 * (invitation tokens sit in the URL fragment, which is never sent anyway).
 * HSTS and upgrade-insecure-requests only when the public URL is https: on
 * plain http they would break the app for the browsers that honour them.
 */
function helmetOptions(https: boolean): HelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    frameguard: { action: "deny" },
    referrerPolicy: { policy: "no-referrer" },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  };
}

/**
 * What helmet sets for these options, computed once: they depend on nothing
 * in the request, and building helmet's middleware again for every request
 * (re-parsing the CSP directives) cost more than the rest of a ballot's HTTP
 * handling around it.
 */
export function securityHeaders(options: { readonly https: boolean }): { set: ReadonlyMap<string, string>; removed: readonly string[] } {
  const set = new Map<string, string>();
  const removed: string[] = [];
  const collect = {
    setHeader(name: string, value: string | number | readonly string[]) {
      set.set(name, String(value));
    },
    removeHeader(name: string) {
      removed.push(name);
    },
  };
  helmet(helmetOptions(options.https))({} as IncomingMessage, collect as unknown as ServerResponse, (error?: unknown) => {
    if (error !== undefined) throw error;
  });
  return { set, removed };
}

export async function installSecurityHeaders(app: FastifyInstance, options: { readonly https: boolean }): Promise<void> {
  const { set, removed } = securityHeaders(options);
  const headers = [...set];
  // On the raw response, as helmet does: answers written past Fastify carry them too.
  app.addHook("onRequest", (_request, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    for (const name of removed) reply.raw.removeHeader(name);
    done();
  });
}
