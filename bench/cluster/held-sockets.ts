import { setTimeout as sleep } from "node:timers/promises";
import { fullJitter, type Backoff } from "../../packages/realtime/src/client/backoff.ts";
import type { LoadCommand, Reconnects, SocketSpec } from "./load-protocol.ts";
import { PhxClient } from "./phx-client.ts";

/** A fixed schedule (250, 500, 1000, 2000 ms, then 5 s): every client that lost a node at once retries at the same instants. */
const fixedBackoff: Backoff = (tries) => [250, 500, 1000, 2000][tries - 1] ?? 5000;
/** The assembly's web client now (apps/assembly/web/src/live/connection.ts). */
const jitterBackoff = fullJitter(500, 15_000);

type HoldCommand = Extract<LoadCommand, { type: "hold" }>;

/**
 * Sockets kept up the way a browser keeps its page's socket: when the
 * server closes one, it retries with a backoff, against one of the other
 * nodes (a load balancer taking the restarting node out), until it is
 * joined again. Every comeback is recorded.
 */
export class HeldSockets {
  readonly #clients = new Set<PhxClient>();
  readonly #comebacks: [number, number][] = [];
  #failedAttempts = 0;
  #closed = false;

  async hold(command: HoldCommand): Promise<{ opened: number; failed: number; firstError?: string }> {
    const backoff = command.backoff === "fixed" ? fixedBackoff : jitterBackoff;
    const started = Date.now();
    let opened = 0;
    let failed = 0;
    let firstError: string | undefined;
    const attempts: Promise<void>[] = [];
    for (const [i, spec] of command.sockets.entries()) {
      const wait = started + (i * 1000) / command.ratePerSec - Date.now();
      if (wait > 1) await sleep(wait);
      const localAddress = command.addresses[i % command.addresses.length]!;
      attempts.push(
        this.#connect(spec.url, spec, localAddress, command.joinTimeoutMs).then(
          (client) => {
            opened++;
            this.#keep(client, spec, localAddress, command, backoff);
          },
          (error: unknown) => {
            failed++;
            firstError ??= error instanceof Error ? error.message : String(error);
          },
        ),
      );
    }
    await Promise.all(attempts);
    return { opened, failed, ...(firstError ? { firstError } : {}) };
  }

  reconnects(): Reconnects {
    return {
      open: [...this.#clients].filter((client) => client.open).length,
      comebacks: this.#comebacks,
      failedAttempts: this.#failedAttempts,
    };
  }

  close(): void {
    this.#closed = true;
    for (const client of this.#clients) client.close();
    this.#clients.clear();
  }

  async #connect(url: string, spec: SocketSpec, localAddress: string, timeoutMs: number): Promise<PhxClient> {
    const client = await PhxClient.connect(url, { localAddress });
    try {
      await client.join(spec.topic, spec.user ? { user: spec.user, list: false } : {}, timeoutMs);
    } catch (error) {
      client.close();
      throw error;
    }
    return client;
  }

  #keep(client: PhxClient, spec: SocketSpec, localAddress: string, command: HoldCommand, backoff: Backoff): void {
    this.#clients.add(client);
    client.onClose(() => {
      this.#clients.delete(client);
      if (!this.#closed) void this.#comeBack(Date.now(), spec, localAddress, command, backoff);
    });
  }

  async #comeBack(closedAt: number, spec: SocketSpec, localAddress: string, command: HoldCommand, backoff: Backoff): Promise<void> {
    for (let tries = 1; !this.#closed; tries++) {
      await sleep(backoff(tries));
      if (this.#closed) return;
      const url = command.reconnectUrls[Math.floor(Math.random() * command.reconnectUrls.length)]!;
      try {
        const client = await this.#connect(url, spec, localAddress, command.joinTimeoutMs);
        if (this.#closed) return client.close();
        this.#comebacks.push([closedAt, Date.now()]);
        this.#keep(client, spec, localAddress, command, backoff);
        return;
      } catch {
        this.#failedAttempts++;
      }
    }
  }
}
