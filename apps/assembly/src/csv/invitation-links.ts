import type { Participant } from "../domain/participant.ts";
import type { CsvFormat } from "./csv-format.ts";
import { spreadsheetCsv } from "./spreadsheet-safe.ts";

/**
 * The mail-merge file for invitations: one row per participant. `link` is
 * their new personal link, or null when they kept the one issued earlier
 * (tokens are stored hashed, so an earlier link cannot be shown again); the
 * `link_status` column says which (`new` or `issued_earlier`, keys in
 * every language), so a mail merge can send only the new ones.
 */
export function invitationLinksCsv(rows: readonly { participant: Participant; link: string | null }[], format: CsvFormat): string {
  const header = ["name", "email", "group", "region", "link", "link_status"];
  const body = rows.map(({ participant, link }) => [
    participant.name,
    participant.email,
    participant.group ?? "",
    participant.region ?? "",
    link ?? "",
    link === null ? "issued_earlier" : "new",
  ]);
  return spreadsheetCsv(header, body, format);
}
