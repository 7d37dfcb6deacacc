import type { Serializer } from "./serializer.ts";
import { v1 } from "./v1.ts";
import { v2 } from "./v2.ts";
import { negotiate } from "./vsn.ts";

export const serializers: readonly Serializer[] = [v2, v1];

/** The serializer for a `vsn` connect parameter (null when absent), as Phoenix negotiates it (see `negotiate`). */
export function serializerFor(vsn: string | null): Serializer | undefined {
  return negotiate(serializers, vsn);
}

export * from "./message.ts";
export * from "./serializer.ts";
export { v1, v2 };
