import { z } from "zod";
import { ProtocolError, type Serializer } from "./serializer.ts";
import { isBinary, payloadJson, type Broadcast, type Inbound, type Push, type Reply } from "./message.ts";
import { parseJson } from "./json.ts";

const frame = z.object({
  topic: z.string(),
  event: z.string(),
  payload: z.unknown(),
  ref: z.string().nullable().optional(),
  join_ref: z.string().nullable().optional(),
});

function assertText(payload: unknown): void {
  if (isBinary(payload)) throw new ProtocolError("binary payloads need vsn=2.0.0");
}

/**
 * `vsn=1.0.0`: every frame is a JSON object. Clients send
 * `{topic, event, payload, ref}` and may add `join_ref` (the official client
 * does; older ones do not); the server writes `{topic, event, payload, ref}`
 * only, as Phoenix's V1 serializer: the format predates join refs. Replies
 * are `phx_reply` events whose payload is `{status, response}`. No binary frames.
 */
export const v1: Serializer = {
  vsn: "1.0.0",

  decode(data, binary) {
    if (binary) throw new ProtocolError("vsn=1.0.0 accepts text frames only");
    const parsed = frame.safeParse(parseJson(data));
    if (!parsed.success) {
      throw new ProtocolError("expected {topic, event, payload, ref, join_ref?}");
    }
    const { topic, event, payload, ref, join_ref } = parsed.data;
    return { topic, event, payload: payload ?? {}, ref: ref ?? null, joinRef: join_ref ?? null } satisfies Inbound;
  },

  encodePush({ ref = null, topic, event, payload }: Push) {
    assertText(payload);
    return `${JSON.stringify({ topic, event }).slice(0, -1)},"payload":${payloadJson(payload)},"ref":${JSON.stringify(ref)}}`;
  },

  encodeReply({ ref, topic, status, response }: Reply) {
    assertText(response);
    return JSON.stringify({ topic, event: "phx_reply", payload: { status, response }, ref });
  },

  encodeBroadcast({ topic, event, payload }: Broadcast) {
    assertText(payload);
    return JSON.stringify({ topic, event, payload, ref: null });
  },
};
