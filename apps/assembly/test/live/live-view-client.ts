import type { Channel } from "phoenix";
import { applyPatch, type Json, type Patch } from "@plenum/realtime";
import { joined } from "./fixture.ts";

/** What a browser does with a live view channel: snapshot, patches, resync on a gap. */
export class LiveViewClient {
  model: any = null;
  version = 0;
  patches = 0;
  resyncs = 0;

  constructor(readonly channel: Channel) {
    channel.on("patch", (patch: Patch) => {
      if (patch.from !== this.version) {
        this.resyncs++;
        channel.push("snapshot", {}).receive("ok", ({ version, model }: { version: number; model: Json }) => this.#take(version, model));
        return;
      }
      this.model = applyPatch(this.model as Json, patch.ops);
      this.version = patch.version;
      this.patches++;
    });
  }

  async join(): Promise<{ status: string; response: any }> {
    const reply = await joined(this.channel);
    if (reply.status === "ok") this.#take(reply.response.version, reply.response.model);
    return reply;
  }

  #take(version: number, model: Json): void {
    this.version = version;
    this.model = model;
  }
}
