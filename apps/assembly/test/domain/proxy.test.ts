import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { authorizeBallot } from "../../src/domain/entitlement.ts";
import type { EventSettings } from "../../src/domain/event.ts";
import type { Participant } from "../../src/domain/participant.ts";
import { checkDelegation, principalsOf, resolveVoter } from "../../src/domain/proxy.ts";
import { errorCode } from "./error-code.ts";

function person(id: string, eligible = true): Participant {
  return {
    id,
    eventId: "e",
    name: id,
    email: `${id}@x.org`,
    group: null,
    region: null,
    weight: 1,
    eligible,
    language: null,
    memberNumber: null,
    createdAt: "",
  };
}

const strict: EventSettings = { allowProxyChains: false, proxyCapPerDelegate: 2, presentOnlyVoting: false };
const chains: EventSettings = { ...strict, allowProxyChains: true, proxyCapPerDelegate: 5 };
const [a, b, c, d] = [person("a"), person("b"), person("c"), person("d")];

describe("delegation rules", () => {
  it("accepts a plain delegation", () => {
    expect(errorCode(() => checkDelegation(strict, a, b, new Map()))).toBeUndefined();
  });

  it("refuses self, ineligible principals, a second delegation, and disabled proxies", () => {
    expect(errorCode(() => checkDelegation(strict, a, a, new Map()))).toBe("invalid");
    expect(errorCode(() => checkDelegation(strict, person("x", false), b, new Map()))).toBe("not_eligible");
    expect(errorCode(() => checkDelegation(strict, a, c, new Map([["a", "b"]])))).toBe("already_delegated");
    expect(errorCode(() => checkDelegation({ ...strict, proxyCapPerDelegate: 0 }, a, b, new Map()))).toBe("proxies_disabled");
    expect(errorCode(() => checkDelegation(strict, a, { ...b, eventId: "other" }, new Map()))).toBe("not_found");
  });

  it("enforces the cap per delegate", () => {
    expect(
      errorCode(() =>
        checkDelegation(
          strict,
          c,
          d,
          new Map([
            ["a", "d"],
            ["b", "d"],
          ]),
        ),
      ),
    ).toBe("proxy_cap_reached");
    expect(errorCode(() => checkDelegation(strict, c, d, new Map([["a", "d"]])))).toBeUndefined();
  });

  it("without chains: no delegating to a delegator, no delegating while holding proxies", () => {
    expect(errorCode(() => checkDelegation(strict, a, b, new Map([["b", "c"]])))).toBe("proxy_rejected");
    expect(errorCode(() => checkDelegation(strict, b, c, new Map([["a", "b"]])))).toBe("proxy_rejected");
  });

  it("with chains: allowed, but never a cycle", () => {
    expect(errorCode(() => checkDelegation(chains, a, b, new Map([["b", "c"]])))).toBeUndefined();
    expect(
      errorCode(() =>
        checkDelegation(
          chains,
          c,
          a,
          new Map([
            ["a", "b"],
            ["b", "c"],
          ]),
        ),
      ),
    ).toBe("proxy_rejected");
  });

  it("accepted delegations never form a cycle and every chain ends at a non-delegator (property)", () => {
    const ids = ["p0", "p1", "p2", "p3", "p4", "p5"];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...ids), fc.constantFrom(...ids)), { maxLength: 30 }),
        fc.boolean(),
        (attempts, allowProxyChains) => {
          const settings: EventSettings = { allowProxyChains, proxyCapPerDelegate: 3, presentOnlyVoting: false };
          const proxies = new Map<string, string>();
          for (const [from, to] of attempts) {
            if (errorCode(() => checkDelegation(settings, person(from), person(to), proxies)) === undefined) proxies.set(from, to);
          }
          for (const id of ids) {
            const voter = resolveVoter(id, proxies);
            expect(proxies.has(voter)).toBe(false);
            if (!allowProxyChains && voter !== id) expect(proxies.get(id)).toBe(voter);
          }
          const held = new Map<string, number>();
          for (const to of proxies.values()) held.set(to, (held.get(to) ?? 0) + 1);
          for (const count of held.values()) expect(count).toBeLessThanOrEqual(3);
          const covered = ids.flatMap((id) => principalsOf(id, proxies)).sort();
          expect(covered).toEqual([...ids].sort());
        },
      ),
    );
  });
});

describe("ballot entitlement", () => {
  const base = {
    pollStatus: "open" as const,
    settings: strict,
    principal: a,
    voter: a,
    proxies: new Map<string, string>(),
    voterPresent: true,
  };

  it("lets a participant vote for themselves", () => {
    expect(errorCode(() => authorizeBallot(base))).toBeUndefined();
  });

  it("lets the delegate vote for the principal, and not the principal any more", () => {
    const proxies = new Map([["a", "b"]]);
    expect(errorCode(() => authorizeBallot({ ...base, voter: b, proxies }))).toBeUndefined();
    expect(errorCode(() => authorizeBallot({ ...base, proxies }))).toBe("not_entitled");
    expect(errorCode(() => authorizeBallot({ ...base, voter: c, proxies }))).toBe("not_entitled");
  });

  it("refuses closed polls, ineligible principals, absent voters when presence is required", () => {
    expect(errorCode(() => authorizeBallot({ ...base, pollStatus: "closed" }))).toBe("poll_not_open");
    expect(errorCode(() => authorizeBallot({ ...base, pollStatus: "draft" }))).toBe("poll_not_open");
    expect(errorCode(() => authorizeBallot({ ...base, principal: person("a", false), voter: person("a", false) }))).toBe("not_eligible");
    expect(errorCode(() => authorizeBallot({ ...base, settings: { ...strict, presentOnlyVoting: true }, voterPresent: false }))).toBe(
      "not_present",
    );
    expect(
      errorCode(() => authorizeBallot({ ...base, settings: { ...strict, presentOnlyVoting: true }, voterPresent: true })),
    ).toBeUndefined();
  });
});
