import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LeaseStore } from "../../src/supervision/lease-store.ts";

export interface LeaseStoreHarness {
  store: LeaseStore;
  close(): Promise<void>;
}

/** The contract of {@link LeaseStore}, run against every implementation. */
export function describeLeaseStore(name: string, open: () => Promise<LeaseStoreHarness>): void {
  describe(`LeaseStore contract: ${name}`, () => {
    let harness: LeaseStoreHarness;
    let store: LeaseStore;
    // Keys are unique per run so parallel files and earlier runs never collide.
    const run = `run-${randomUUID()}:`;
    let n = 0;
    const fresh = (): string => `${run}k${++n}`;

    beforeAll(async () => {
      harness = await open();
      store = harness.store;
    });
    afterAll(async () => {
      await harness?.close();
    });

    it("grants a free key and reports it as current", async () => {
      const key = fresh();
      const lease = await store.acquire(key, "a", 5_000);
      expect(lease).toEqual({ token: expect.any(Number), takeover: false });
      const current = await store.current(key);
      expect(current).toMatchObject({ key, owner: "a", token: lease!.token });
      expect(current!.expiresAt).toBeGreaterThan(Date.now());
    });

    it("refuses a held key to another owner", async () => {
      const key = fresh();
      await store.acquire(key, "a", 5_000);
      expect(await store.acquire(key, "b", 5_000)).toBeNull();
      expect((await store.current(key))?.owner).toBe("a");
    });

    it("lets exactly one of many concurrent owners win", async () => {
      const key = fresh();
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => store.acquire(key, `o${i}`, 5_000)));
      expect(results.filter((r) => r !== null)).toHaveLength(1);
    });

    it("issues strictly increasing tokens across release, re-acquire and expiry", async () => {
      const key = fresh();
      const t1 = (await store.acquire(key, "a", 5_000))!.token;
      expect(await store.release(key, "a", t1)).toBe(true);
      const t2 = (await store.acquire(key, "b", 60))!.token;
      await sleep(120);
      const t3 = (await store.acquire(key, "c", 5_000))!.token;
      const t4 = (await store.acquire(key, "c", 5_000))!.token;
      expect(t2).toBeGreaterThan(t1);
      expect(t3).toBeGreaterThan(t2);
      expect(t4).toBeGreaterThan(t3);
    });

    it("re-acquisition by the holder invalidates its old token", async () => {
      const key = fresh();
      const old = (await store.acquire(key, "a", 5_000))!.token;
      const renewed = (await store.acquire(key, "a", 5_000))!;
      expect(renewed.takeover).toBe(true);
      expect(await store.renew(key, "a", old, 5_000)).toBe(false);
      expect(await store.release(key, "a", old)).toBe(false);
      expect((await store.current(key))?.token).toBe(renewed.token);
    });

    it("renews only with the right owner and token", async () => {
      const key = fresh();
      const { token } = (await store.acquire(key, "a", 150))!;
      expect(await store.renew(key, "b", token, 5_000)).toBe(false);
      expect(await store.renew(key, "a", token + 1, 5_000)).toBe(false);
      expect(await store.renew(key, "a", token, 5_000)).toBe(true);
      await sleep(250);
      expect((await store.current(key))?.owner).toBe("a");
    });

    it("lets an unrenewed lease lapse; the next acquisition is a takeover", async () => {
      const key = fresh();
      const { token } = (await store.acquire(key, "a", 60))!;
      await sleep(120);
      expect(await store.current(key)).toBeNull();
      expect(await store.renew(key, "a", token, 5_000)).toBe(false);
      const next = await store.acquire(key, "b", 5_000);
      expect(next).toEqual({ token: expect.any(Number), takeover: true });
    });

    it("releases only with the right owner and token; a released key is no takeover", async () => {
      const key = fresh();
      const { token } = (await store.acquire(key, "a", 5_000))!;
      expect(await store.release(key, "b", token)).toBe(false);
      expect(await store.release(key, "a", token + 1)).toBe(false);
      expect((await store.current(key))?.owner).toBe("a");
      expect(await store.release(key, "a", token)).toBe(true);
      expect(await store.current(key)).toBeNull();
      expect(await store.release(key, "a", token)).toBe(false);
      expect((await store.acquire(key, "b", 5_000))?.takeover).toBe(false);
    });

    it("lists live leases under a prefix only", async () => {
      const group = `${run}list:`;
      const keys = [`${group}x`, `${group}y`, `${group}z*`];
      for (const key of keys) await store.acquire(key, "a", 5_000);
      await store.acquire(`${run}other`, "a", 5_000);
      const released = (await store.acquire(`${group}gone`, "a", 5_000))!;
      await store.release(`${group}gone`, "a", released.token);
      const listed = await store.list(group);
      expect(listed.map((l) => l.key).sort()).toEqual(keys.sort());
      expect(listed.every((l) => l.owner === "a" && l.token > 0)).toBe(true);
    });

    it("rejects bad input and changes nothing", async () => {
      const key = fresh();
      const { token } = (await store.acquire(key, "a", 5_000))!;
      await expect(store.acquire("", "a", 1_000)).rejects.toThrow(TypeError);
      await expect(store.acquire(key, "", 1_000)).rejects.toThrow(TypeError);
      await expect(store.acquire(key, "b", 0)).rejects.toThrow(RangeError);
      await expect(store.acquire(key, "b", 1.5)).rejects.toThrow(RangeError);
      await expect(store.renew(key, "a", -1, 1_000)).rejects.toThrow(RangeError);
      await expect(store.renew(key, "a", token, Number.NaN)).rejects.toThrow(RangeError);
      await expect(store.release(key, "a", 0)).rejects.toThrow(RangeError);
      expect(await store.current(key)).toMatchObject({ owner: "a", token });
    });
  });
}
