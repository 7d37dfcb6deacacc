import type { Proxy } from "../../domain/proxy.ts";
import { type None, route } from "../route.ts";
import type { GrantProxyInput } from "../schemas/proxies.ts";

type EventParams = { eventId: string };

/** Proxy votes as chairs record them; the event's rules on caps and chains are checked when one is granted. */
export const proxyRoutes = {
  listProxies: route<EventParams, None, None, { proxies: Proxy[] }>("GET", "/api/events/:eventId/proxies"),
  grantProxy: route<EventParams, None, GrantProxyInput, { proxy: Proxy }>("POST", "/api/events/:eventId/proxies"),
  revokeProxy: route<EventParams & { principalId: string }, None, None, undefined>("DELETE", "/api/events/:eventId/proxies/:principalId"),
};
