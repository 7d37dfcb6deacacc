import { z } from "zod";

/** A page of the audit log; numbers arrive as query strings. */
export const auditPageInput = z.strictObject({
  afterId: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export type AuditPageInput = Partial<z.output<typeof auditPageInput>>;
