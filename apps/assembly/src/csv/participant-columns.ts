/** The participant fields a CSV column can fill. */
export type ParticipantColumn = "name" | "email" | "group" | "region" | "weight" | "eligible" | "language" | "memberNumber";

/**
 * Header spellings accepted per field, compared after lower-casing and
 * dropping spaces, dashes, underscores and dots, so "E-Mail-Adresse" and
 * "email_address" both match. German aliases because the first users export
 * member lists from German party and association software.
 */
const ALIASES: Record<ParticipantColumn, readonly string[]> = {
  name: [
    "name",
    "fullname",
    "displayname",
    "participant",
    "member",
    "vollständigername",
    "teilnehmer",
    "teilnehmerin",
    "teilnehmende",
    "mitglied",
  ],
  email: ["email", "mail", "emailaddress", "emailadresse", "mailadresse"],
  group: ["group", "chapter", "delegation", "gruppe", "gliederung", "kreisverband", "ortsverband"],
  region: ["region", "state", "bezirk", "landesverband", "bundesland"],
  weight: ["weight", "voteweight", "votes", "gewicht", "stimmgewicht", "stimmen", "stimmenzahl"],
  eligible: ["eligible", "voting", "votingrights", "canvote", "stimmberechtigt", "stimmrecht", "wahlberechtigt"],
  language: ["language", "lang", "locale", "sprache"],
  memberNumber: ["membernumber", "memberno", "memberid", "mitgliedsnummer", "mitgliedsnr", "mitgliednr", "mitgliedernummer"],
};

const BY_ALIAS = new Map<string, ParticipantColumn>(
  Object.entries(ALIASES).flatMap(([column, names]) => names.map((alias) => [alias, column as ParticipantColumn] as const)),
);

/** The field a header cell names, or undefined for a column to ignore. */
export function participantColumnFor(header: string): ParticipantColumn | undefined {
  return BY_ALIAS.get(
    header
      .trim()
      .toLowerCase()
      .replace(/[\s_.-]+/g, ""),
  );
}
