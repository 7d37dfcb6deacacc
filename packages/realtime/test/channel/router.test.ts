import { expect, it } from "vitest";
import { Router } from "../../src/channel/router.ts";

/** Phoenix's `channel` patterns: exact topics, or a prefix with a trailing `*` whose rest may be empty. */
it("matches a prefix pattern with any rest, the empty rest included", () => {
  const router = new Router<string>();
  router.add("room:*", "rooms");
  expect(router.match("room:42")).toBe("rooms");
  expect(router.match("room:")).toBe("rooms");
  expect(router.match("room:a:b")).toBe("rooms");
  expect(router.match("room")).toBeUndefined();
  expect(router.match("lobby")).toBeUndefined();
});

it("matches an exact pattern only exactly", () => {
  const router = new Router<string>();
  router.add("lobby", "lobby");
  expect(router.match("lobby")).toBe("lobby");
  expect(router.match("lobby:1")).toBeUndefined();
  expect(router.match("lobb")).toBeUndefined();
});

it('matches every topic with "*"', () => {
  const router = new Router<string>();
  router.add("*", "all");
  expect(router.match("")).toBe("all");
  expect(router.match("anything:at:all")).toBe("all");
});

it("takes the first added route that matches", () => {
  const router = new Router<string>();
  router.add("room:vip", "vip");
  router.add("room:*", "rooms");
  router.add("room:vip", "never");
  expect(router.match("room:vip")).toBe("vip");
  expect(router.match("room:1")).toBe("rooms");
});

it.each(["room:*:x", "*room", "room:**", "a*b"])("refuses %j: a star only once, at the end", (pattern) => {
  expect(() => new Router<string>().add(pattern, "x")).toThrow(/"\*" is allowed only once, at the end/);
});
