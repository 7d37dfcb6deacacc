import type { FastifyInstance } from "fastify";
import { proxyRoutes } from "../../api/routes/proxies.ts";
import { grantProxy, listProxies, revokeProxy } from "../../commands/proxies.ts";
import type { HttpContext } from "../context.ts";
import { eventCommand, eventQuery } from "../handlers.ts";
import { mountRoutes } from "../mount.ts";

/** Proxy votes as chairs record them (see `commands/proxies.ts`). */
export function serveProxies(app: FastifyInstance, ctx: HttpContext): void {
  mountRoutes(app, proxyRoutes, {
    listProxies: eventQuery(ctx, listProxies),
    grantProxy: eventCommand(ctx, grantProxy, 201),
    revokeProxy: eventCommand(ctx, revokeProxy, 204),
  });
}
