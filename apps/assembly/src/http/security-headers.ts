import fastifyHelmet from "@fastify/helmet";
import type { FastifyInstance } from "fastify";

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
export async function installSecurityHeaders(app: FastifyInstance, options: { readonly https: boolean }): Promise<void> {
  await app.register(fastifyHelmet, {
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
        ...(options.https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    frameguard: { action: "deny" },
    referrerPolicy: { policy: "no-referrer" },
    strictTransportSecurity: options.https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
}
