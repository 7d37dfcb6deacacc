import { describe, expect, it } from "vitest";
import { codeOf } from "./code-of.ts";
import type { Store } from "../../src/store/store.ts";

export interface RecordsSuiteContext {
  readonly store: () => Store;
  readonly setup: (count: number) => Promise<{ event: { id: string } }>;
  readonly advance: (ms: number) => void;
}

/** The kept exports of an event, on every database the store runs on. */
export function defineRecordsTests(ctx: RecordsSuiteContext): void {
  describe("records", () => {
    it("keeps an export under its hash once, per event, newest first", async () => {
      const store = ctx.store();
      const { event } = await ctx.setup(0);
      const { event: other } = await ctx.setup(0);
      const first = "a".repeat(64);
      const second = "b".repeat(64);
      const body = '{"name":"Größe"}';
      const kept = await store.records.save(event.id, first, body);
      expect(kept).toMatchObject({ sha256: first, sizeBytes: Buffer.byteLength(body) });
      ctx.advance(1000);
      expect(await store.records.save(event.id, first, "ignored")).toEqual(kept);
      const later = await store.records.save(event.id, second, "{}");
      expect(await store.records.get(event.id, first)).toEqual({ ...kept, body });
      expect(await store.records.list(event.id)).toEqual([later, kept]);
      expect(await store.records.list(other.id)).toEqual([]);
      expect(await codeOf(store.records.get(other.id, first))).toBe("not_found");
      expect(await codeOf(store.records.save(event.id, "not-a-hash", "{}"))).toBe("invalid");
      expect(await codeOf(store.records.save("no-such-event", first, "{}"))).toBe("not_found");
    });
  });
}
