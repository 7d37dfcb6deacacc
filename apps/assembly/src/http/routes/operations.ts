import type { FastifyInstance } from "fastify";
import { operationsRoutes } from "../../api/routes/operations.ts";
import type { AdminSessions } from "../../auth/admin-sessions.ts";
import type { CommandRunner } from "../../commands/command.ts";
import { type NodeReport, opsStatus } from "../../commands/ops-status.ts";
import { ADMIN_COOKIE, credentialOf } from "../cookies.ts";
import { unauthenticated } from "../http-error.ts";
import type { MetricsAccess } from "../metrics-access.ts";
import { mountRoutes } from "../mount.ts";

export interface OperationsOptions {
  readonly report: NodeReport;
  readonly metricsAccess: MetricsAccess;
  readonly adminSessions: AdminSessions;
  readonly commands: CommandRunner;
}

/**
 * `/metrics` (guarded by `MetricsAccess`) and `GET /api/ops/status`, the
 * operator page's source (see `commands/ops-status.ts`). `/metrics` is the
 * Prometheus text, not JSON API, so it is a plain route outside the API table.
 */
export async function serveOperations(app: FastifyInstance, options: OperationsOptions): Promise<void> {
  const { report, metricsAccess, adminSessions, commands } = options;
  const status = opsStatus(report);

  app.get("/metrics", async (request, reply) => {
    metricsAccess.check(request, reply);
    const { contentType, text } = await report.metrics();
    return reply.type(contentType).header("cache-control", "no-store").send(text);
  });

  await app.register(
    async (api) =>
      mountRoutes(api, operationsRoutes, {
        async opsStatus(request, reply) {
          const admin = await adminSessions.authenticate(credentialOf(request, ADMIN_COOKIE));
          if (!admin) throw unauthenticated();
          reply.header("cache-control", "no-store");
          return commands.query(status, admin, {});
        },
      }),
    { prefix: "/api" },
  );
}
