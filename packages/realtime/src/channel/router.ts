/**
 * Topic patterns: an exact topic (`"lobby"`) or a prefix ending in `*`
 * (`"room:*"` matches `"room:42"`, not `"room"`). First registered match wins.
 */
export class Router<T> {
  readonly #routes: { pattern: string; prefix: string | null; target: T }[] = [];

  add(pattern: string, target: T): void {
    if (pattern.indexOf("*") !== -1 && pattern.indexOf("*") !== pattern.length - 1) {
      throw new Error(`topic pattern ${JSON.stringify(pattern)}: "*" is allowed only at the end`);
    }
    const prefix = pattern.endsWith("*") ? pattern.slice(0, -1) : null;
    this.#routes.push({ pattern, prefix, target });
  }

  match(topic: string): T | undefined {
    for (const route of this.#routes) {
      if (route.prefix === null ? topic === route.pattern : topic.startsWith(route.prefix) && topic.length > route.prefix.length) {
        return route.target;
      }
    }
    return undefined;
  }
}
