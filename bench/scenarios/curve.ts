import { RssSampler, type RssSample } from "../lib/rss-sampler.ts";
import { startServer } from "../lib/servers.ts";
import type { PeerName } from "../clients/messages.ts";
import { Population, type BenchContext } from "./context.ts";
import { measureFanout, type FanoutPoint } from "./fanout.ts";
import { measureRoundtrips, type RoundtripResult } from "./roundtrip.ts";

export interface CurveResult {
  readonly peer: PeerName;
  readonly roundtrips: RoundtripResult | undefined;
  readonly fanout: readonly FanoutPoint[];
  readonly failedSockets: number;
  readonly series: readonly RssSample[];
}

/**
 * Scenarios 2 and 3 on one fresh server: subscribers grow along the
 * fan-out curve; round trips run once enough sockets are joined, before
 * the first fan-out so no broadcast backlog is in the way.
 */
export async function measureCurve(ctx: BenchContext, peer: PeerName): Promise<CurveResult> {
  const server = await startServer(ctx.children, peer, ctx.server);
  const sampler = new RssSampler(server.pid, 500);
  const population = new Population(ctx.agents.size);
  const fanout: FanoutPoint[] = [];
  let roundtrips: RoundtripResult | undefined;
  try {
    for (const size of ctx.sizes.fanoutSizes) {
      await population.grow(ctx, server, size);
      if (!roundtrips && population.total >= ctx.sizes.roundtripSockets) {
        ctx.log(`  ${peer}: round trips`);
        roundtrips = await measureRoundtrips(ctx, server, population);
      }
      ctx.log(`  ${peer}: fan-out to ${population.total} subscribers`);
      fanout.push(await measureFanout(ctx, server, population));
    }
    return { peer, roundtrips, fanout, failedSockets: population.failed, series: sampler.samples };
  } finally {
    sampler.close();
    await population.closeAll(ctx);
    await server.stop();
  }
}
