import type { Endpoint } from "@plenum/realtime";
import type { Effect, EffectSink } from "../commands/effect.ts";
import type { Store } from "../store/store.ts";
import type { Changes } from "./changes.ts";
import { revokeAdminAccess } from "./admin-access.ts";
import { socketIdOf } from "./connect.ts";

const PAGE = 1000;

/**
 * Turns committed commands' effects into live delivery: changed views are
 * announced on the cluster bus (every node re-renders what it holds,
 * throttled per topic), and credentials that stopped being valid lose their
 * sockets on every node, so their next join is checked again.
 */
export class LiveEffects implements EffectSink {
  readonly #store: Store;
  readonly #endpoint: Endpoint;
  readonly #changes: Changes;

  constructor(store: Store, endpoint: Endpoint, changes: Changes) {
    this.#store = store;
    this.#endpoint = endpoint;
    this.#changes = changes;
  }

  async apply(effects: readonly Effect[]): Promise<void> {
    for (const effect of effects) await this.#applyOne(effect);
  }

  async #applyOne(effect: Effect): Promise<void> {
    switch (effect.kind) {
      case "event":
        return this.#changes.event(effect.eventId);
      case "participants":
        return this.#changes.participants(effect.eventId);
      case "participant":
        return this.#changes.participant(effect.eventId, effect.participantId);
      case "proxies":
        return this.#changes.proxies(effect.eventId);
      case "mail":
        return this.#changes.mail(effect.eventId);
      case "motions":
        return this.#changes.motions(effect.eventId, effect.motionId);
      case "speakers":
        return this.#changes.speakers(effect.eventId);
      case "projectors":
        return this.#changes.projectors(effect.eventId);
      case "signedOut":
        return this.#endpoint.disconnect(socketIdOf(effect.actor));
      case "accessRevoked":
        return revokeAdminAccess(this.#endpoint, effect.eventId, effect.adminId);
      case "linksReplaced":
        for (let offset = 0; ; offset += PAGE) {
          const page = await this.#store.participants.list(effect.eventId, { offset, limit: PAGE });
          for (const { id } of page.items)
            this.#endpoint.disconnect(socketIdOf({ kind: "participant", participantId: id, eventId: effect.eventId }));
          if (offset + PAGE >= page.total) return;
        }
    }
  }
}
