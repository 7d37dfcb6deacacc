import type { Participant } from "../domain/participant.ts";
import { serializeCsv } from "./serialize.ts";
import { spreadsheetSafe } from "./spreadsheet-safe.ts";

/** The mail-merge file for invitations: one row per participant with their personal link. */
export function invitationLinksCsv(rows: readonly { participant: Participant; link: string }[]): string {
  const header = ["name", "email", "group", "region", "link"];
  const body = rows.map(({ participant, link }) =>
    [participant.name, participant.email, participant.group ?? "", participant.region ?? "", link].map(spreadsheetSafe),
  );
  return serializeCsv([header, ...body], { bom: true });
}
