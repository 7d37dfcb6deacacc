import { describe, expect, it } from "vitest";
import { codeOf } from "./code-of.ts";
import type { Store } from "../../src/store/store.ts";

export interface ProjectorsSuiteContext {
  readonly store: () => Store;
  readonly setup: (count: number) => Promise<{ event: { id: string }; item: { id: string } }>;
  readonly now: () => number;
  readonly advance: (ms: number) => void;
  readonly raw: (query: string) => Promise<Record<string, unknown>[]>;
}

/** The event's screens, on every database the store runs on. */
export function defineProjectorsTests(ctx: ProjectorsSuiteContext): void {
  describe("projectors", () => {
    it("makes screens following the day, keeps their order, renames and removes them", async () => {
      const store = ctx.store();
      const { event } = await ctx.setup(0);
      const hall = await store.projectors.create(event.id, "  Hall ");
      ctx.advance(1000);
      const foyer = await store.projectors.create(event.id, "Foyer");
      expect(hall).toMatchObject({ eventId: event.id, name: "Hall", content: { kind: "auto" } });
      expect((await store.projectors.list(event.id)).map((p) => p.name)).toEqual(["Hall", "Foyer"]);
      expect((await store.projectors.rename(foyer.id, "Foyer 2")).name).toBe("Foyer 2");
      expect((await store.projectors.get(foyer.id)).name).toBe("Foyer 2");
      await store.projectors.delete(hall.id);
      expect((await store.projectors.list(event.id)).map((p) => p.id)).toEqual([foyer.id]);
      expect(await codeOf(store.projectors.get(hall.id))).toBe("not_found");
      expect(await codeOf(store.projectors.delete(hall.id))).toBe("not_found");
      const other = await ctx.setup(0);
      expect(await store.projectors.list(other.event.id)).toEqual([]);
    });

    it("refuses empty and taken names and unknown events, writing nothing", async () => {
      const store = ctx.store();
      const { event } = await ctx.setup(0);
      const hall = await store.projectors.create(event.id, "Hall");
      ctx.advance(1000);
      const foyer = await store.projectors.create(event.id, "Foyer");
      expect(await codeOf(store.projectors.create(event.id, "   "))).toBe("invalid");
      expect(await codeOf(store.projectors.create(event.id, "hall"))).toBe("conflict");
      expect(await codeOf(store.projectors.rename(foyer.id, "HALL"))).toBe("conflict");
      expect(await codeOf(store.projectors.create("no-such-event", "Hall"))).toBe("not_found");
      // Renaming a screen to its own name in other case is no clash.
      expect((await store.projectors.rename(hall.id, "HALL")).name).toBe("HALL");
      expect((await store.projectors.list(event.id)).map((p) => p.name)).toEqual(["HALL", "Foyer"]);
      // Another event may have its own Hall.
      const other = await ctx.setup(0);
      expect((await store.projectors.create(other.event.id, "Hall")).name).toBe("Hall");
    });

    it("stores what a screen shows, a countdown's duration as the instant it ends", async () => {
      const store = ctx.store();
      const { event, item } = await ctx.setup(0);
      const hall = await store.projectors.create(event.id, "Hall");
      ctx.advance(5000);
      const shown = await store.projectors.show(hall.id, { kind: "agendaItem", agendaItemId: item.id });
      expect(shown.content).toEqual({ kind: "agendaItem", agendaItemId: item.id });
      expect(shown.changedAt).toBe(new Date(ctx.now()).toISOString());
      expect(await store.projectors.get(hall.id)).toEqual(shown);
      const countdown = await store.projectors.show(hall.id, { kind: "countdown", label: " Break ", durationSeconds: 600 });
      expect(countdown.content).toEqual({ kind: "countdown", label: "Break", endsAt: new Date(ctx.now() + 600_000).toISOString() });
      const until = new Date(ctx.now() + 3_600_000).toISOString();
      expect((await store.projectors.show(hall.id, { kind: "countdown", label: "", endsAt: until })).content).toMatchObject({
        endsAt: until,
      });
      expect(await ctx.raw(`select content from projectors where id = '${hall.id}'`)).toEqual([
        { content: JSON.stringify({ kind: "countdown", label: "", endsAt: until }) },
      ]);
      // An end already past, or more than a day away, is a typo: refused, the screen keeps its content.
      const past = new Date(ctx.now() - 1000).toISOString();
      expect(await codeOf(store.projectors.show(hall.id, { kind: "countdown", label: "", endsAt: past }))).toBe("invalid");
      const far = new Date(ctx.now() + 25 * 3_600_000).toISOString();
      expect(await codeOf(store.projectors.show(hall.id, { kind: "countdown", label: "", endsAt: far }))).toBe("invalid");
      expect((await store.projectors.get(hall.id)).content).toMatchObject({ endsAt: until });
      expect(await codeOf(store.projectors.show("no-such-screen", { kind: "blank" }))).toBe("not_found");
    });
  });
}
