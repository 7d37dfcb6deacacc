export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Every route lives under this prefix; `path` includes it. */
export const API_PREFIX = "/api";

/**
 * One HTTP route of the API as both sides see it: method and path (Fastify
 * syntax, `:name` segments) at run time, and the types of its path
 * parameters, query, JSON body and answer. The server mounts a handler per
 * route of the same table the browser calls, so a path, a parameter or an
 * answer's shape cannot drift between them. The table holds no schemas (the
 * commands parse their input with the schemas in `api/schemas`), so the
 * browser bundle carries no validator.
 */
export interface RouteSpec<Params = unknown, Query = unknown, Body = unknown, Response = unknown> {
  readonly method: Method;
  readonly path: string;
  /** Type-only: never set at run time. */
  readonly types?: { readonly params: Params; readonly query: Query; readonly body: Body; readonly response: Response };
}

type Types<R extends RouteSpec> = NonNullable<R["types"]>;
export type ParamsOf<R extends RouteSpec> = Types<R>["params"];
export type QueryOf<R extends RouteSpec> = Types<R>["query"];
export type BodyOf<R extends RouteSpec> = Types<R>["body"];
export type ResponseOf<R extends RouteSpec> = Types<R>["response"];

/** What a route has when it has nothing there (no parameters, query or body). */
export type None = undefined;

/** The answer of a route that sends a file as an attachment (exports): the browser gets it as a Blob, not JSON. */
export type Attachment = Blob;

/** Declares a route; the types are named, the path is checked to hold every parameter at the call that builds it. */
export const route = <Params extends Record<string, string> | None, Query, Body, Response>(
  method: Method,
  path: string,
): RouteSpec<Params, Query, Body, Response> => ({ method, path });

/** The concrete path of `route` for `params`, each segment URI-encoded. */
export function pathOf(spec: Pick<RouteSpec, "path">, params: Readonly<Record<string, string>>): string {
  return spec.path.replace(/:(\w+)/g, (_whole, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`route ${spec.path} needs parameter "${name}"`);
    return encodeURIComponent(value);
  });
}
