import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { codeOf } from "./code-of.ts";
import {
  closeSpeakerList,
  moveSpeaker,
  requestToSpeak,
  startNextSpeaker,
  stopSpeaker,
  updateSpeakerListSettings,
} from "../../src/domain/speakers/speaker-list.ts";
import type { SpeakerKind, SpeakerList } from "../../src/domain/speakers/speaker-list.ts";
import type { Store } from "../../src/store/store.ts";

export interface SpeakersSuiteContext {
  readonly store: () => Store;
  /** A fresh open event with one agenda item and `count` participants. */
  readonly setup: (count: number) => Promise<{ event: { id: string }; item: { id: string }; ids: string[] }>;
  readonly advance: (ms: number) => void;
  readonly raw: (query: string) => Promise<Record<string, unknown>[]>;
}

const request =
  (participantId: string, kind: SpeakerKind = "normal", requestKey: string = randomUUID()) =>
  (list: SpeakerList, at: string) => {
    const result = requestToSpeak(list, { entryId: randomUUID(), participantId, kind, requestKey, at });
    return Promise.resolve({ list: result.list, result });
  };

/** Lists of speakers, on every database the store runs on. */
export function defineSpeakersTests(ctx: SpeakersSuiteContext): void {
  describe("lists of speakers", () => {
    it("opens one list per agenda item and one per motion, each once", async () => {
      const store = ctx.store();
      const { event, item } = await ctx.setup(0);
      const own = await store.speakers.open(event.id, item.id, null);
      expect(own).toMatchObject({
        eventId: event.id,
        agendaItemId: item.id,
        motionId: null,
        list: { closed: false, entries: [], queue: [] },
      });
      expect((await store.speakers.open(event.id, item.id, null)).id).toBe(own.id);
      const motion = await store.speakers.open(event.id, item.id, "motion-1");
      expect(motion.id).not.toBe(own.id);
      expect((await store.speakers.open(event.id, item.id, "motion-1")).id).toBe(motion.id);
      expect((await store.speakers.list(event.id)).map((stored) => stored.id)).toEqual([own.id, motion.id]);
      const other = await ctx.setup(0);
      expect(await codeOf(store.speakers.open(other.event.id, item.id, null))).toBe("not_found");
      expect(await codeOf(store.speakers.get("no-such-list"))).toBe("not_found");
      expect(await ctx.raw(`select motion_id from speaker_lists where id = '${motion.id}'`)).toEqual([{ motion_id: "motion-1" }]);
    });

    it("stores entries, queue order, times and settings as the domain left them", async () => {
      const store = ctx.store();
      const { event, item, ids } = await ctx.setup(3);
      const { id } = await store.speakers.open(event.id, item.id, null);
      const [a, b, c] = ids as [string, string, string];
      await store.speakers.change(id, request(a));
      await store.speakers.change(id, request(b));
      await store.speakers.change(id, request(c, "point_of_order"));
      const moved = await store.speakers.change(id, async (list) => ({ list: moveSpeaker(list, list.queue[2]!, 1), result: null }));
      expect(moved.before.list.queue).toHaveLength(3);
      await store.speakers.change(id, async (list, at) => ({ list: startNextSpeaker(list, at), result: null }));
      ctx.advance(90_000);
      await store.speakers.change(id, async (list, at) => ({ list: stopSpeaker(list, at), result: null }));
      await store.speakers.change(id, async (list) => ({
        list: closeSpeakerList(updateSpeakerListSettings(list, { proContra: true, timeLimitMs: 120_000 })),
        result: null,
      }));

      const stored = (await store.speakers.get(id)).list;
      expect(stored.closed).toBe(true);
      expect(stored.settings).toMatchObject({ proContra: true, timeLimitMs: 120_000, pointsOfOrder: true, fairOrder: null });
      expect(stored.entries.map((entry) => [entry.participantId, entry.kind, entry.state])).toEqual([
        [a, "normal", "waiting"],
        [b, "normal", "waiting"],
        [c, "point_of_order", "done"],
      ]);
      const done = stored.entries[2]!;
      expect(done.spokenMs).toBe(90_000);
      expect(Date.parse(done.endedAt!) - Date.parse(done.startedAt!)).toBe(90_000);
      // b was moved ahead of a while c's point of order led.
      expect(stored.queue).toEqual([stored.entries[1]!.id, stored.entries[0]!.id]);
      const positions = await ctx.raw(`select state, queue_position from speaker_entries where list_id = '${id}' order by seq`);
      expect(positions).toEqual([
        { state: "waiting", queue_position: 1 },
        { state: "waiting", queue_position: 0 },
        { state: "done", queue_position: null },
      ]);
    });

    it("stores a repeated request once, and a refused change writes nothing", async () => {
      const store = ctx.store();
      const { event, item, ids } = await ctx.setup(1);
      const { id } = await store.speakers.open(event.id, item.id, null);
      const first = await store.speakers.change(id, request(ids[0]!, "normal", "tap-1"));
      const again = await store.speakers.change(id, request(ids[0]!, "normal", "tap-1"));
      expect(again.result.created).toBe(false);
      expect(again.result.entry.id).toBe(first.result.entry.id);
      expect(await codeOf(store.speakers.change(id, request(ids[0]!, "normal", "tap-2")))).toBe("already_on_speakers_list");
      await expect(
        store.speakers.change(id, async (list) => {
          const changed = closeSpeakerList(list);
          throw new Error(`refused after computing ${changed.closed}`);
        }),
      ).rejects.toThrow(/refused/);
      const rows = await ctx.raw(`select count(*) as n from speaker_entries where list_id = '${id}'`);
      expect(Number(rows[0]!["n"])).toBe(1);
      expect((await store.speakers.get(id)).list.closed).toBe(false);
    });

    it("stores one entry when the same request arrives several times at once", async () => {
      const store = ctx.store();
      const { event, item, ids } = await ctx.setup(1);
      const { id } = await store.speakers.open(event.id, item.id, null);
      const answers = await Promise.all(Array.from({ length: 5 }, () => store.speakers.change(id, request(ids[0]!, "normal", "same-tap"))));
      expect(new Set(answers.map((answer) => answer.result.entry.id)).size).toBe(1);
      expect(answers.filter((answer) => answer.result.created)).toHaveLength(1);
      expect((await store.speakers.get(id)).list.entries).toHaveLength(1);
    });

    it("serialises concurrent changes to one list", async () => {
      const store = ctx.store();
      const { event, item, ids } = await ctx.setup(12);
      const { id } = await store.speakers.open(event.id, item.id, null);
      await Promise.all(ids.map((participantId) => store.speakers.change(id, request(participantId))));
      const { list } = await store.speakers.get(id);
      expect(list.entries).toHaveLength(12);
      expect(new Set(list.queue).size).toBe(12);
      expect(new Set(list.entries.map((entry) => entry.participantId))).toEqual(new Set(ids));
    });

    it("an agenda item with entries on its list cannot be deleted; one with an empty list can", async () => {
      const store = ctx.store();
      const { event, item, ids } = await ctx.setup(1);
      const { id } = await store.speakers.open(event.id, item.id, null);
      await store.speakers.change(id, request(ids[0]!));
      expect(await codeOf(store.agenda.delete(item.id))).toBe("conflict");
      const empty = await store.agenda.add(event.id, { title: "Other business" });
      await store.speakers.open(event.id, empty.id, null);
      await store.agenda.delete(empty.id);
      expect((await store.speakers.list(event.id)).map((stored) => stored.agendaItemId)).toEqual([item.id]);
    });
  });
}
