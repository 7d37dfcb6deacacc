import { z } from "zod";
import { idSchema } from "./common.ts";

export const grantProxyInput = z.strictObject({ principalId: idSchema, delegateId: idSchema });
export type GrantProxyInput = z.input<typeof grantProxyInput>;

export const principalRef = z.strictObject({ principalId: idSchema });
