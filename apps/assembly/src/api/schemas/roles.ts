import { z } from "zod";
import { type AdminRole, isAdminRole } from "../../domain/roles.ts";
import { passwordSchema } from "./admin-auth.ts";
import { idSchema } from "./common.ts";

export const grantRoleInput = z.strictObject({
  email: z.string().max(320),
  role: z.custom<AdminRole>(isAdminRole, "role must be owner, chair or observer"),
  /** Only for a new admin account: its name and initial password. */
  name: z.string().max(200).optional(),
  password: passwordSchema.optional(),
});
export type GrantRoleInput = z.input<typeof grantRoleInput>;

export const adminRef = z.strictObject({ adminId: idSchema });
