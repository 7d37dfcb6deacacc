import { requestToSpeak, type SpeakerKind, type SpeakerList } from "../../../src/domain/speakers/speaker-list.ts";

const start = Date.parse("2025-05-01T10:00:00.000Z");

/** The instant `seconds` after 10:00 on the day of the test assembly. */
export function at(seconds: number): string {
  return new Date(start + seconds * 1000).toISOString();
}

/** `participantId` asks to speak at second `second`; entry id and request key are `id`. */
export function ask(list: SpeakerList, id: string, participantId: string, kind: SpeakerKind = "normal", second = 0): SpeakerList {
  return requestToSpeak(list, { entryId: id, participantId, kind, requestKey: `key-${id}`, at: at(second) }).list;
}
