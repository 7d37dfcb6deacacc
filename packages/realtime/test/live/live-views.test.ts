import { afterEach, expect, it } from "vitest";
import { pino } from "pino";
import { LocalPubSub } from "../../src/pubsub/local.ts";
import { LiveViews, type Patch } from "../../src/live/live-views.ts";
import { apply, type Json } from "../../src/live/json-patch.ts";
import { eventually } from "../helpers.ts";

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

function node(pubsub: LocalPubSub, state: { model: Json; renders: number }): { views: LiveViews; patches: Patch[] } {
  const patches: Patch[] = [];
  const views = new LiveViews({
    pubsub,
    logger: pino({ level: "silent" }),
    throttleMs: 50,
    render: async () => {
      state.renders++;
      return structuredClone(state.model);
    },
    publish: (_topic, patch) => patches.push(patch),
  });
  views.start();
  closers.push(() => views.close());
  return { views, patches };
}

it("pushes versioned patches only when the model changed, on every node", async () => {
  const pubsub = new LocalPubSub();
  const state = { model: { turnout: 0 } as Json, renders: 0 };
  const a = node(pubsub, state);
  const b = node(pubsub, state);
  const snapA = await a.views.snapshot("event:1");
  await b.views.snapshot("event:1");
  expect(snapA).toEqual({ epoch: a.views.epoch, version: 1, model: { turnout: 0 } });
  // Each node counts its own versions: the epoch tells them apart.
  expect(a.views.epoch).not.toBe(b.views.epoch);

  a.views.invalidate("event:1"); // nothing changed: renders, but no patch
  await eventually(() => state.renders >= 4, 2000, "re-render");
  expect(a.patches).toEqual([]);

  state.model = { turnout: 1 };
  a.views.invalidate("event:1");
  await eventually(() => a.patches.length === 1 && b.patches.length === 1, 2000, "patch on both nodes");
  expect(a.patches[0]).toEqual({ epoch: a.views.epoch, from: 1, version: 2, ops: [{ op: "replace", path: "/turnout", value: 1 }] });
  expect(apply(snapA.model, a.patches[0]!.ops)).toEqual({ turnout: 1 });
});

it("coalesces a burst of invalidations into few renders and ends on the last state", async () => {
  const pubsub = new LocalPubSub();
  const state = { model: { n: 0 } as Json, renders: 0 };
  const { views, patches } = node(pubsub, state);
  await views.snapshot("t");
  for (let i = 1; i <= 1000; i++) {
    state.model = { n: i };
    views.invalidate("t");
  }
  await eventually(() => (patches.at(-1)?.ops[0] as { value?: number } | undefined)?.value === 1000, 2000, "last state");
  expect(state.renders).toBeLessThanOrEqual(4);
  // Versions are contiguous: a client applying them in order never sees a gap.
  expect(patches.map((p) => p.from)).toEqual(patches.map((_, i) => i + 1));
});

it("forgets a released topic", async () => {
  const pubsub = new LocalPubSub();
  const state = { model: { n: 0 } as Json, renders: 0 };
  const { views } = node(pubsub, state);
  await views.snapshot("t");
  views.release("t");
  views.invalidate("t");
  await new Promise((r) => setTimeout(r, 100));
  expect(state.renders).toBe(1);
});
