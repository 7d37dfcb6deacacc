/**
 * Topic patterns, as Phoenix's `channel "room:*"`: a pattern without `*` is
 * an exact topic (`"lobby"`); a pattern ending in its only `*` matches every
 * topic that starts with the part before it, the empty rest included
 * (`"room:*"` matches `"room:42"` and `"room:"`, not `"room"`; `"*"` matches
 * every topic). A `*` anywhere else is refused when the route is added.
 * Routes are tried in the order they were added; the first match wins.
 */
export class Router<T> {
  readonly #routes: { pattern: string; prefix: string | null; target: T }[] = [];

  add(pattern: string, target: T): void {
    if (pattern.indexOf("*") !== -1 && pattern.indexOf("*") !== pattern.length - 1) {
      throw new Error(`topic pattern ${JSON.stringify(pattern)}: "*" is allowed only once, at the end`);
    }
    const prefix = pattern.endsWith("*") ? pattern.slice(0, -1) : null;
    this.#routes.push({ pattern, prefix, target });
  }

  match(topic: string): T | undefined {
    for (const route of this.#routes) {
      if (route.prefix === null ? topic === route.pattern : topic.startsWith(route.prefix)) {
        return route.target;
      }
    }
    return undefined;
  }
}
