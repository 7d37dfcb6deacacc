import { DomainError } from "../errors.ts";

/** Who submits a motion or amendment: a participant of the event, or a name (a body, a chapter, a guest). */
export type Submitter = { readonly kind: "participant"; readonly participantId: string } | { readonly kind: "name"; readonly name: string };

const maxSubmitters = 100;

function invalid(message: string): DomainError {
  return new DomainError("invalid", message, { field: "submitters" });
}

/** Validates 1 to 100 submitters, names trimmed; the same participant or name (ignoring case) twice is refused. */
export function validateSubmitters(input: readonly Submitter[]): Submitter[] {
  if (!Array.isArray(input) || input.length === 0 || input.length > maxSubmitters) {
    throw invalid(`a motion needs 1 to ${maxSubmitters} submitters`);
  }
  const seen = new Set<string>();
  return input.map((submitter) => {
    let result: Submitter;
    if (submitter?.kind === "participant" && typeof submitter.participantId === "string") {
      const participantId = submitter.participantId.trim();
      if (participantId.length === 0 || participantId.length > 100)
        throw invalid("a submitter's participant id must have 1 to 100 characters");
      result = { kind: "participant", participantId };
    } else if (submitter?.kind === "name" && typeof submitter.name === "string") {
      const name = submitter.name.trim();
      if (name.length === 0 || name.length > 200) throw invalid("a submitter's name must have 1 to 200 characters");
      result = { kind: "name", name };
    } else {
      throw invalid("a submitter is a participant id or a name");
    }
    const key = result.kind === "participant" ? `p:${result.participantId}` : `n:${result.name.toLowerCase()}`;
    if (seen.has(key)) throw invalid("a submitter is listed twice");
    seen.add(key);
    return result;
  });
}

export function isSubmitter(submitters: readonly Submitter[], participantId: string): boolean {
  return submitters.some((submitter) => submitter.kind === "participant" && submitter.participantId === participantId);
}
