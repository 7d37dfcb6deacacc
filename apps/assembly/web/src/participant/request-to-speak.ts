import type { Channel } from "phoenix";
import { speakerRequestRoutes } from "../../../src/api/routes/speakers.ts";
import type { RequestToSpeakInput } from "../../../src/api/schemas/speakers.ts";
import { call } from "../api.ts";
import { pushOrNull } from "../live/push-or-null.ts";
import type { SpeakerEntry } from "../model.ts";
import { randomId } from "./receipts.ts";

type Kind = NonNullable<RequestToSpeakInput["kind"]>;

/*
 * A request's id is made once and kept (across a reload) until the server
 * answered: a second tap, the HTTP fallback after a silent channel and a
 * retry after a lost answer all carry it, so the request is stored once.
 */
const pendingKey = (listId: string, kind: Kind) => `plenum.speak.${listId}.${kind}`;

function pendingId(listId: string, kind: Kind): string {
  const name = pendingKey(listId, kind);
  try {
    const existing = localStorage.getItem(name);
    if (existing) return existing;
    const created = randomId();
    localStorage.setItem(name, created);
    return created;
  } catch {
    // Without storage the id lives as long as this call's retries.
    return randomId();
  }
}

function settled(listId: string, kind: Kind): void {
  try {
    localStorage.removeItem(pendingKey(listId, kind));
  } catch {
    // Nothing was kept.
  }
}

/** Asks to speak over the participant channel, falling back to HTTP when it is down or silent; resolves once stored. */
export async function askToSpeak(channel: Channel | null, listId: string, kind: Kind): Promise<SpeakerEntry> {
  const input: RequestToSpeakInput = { listId, kind, requestId: pendingId(listId, kind) };
  const { listId: _, ...body } = input;
  const reply =
    (await pushOrNull<{ entry: SpeakerEntry }>(channel, "request_to_speak", input)) ??
    (await call(speakerRequestRoutes.requestToSpeak, { params: { listId }, body }));
  settled(listId, kind);
  return reply.entry;
}

const kinds: readonly Kind[] = ["normal", "pro", "contra", "point_of_order"];

/**
 * Takes one's own waiting request back; repeating it is harmless, so HTTP
 * simply tries again. A request id still kept for the list (its answer was
 * lost) goes too: asking again afterwards is a new request.
 */
export async function withdrawFromList(channel: Channel | null, listId: string, entryId: string): Promise<void> {
  const reply = await pushOrNull<{ entry: SpeakerEntry }>(channel, "withdraw_request", { listId, entryId });
  if (reply === null) await call(speakerRequestRoutes.withdrawRequest, { params: { listId, entryId } });
  for (const kind of kinds) settled(listId, kind);
}
