/**
 * The error catalogue: every code a client can receive, with its HTTP status
 * and the text a person reads, in every language the UI speaks. The server
 * answers `{error: {code, message, details?}}` (message in English, for logs
 * and scripts); the web UI shows the catalogue's text in the reader's
 * language. A code is added here or it cannot be thrown (`ErrorCode`).
 */

export type Language = "en" | "de";

export interface ErrorSpec {
  readonly status: number;
  readonly en: string;
  readonly de: string;
}

export const errorCatalogue = {
  invalid: { status: 400, en: "Some input is not valid.", de: "Einige Eingaben sind ungültig." },
  malformed_json: { status: 400, en: "The request could not be read.", de: "Die Anfrage konnte nicht gelesen werden." },
  bad_request: { status: 400, en: "The request could not be read.", de: "Die Anfrage konnte nicht gelesen werden." },
  unauthenticated: { status: 401, en: "Please sign in first.", de: "Bitte zuerst anmelden." },
  invalid_credentials: { status: 401, en: "Wrong email or password.", de: "E-Mail oder Passwort falsch." },
  wrong_password: { status: 403, en: "The current password is wrong.", de: "Das aktuelle Passwort ist falsch." },
  invalid_token: {
    status: 401,
    en: "This invitation link is not valid (any more).",
    de: "Dieser Einladungslink ist nicht (mehr) gültig.",
  },
  forbidden: { status: 403, en: "Your role does not allow this.", de: "Ihre Rolle erlaubt das nicht." },
  forbidden_origin: {
    status: 403,
    en: "Refused: this change did not come from this app's own page. Reload the app from its usual address and try again.",
    de: "Abgelehnt: Diese Änderung kam nicht von einer Seite dieser App. Bitte die App über ihre gewohnte Adresse neu laden und erneut versuchen.",
  },
  secret_poll: {
    status: 403,
    en: "Ballots of a secret vote are not linked to anyone.",
    de: "Stimmzettel einer geheimen Abstimmung sind niemandem zugeordnet.",
  },
  not_eligible: { status: 403, en: "No voting right.", de: "Kein Stimmrecht." },
  not_entitled: { status: 403, en: "You may not vote for this person.", de: "Sie dürfen nicht für diese Person abstimmen." },
  not_present: {
    status: 403,
    en: "Only participants who are checked in may vote.",
    de: "Nur eingecheckte Anwesende dürfen abstimmen.",
  },
  not_found: { status: 404, en: "Not found.", de: "Nicht gefunden." },
  conflict: {
    status: 409,
    en: "This conflicts with the current state. Reload and try again.",
    de: "Das widerspricht dem aktuellen Stand. Bitte neu laden und erneut versuchen.",
  },
  invalid_transition: {
    status: 409,
    en: "This step is not possible in the current state.",
    de: "Dieser Schritt ist im aktuellen Zustand nicht möglich.",
  },
  poll_not_open: { status: 409, en: "This vote is not open.", de: "Diese Abstimmung ist nicht offen." },
  already_voted: {
    status: 409,
    en: "A vote was already cast for this person in this poll.",
    de: "Für diese Person wurde in dieser Abstimmung bereits abgestimmt.",
  },
  split_not_allowed: {
    status: 400,
    en: "This vote cannot be split: cast the whole weight for one choice.",
    de: "Diese Stimme kann nicht aufgeteilt werden: Bitte das ganze Stimmgewicht für eine Wahl abgeben.",
  },
  split_mismatch: {
    status: 400,
    en: "The parts of a split vote must add up to exactly the weight of the vote.",
    de: "Die Teile einer aufgeteilten Stimme müssen zusammen genau das Stimmgewicht ergeben.",
  },
  proxy_rejected: {
    status: 409,
    en: "This proxy is not allowed by the event's rules.",
    de: "Diese Vollmacht ist nach den Regeln der Versammlung nicht erlaubt.",
  },
  proxies_disabled: {
    status: 409,
    en: "Proxy voting is switched off for this event (no proxies per delegate allowed).",
    de: "Stimmübertragung ist für diese Veranstaltung ausgeschaltet (keine Vollmachten je Person erlaubt).",
  },
  proxy_cap_reached: {
    status: 409,
    en: "This person already holds as many proxies as the event allows.",
    de: "Diese Person hält bereits so viele Vollmachten, wie die Veranstaltung erlaubt.",
  },
  already_delegated: {
    status: 409,
    en: "This participant has already given their vote to someone. End that proxy first.",
    de: "Diese Person hat ihre Stimme bereits übertragen. Bitte zuerst diese Vollmacht beenden.",
  },
  polls_still_open: {
    status: 409,
    en: "A vote is still open. Close the open votes before closing the event.",
    de: "Eine Abstimmung läuft noch. Bitte erst die offenen Abstimmungen schließen, dann die Veranstaltung beenden.",
  },
  last_owner: {
    status: 409,
    en: "An event must keep at least one owner. Make someone else owner first.",
    de: "Eine Veranstaltung braucht mindestens eine Person als Eigentümer*in. Bitte zuerst jemand anderen dazu machen.",
  },
  receipts_not_published: {
    status: 409,
    en: "Receipt codes are published for secret votes only, once voting has closed.",
    de: "Belegcodes werden nur bei geheimen Abstimmungen veröffentlicht, und erst nach dem Ende der Abstimmung.",
  },
  results_not_available: {
    status: 409,
    en: "Results are available once voting has closed.",
    de: "Ergebnisse gibt es erst nach dem Ende der Abstimmung.",
  },
  electorate_frozen: {
    status: 409,
    en: "A vote is open: voting rights and weights stay as they were when it opened. Close the vote first, then change them or add participants with a vote.",
    de: "Eine Abstimmung läuft: Stimmrechte und Stimmgewichte bleiben, wie sie bei ihrer Eröffnung waren. Erst die Abstimmung schließen, dann ändern oder stimmberechtigte Teilnehmende hinzufügen.",
  },
  participant_on_record: {
    status: 409,
    en: "This participant voted, held or gave a proxy, or was checked in: the record keeps them, so they cannot be removed. Take away their voting right instead.",
    de: "Diese Person hat abgestimmt, eine Vollmacht gegeben oder gehalten oder war eingecheckt: Das Protokoll behält sie, daher kann sie nicht entfernt werden. Entziehen Sie stattdessen das Stimmrecht.",
  },
  roll_changed: {
    status: 409,
    en: "The participant list changed since this preview. Check the file again and review the new preview.",
    de: "Die Teilnehmendenliste hat sich seit dieser Vorschau geändert. Bitte die Datei erneut prüfen und die neue Vorschau ansehen.",
  },
  event_closed: {
    status: 409,
    en: "The event is closed: its record is final.",
    de: "Die Veranstaltung ist geschlossen: Ihr Protokoll steht fest.",
  },
  event_not_open: {
    status: 409,
    en: "The assembly is not open: check-in starts when it opens.",
    de: "Die Versammlung ist nicht eröffnet: Als anwesend melden können Sie sich erst ab der Eröffnung.",
  },
  insufficient_support: {
    status: 409,
    en: "This motion does not have enough supporters yet.",
    de: "Dieser Antrag hat noch nicht genug Unterstützer*innen.",
  },
  amendment_conflict: {
    status: 409,
    en: "Two accepted amendments change the same lines; the final text cannot be made until one of them is changed.",
    de: "Zwei angenommene Änderungsanträge ändern dieselben Zeilen; die Endfassung entsteht erst, wenn einer davon geändert wird.",
  },
  motions_closed: {
    status: 403,
    en: "The chairs do not take motions or amendments from participants right now.",
    de: "Die Versammlungsleitung nimmt gerade keine Anträge oder Änderungsanträge von Teilnehmenden an.",
  },
  motion_not_on_agenda_item: {
    status: 409,
    en: "This motion is not on this agenda item. Open its list of speakers under the motion's own agenda item.",
    de: "Dieser Antrag gehört nicht zu diesem Tagesordnungspunkt. Öffnen Sie seine Redeliste unter dem Tagesordnungspunkt des Antrags.",
  },
  speakers_list_closed: {
    status: 409,
    en: "The list of speakers is closed.",
    de: "Die Redeliste ist geschlossen.",
  },
  already_on_speakers_list: {
    status: 409,
    en: "This person is already waiting on this list of speakers.",
    de: "Diese Person steht bereits auf dieser Redeliste.",
  },
  paper_window_closed: {
    status: 409,
    en: "Paper results can be entered once the vote is closed and until it is published; paper voters can also be named while it is open.",
    de: "Papierergebnisse können nach dem Schließen der Abstimmung und bis zu ihrer Veröffentlichung eingetragen werden; Papierwählende können auch schon während der Abstimmung eingetragen werden.",
  },
  paper_counts_ranked: {
    status: 400,
    en: "Rankings cannot be added up per candidate: enter each paper ballot of this election as a ranking.",
    de: "Rangfolgen lassen sich nicht je Kandidat zusammenzählen: Bitte jeden Papierstimmzettel dieser Wahl als Rangfolge eingeben.",
  },
  election_ballot_route: {
    status: 400,
    en: "This is an election, not a vote on a motion: cast its ballot as an election ballot, in the terms of its voting method.",
    de: "Dies ist eine Wahl, keine Abstimmung: Bitte den Stimmzettel als Wahlstimmzettel abgeben, nach dem Verfahren dieser Wahl.",
  },
  paper_counts_inconsistent: {
    status: 400,
    en: "The paper counts do not add up: options, abstentions and invalid ballots must fit the number and weight of the paper voters.",
    de: "Die Papierzählung geht nicht auf: Optionen, Enthaltungen und ungültige Stimmzettel müssen zur Zahl und zum Gewicht der Papierwählenden passen.",
  },
  paper_exceeds_eligible: {
    status: 409,
    en: "Online and paper votes together would exceed the voters entitled when the vote opened. Check the paper count.",
    de: "Online- und Papierstimmen zusammen wären mehr als die bei Eröffnung Stimmberechtigten. Bitte die Papierzählung prüfen.",
  },
  paper_counts_missing: {
    status: 409,
    en: "Paper voters are named but their paper ballots are not counted yet. Enter the paper counts first.",
    de: "Es sind Papierwählende eingetragen, aber ihre Stimmzettel sind noch nicht gezählt. Bitte zuerst die Papierzählung eintragen.",
  },
  mail_not_configured: {
    status: 409,
    en: "This server sends no e-mail (SMTP is not configured). Use the CSV export for a mail merge.",
    de: "Dieser Server versendet keine E-Mails (SMTP ist nicht eingerichtet). Bitte den CSV-Export für einen Serienbrief nutzen.",
  },
  sso_not_configured: {
    status: 409,
    en: "Single sign-on is not set up on this server (no OpenID Connect provider is configured).",
    de: "Die zentrale Anmeldung ist auf diesem Server nicht eingerichtet (kein OpenID-Connect-Anbieter konfiguriert).",
  },
  sso_disabled: {
    status: 403,
    en: "This assembly does not accept sign-in through the member database. Please use your personal invitation link.",
    de: "Diese Versammlung nimmt keine Anmeldung über die Mitgliederdatenbank an. Bitte nutzen Sie Ihren persönlichen Einladungslink.",
  },
  sso_state_invalid: {
    status: 400,
    en: "This sign-in has expired or was already used. Please start the sign-in again from the assembly's page.",
    de: "Diese Anmeldung ist abgelaufen oder wurde schon verwendet. Bitte starten Sie die Anmeldung erneut über die Seite der Versammlung.",
  },
  sso_unavailable: {
    status: 503,
    en: "The member database cannot be reached right now. Please try again in a moment, or use your personal invitation link.",
    de: "Die Mitgliederdatenbank ist gerade nicht erreichbar. Bitte versuchen Sie es gleich noch einmal oder nutzen Sie Ihren persönlichen Einladungslink.",
  },
  sso_failed: {
    status: 401,
    en: "The member database did not confirm your sign-in. Please try again.",
    de: "Die Mitgliederdatenbank hat Ihre Anmeldung nicht bestätigt. Bitte versuchen Sie es erneut.",
  },
  sso_claim_missing: {
    status: 401,
    en: "The member database did not tell us who you are (no verified e-mail address or member number). Please ask the organisers.",
    de: "Die Mitgliederdatenbank hat nicht mitgeteilt, wer Sie sind (keine bestätigte E-Mail-Adresse oder Mitgliedsnummer). Bitte wenden Sie sich an die Organisatoren.",
  },
  sso_no_match: {
    status: 403,
    en: "You are signed in to the member database, but you are not on the list of participants of this assembly. Please ask the organisers.",
    de: "Sie sind bei der Mitgliederdatenbank angemeldet, stehen aber nicht auf der Teilnehmerliste dieser Versammlung. Bitte wenden Sie sich an die Organisatoren.",
  },
  sso_ambiguous: {
    status: 409,
    en: "Your membership matches more than one entry on the list of participants, so you cannot be signed in this way. Please ask the organisers.",
    de: "Ihre Mitgliedschaft passt zu mehr als einem Eintrag der Teilnehmerliste, daher ist diese Anmeldung nicht möglich. Bitte wenden Sie sich an die Organisatoren.",
  },
  sso_revoked: {
    status: 403,
    en: "Your access to this assembly was withdrawn. Please ask the organisers.",
    de: "Ihr Zugang zu dieser Versammlung wurde zurückgezogen. Bitte wenden Sie sich an die Organisatoren.",
  },
  unknown_time_zone: {
    status: 400,
    en: "This time zone is unknown. Use a name such as Europe/Berlin.",
    de: "Diese Zeitzone ist unbekannt. Bitte einen Namen wie Europe/Berlin verwenden.",
  },
  body_too_large: { status: 413, en: "The upload is too large.", de: "Die Datei ist zu groß." },
  unsupported_media_type: {
    status: 415,
    en: "This kind of upload is not accepted.",
    de: "Diese Art von Upload wird nicht angenommen.",
  },
  csv_invalid: {
    status: 422,
    en: "Nothing was imported: fix these lines and upload the file again.",
    de: "Nichts wurde importiert: Bitte diese Zeilen korrigieren und die Datei erneut hochladen.",
  },
  rate_limited: { status: 429, en: "Too many attempts. Please wait a moment.", de: "Zu viele Versuche. Bitte einen Moment warten." },
  unknown_event: { status: 400, en: "The server does not know this message.", de: "Der Server kennt diese Nachricht nicht." },
  ballot_secret_mismatch: {
    status: 503,
    en: "Secret votes cannot be stored or counted right now: the server's ballot key changed. Please tell the organisers.",
    de: "Geheime Stimmen können gerade nicht gespeichert oder ausgezählt werden: Der Stimmschlüssel des Servers hat sich geändert. Bitte die Organisatoren informieren.",
  },
  internal: {
    status: 500,
    en: "Something went wrong on the server. Please try again.",
    de: "Auf dem Server ist ein Fehler aufgetreten. Bitte erneut versuchen.",
  },
  network: {
    status: 0,
    en: "No connection to the server. Please try again.",
    de: "Keine Verbindung zum Server. Bitte erneut versuchen.",
  },
} as const satisfies Readonly<Record<string, ErrorSpec>>;

export type ErrorCode = keyof typeof errorCatalogue;

export const isErrorCode = (code: string): code is ErrorCode => Object.hasOwn(errorCatalogue, code);

/** The body of every refusal, over HTTP and in channel replies alike. */
export interface ErrorBody {
  readonly error: { readonly code: ErrorCode; readonly message: string; readonly details?: unknown };
}

/** The text for `code` in `language`; an unknown code (a newer server) falls back to `fallback`. */
export function errorText(code: string, language: Language, fallback: string): string {
  return isErrorCode(code) ? errorCatalogue[code][language] : fallback;
}
