import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { API_PREFIX, type ResponseOf, type RouteSpec } from "../api/route.ts";
import { DomainError } from "../domain/errors.ts";

/** Serves one route of the API table: authenticate, then hand the request's input to a command or query. */
export type RouteHandler<R extends RouteSpec> = (request: FastifyRequest, reply: FastifyReply) => Promise<ResponseOf<R> | FastifyReply>;

/** A handler for every route of `Routes`: a route without one does not compile. */
export type RouteHandlers<Routes extends Readonly<Record<string, RouteSpec>>> = { readonly [K in keyof Routes]: RouteHandler<Routes[K]> };

/** Mounts a group of the API table on the `/api` scope. */
export function mountRoutes<Routes extends Readonly<Record<string, RouteSpec>>>(
  app: FastifyInstance,
  routes: Routes,
  handlers: RouteHandlers<Routes>,
): void {
  for (const name of Object.keys(routes) as (keyof Routes & string)[]) {
    const spec = routes[name] as RouteSpec;
    app.route({ method: spec.method, url: spec.path.slice(API_PREFIX.length), handler: handlers[name] });
  }
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * A command's raw input from a request: its path parameters and JSON body as
 * one object (the shape a channel payload has). A body that is not an object,
 * or names a path parameter, is refused rather than silently overridden.
 */
export function inputOf(request: FastifyRequest): Record<string, unknown> {
  const params = (request.params ?? {}) as Record<string, unknown>;
  const body = request.body;
  if (body === undefined || body === null) return { ...params };
  if (!isPlainObject(body)) throw new DomainError("invalid", "the body must be a JSON object");
  for (const key of Object.keys(params)) {
    if (Object.hasOwn(body, key))
      throw new DomainError("invalid", `"${key}" comes from the path, not the body`, [{ path: key, message: "not allowed in the body" }]);
  }
  return { ...body, ...params };
}
