import type { Serializer } from "./serializer.ts";
import { v1 } from "./v1.ts";
import { v2 } from "./v2.ts";

export const serializers: readonly Serializer[] = [v2, v1];

/** The serializer for a `vsn` connect parameter; absent means 1.0.0 as in Phoenix. */
export function serializerFor(vsn: string | undefined): Serializer | undefined {
  if (vsn === undefined) return v1;
  const major = vsn.split(".")[0];
  return serializers.find((s) => s.vsn.split(".")[0] === major);
}

export * from "./message.ts";
export * from "./serializer.ts";
export { v1, v2 };
