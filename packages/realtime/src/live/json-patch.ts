/**
 * Minimal JSON diff producing RFC 6902 operations (`add`, `remove`,
 * `replace`), and the matching `apply`. Arrays are compared by index, with a
 * whole-array replace when lengths differ by a lot, which keeps patches
 * small for the view models this is made for (lists that grow at the end,
 * counters that tick) without a general LCS.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type PatchOp =
  | { op: "add"; path: string; value: Json }
  | { op: "remove"; path: string }
  | { op: "replace"; path: string; value: Json };

function escape(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

function unescape(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

function isObject(value: Json): value is { [key: string]: Json } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function diff(before: Json, after: Json, path = "", ops: PatchOp[] = []): PatchOp[] {
  if (before === after) return ops;
  if (Array.isArray(before) && Array.isArray(after)) {
    if (Math.abs(before.length - after.length) > Math.max(before.length, after.length) / 2) {
      ops.push({ op: "replace", path, value: after });
      return ops;
    }
    const common = Math.min(before.length, after.length);
    for (let i = 0; i < common; i++) diff(before[i]!, after[i]!, `${path}/${i}`, ops);
    for (let i = common; i < after.length; i++) ops.push({ op: "add", path: `${path}/${i}`, value: after[i]! });
    for (let i = before.length - 1; i >= after.length; i--) ops.push({ op: "remove", path: `${path}/${i}` });
    return ops;
  }
  if (isObject(before) && isObject(after)) {
    for (const key of Object.keys(before)) {
      // Own keys only: `in` would find `valueOf` & co. on every object.
      if (!Object.hasOwn(after, key)) ops.push({ op: "remove", path: `${path}/${escape(key)}` });
    }
    for (const key of Object.keys(after)) {
      const p = `${path}/${escape(key)}`;
      if (Object.hasOwn(before, key)) diff(before[key]!, after[key]!, p, ops);
      else ops.push({ op: "add", path: p, value: after[key]! });
    }
    return ops;
  }
  ops.push({ op: "replace", path, value: after });
  return ops;
}

/** Applies `ops` to a copy of `document`. Throws on a path that does not exist. */
export function apply(document: Json, ops: readonly PatchOp[]): Json {
  let root = structuredClone(document);
  for (const op of ops) {
    if (op.path === "") {
      if (op.op === "remove") throw new Error("cannot remove the root");
      root = structuredClone(op.value);
      continue;
    }
    const segments = op.path.slice(1).split("/").map(unescape);
    const last = segments.pop()!;
    let parent: Json = root;
    for (const segment of segments) {
      const next: Json | undefined = Array.isArray(parent)
        ? parent[Number(segment)]
        : isObject(parent) && Object.hasOwn(parent, segment)
          ? parent[segment]
          : undefined;
      if (next === undefined) throw new Error(`patch path ${op.path} does not exist`);
      parent = next;
    }
    if (Array.isArray(parent)) {
      const index = Number(last);
      if (op.op === "add") parent.splice(index, 0, structuredClone(op.value));
      else if (op.op === "remove") parent.splice(index, 1);
      else parent[index] = structuredClone(op.value);
    } else if (isObject(parent)) {
      if (op.op === "remove") delete parent[last];
      // defineProperty, not assignment: a key named `__proto__` must stay data, never a prototype.
      else Object.defineProperty(parent, last, { value: structuredClone(op.value), writable: true, enumerable: true, configurable: true });
    } else throw new Error(`patch path ${op.path} does not exist`);
  }
  return root;
}
