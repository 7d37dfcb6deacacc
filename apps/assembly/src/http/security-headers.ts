import fastifyHelmet, { type FastifyHelmetOptions } from "@fastify/helmet";
import Fastify, { type FastifyInstance } from "fastify";

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
function helmetOptions(https: boolean): FastifyHelmetOptions {
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
 * What `@fastify/helmet` sets for these options, computed once by asking it
 * on a probe instance: the headers depend on nothing in the request, and the
 * plugin builds helmet's middleware again for every request (re-parsing the
 * CSP directives), which cost more than the rest of a ballot's HTTP handling
 * around it. Headers a bare Fastify answer carries too are not helmet's.
 */
export async function securityHeaders(options: { readonly https: boolean }): Promise<ReadonlyMap<string, string>> {
  const answer = async (withHelmet: boolean) => {
    const probe = Fastify();
    if (withHelmet) await probe.register(fastifyHelmet, helmetOptions(options.https));
    probe.get("/", async () => "");
    try {
      return (await probe.inject("/")).headers;
    } finally {
      await probe.close();
    }
  };
  const [bare, helmeted] = await Promise.all([answer(false), answer(true)]);
  const set = new Map<string, string>();
  for (const [name, value] of Object.entries(helmeted)) {
    if (value !== undefined && !(name in bare)) set.set(name, String(value));
  }
  return set;
}

export async function installSecurityHeaders(app: FastifyInstance, options: { readonly https: boolean }): Promise<void> {
  const headers = [...(await securityHeaders(options))];
  // On the raw response, as helmet does: answers written past Fastify carry them too.
  app.addHook("onRequest", (_request, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });
}
