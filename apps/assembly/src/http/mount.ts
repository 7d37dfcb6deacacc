import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from "fastify";
import { API_PREFIX, type ResponseOf, type RouteSpec } from "../api/route.ts";
import { DomainError } from "../domain/errors.ts";

/** Serves one route of the API table: authenticate, then hand the request's input to a command or query. */
export type RouteHandler<R extends RouteSpec> = (request: FastifyRequest, reply: FastifyReply) => Promise<ResponseOf<R> | FastifyReply>;

/** A handler for every route of `Routes`: a route without one does not compile. */
export type RouteHandlers<Routes extends Readonly<Record<string, RouteSpec>>> = { readonly [K in keyof Routes]: RouteHandler<Routes[K]> };

/** Fastify options of single routes (a sign-in's rate limit hooks, an upload's body limit). */
export type RouteOptions<Routes> = { readonly [K in keyof Routes]?: Pick<RouteShorthandOptions, "onRequest" | "onSend" | "bodyLimit"> };

/** Mounts a group of the API table on the `/api` scope. */
export function mountRoutes<Routes extends Readonly<Record<string, RouteSpec>>>(
  app: FastifyInstance,
  routes: Routes,
  handlers: RouteHandlers<Routes>,
  options: RouteOptions<Routes> = {},
): void {
  for (const name of Object.keys(routes) as (keyof Routes & string)[]) {
    const spec = routes[name] as RouteSpec;
    app.route({ ...options[name], method: spec.method, url: spec.path.slice(API_PREFIX.length), handler: handlers[name] });
  }
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * A command's raw input from a request: its query, JSON body and path
 * parameters as one object (the shape a channel payload has). A body that is
 * not an object, or a key given twice (say a path parameter again in the
 * body), is refused rather than silently overridden.
 */
export function inputOf(request: FastifyRequest): Record<string, unknown> {
  const body = request.body ?? {};
  if (!isPlainObject(body)) throw new DomainError("invalid", "the body must be a JSON object");
  const input: Record<string, unknown> = {};
  for (const source of [request.query, body, request.params]) {
    for (const [key, value] of Object.entries((source ?? {}) as Record<string, unknown>)) {
      if (Object.hasOwn(input, key)) throw new DomainError("invalid", `"${key}" is given twice`, [{ path: key, message: "given twice" }]);
      input[key] = value;
    }
  }
  return input;
}
