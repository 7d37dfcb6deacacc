import { useEffect, useState } from "preact/hooks";
import { type CsvRowError, csvRowErrorText } from "../../src/api/csv-row-errors.ts";
import { errorText, type Language } from "../../src/api/errors.ts";
import { fillPlaceholders } from "../../src/api/placeholders.ts";

/**
 * English and German, one flat dictionary each, of the texts the phone and
 * more than one screen use; a screen's own texts live in its chunk
 * (`messages`, `withShared`). German must have every English key (the type
 * says so), so a missing translation fails typecheck.
 * The choice is kept in localStorage and mirrored to `<html lang>`.
 */
const en = {
  "app.name": "Plenum",
  language: "Language",
  "language.en": "English",
  "language.de": "Deutsch",
  busy: "Working…",
  yes: "Yes",
  no: "No",
  delete: "Delete",
  "home.participants": "Participants: open the personal link you received by email.",
  "home.chairs": "Chairs and organisers: sign in",
  "connection.connecting": "Connecting…",
  "connection.online": "Online",
  "connection.reconnecting": "Connection lost — reconnecting…",
  "join.signingIn": "Signing you in…",
  "join.noToken": "This link is incomplete.",
  "join.askOrganisers": "Please ask the organisers for a new personal link.",
  "participant.signedOut":
    "You are not signed in on this device. Open the personal link you received; if it no longer works, please ask the organisers for a new one.",
  "participant.linkInvalid":
    "Your personal link is no longer valid: the organisers have revoked it or issued you a new one. Please ask them for your new link.",
  "participant.linkByMail": "Or have your new link sent to your e-mail address:",
  "participant.signedInAs": "Signed in as {name}",
  "participant.refused": "The live connection was refused. Please reload or open your link again.",
  "participant.loading": "Loading the assembly…",
  "participant.event.draft": "The assembly has not opened yet.",
  "participant.event.closed": "The assembly has ended.",
  "participant.event.open": "The assembly is open.",
  "participant.openPolls": "Votes",
  "participant.noOpenPoll": "No vote is open right now.",
  "participant.results": "Results",
  "participant.announcements": "Announcements",
  "participant.noAnnouncements": "No announcements yet.",
  "participant.agenda": "Agenda",
  "speakers.title": "List of speakers",
  "speakers.none": "No list of speakers is open.",
  "speakers.current": "Speaking now",
  "speakers.nobody": "Nobody is speaking.",
  "speakers.waiting": "{count} waiting",
  "speakers.next": "Next",
  "speakers.closed": "The list is closed: only points of order are taken.",
  "speakers.request.normal": "Request to speak",
  "speakers.request.pro": "Speak in favour",
  "speakers.request.contra": "Speak against",
  "speakers.request.point_of_order": "Point of order",
  "speakers.withdraw": "Withdraw my request",
  "speakers.position": "You are number {position} on the list.",
  "speakers.you": "You have the floor.",
  "speakers.kind.normal": "Speech",
  "speakers.kind.pro": "In favour",
  "speakers.kind.contra": "Against",
  "speakers.kind.point_of_order": "Point of order",
  "speakers.onMotion": "Speakers on motion {number}: {title}",
  "speakers.onUnnumberedMotion": "Speakers on the motion: {title}",
  "speakers.rule": "How the order is set",
  "poll.turnout": "{count} of {eligible} voted",
  "poll.secret": "Secret ballot",
  "poll.named": "Named vote",
  "poll.closedAwaiting": "Voting has closed. The result will be published shortly.",
  "vote.yes": "Yes",
  "vote.no": "No",
  "vote.abstain": "Abstain",
  "vote.yours": "Your vote",
  "vote.yourself": "yourself",
  "vote.forProxy": "Vote for {name} (proxy)",
  "vote.notEligible": "No voting right.",
  "vote.noEntitlement": "You cannot vote in this poll.",
  "vote.delegated": "You have given your vote to {name}.",
  "vote.pickOne": "Choose one option",
  "vote.pickRange": "Choose {min} to {max} options",
  "vote.submit": "Vote",
  "vote.sending": "Sending your vote…",
  "vote.confirmTitle": "Confirm your vote",
  "vote.confirmText": "{poll} — vote for {who}:",
  "vote.confirm": "Cast vote",
  "vote.back": "Back",
  "vote.counted": "✓ Your vote was counted.",
  "vote.alreadyVoted": "✓ Vote recorded — you have already voted.",
  "vote.receipt": "Receipt:",
  "vote.receiptSecret":
    "Keep this code: with it you can check that your ballot was counted. When the vote has closed, it is in the published list of receipt codes, without your name.",
  "vote.receiptNamed": "Keep this code: with it you can check that your ballot was counted (see “Check your receipt”).",
  "rights.title": "Your voting rights",
  "rights.one": "You have one vote.",
  "rights.weighted": "Your vote has weight {weight}: it counts as {weight} votes.",
  "rights.withProxies": "You vote with weight {total}: your own vote and proxies for {names}.",
  "rights.proxiesOnly": "You vote with weight {total}: proxies for {names}.",
  "rights.own": "Your own vote",
  "rights.proxy": "{name} (proxy)",
  "rights.weight": "weight {weight}",
  "rights.explain":
    "A weight is how many votes a ballot counts as: a ballot of weight 2 counts twice. You cast a separate ballot for yourself and for each proxy.",
  "results.of": "Result of {title}",
  "results.invalid": "Invalid (paper)",
  "results.parts": "online {online} · paper {paper}",
  "results.paperIncluded": "includes paper ballots: {online} voted online, {paper} on paper",
  "outcome.passed": "Passed",
  "outcome.failed": "Not passed",
  "outcome.no_quorum": "No quorum",
  "outcome.inconsistent": "Result not valid",
  "outcome.tie": "Tie — no winner",
  "explain.votes": "{weight} votes",
  "explain.vote": "1 vote",
  "explain.people": "{count} people",
  "explain.person": "1 person",
  "explain.notInBase": "not counted in the base",
  "explain.base.eligible": "all {value} eligible votes",
  "explain.base.yesNo": "the {value} yes and no votes (abstentions not counted)",
  "explain.base.cast": "the {value} votes cast for an option (abstentions not counted)",
  "explain.base.castWithAbstentions": "the {value} votes cast, abstentions included",
  "explain.rule.simple": "Simple majority: more than half of {base}.",
  "explain.rule.absolute": "Absolute majority: more than half of {base}.",
  "explain.rule.two_thirds": "Two-thirds majority: at least two thirds of {base}.",
  "explain.rule.threshold": "Required share: at least {numerator}/{denominator} of {base}.",
  "explain.rule.plurality": "Most votes wins (relative majority), out of {base}.",
  "explain.neededYes": "{required} of {base} votes needed — {actual} yes: {verdict}",
  "explain.neededOption": "{required} of {base} votes needed per option — {name} has {actual}: {verdict}",
  "explain.chosen": "chosen: {names}",
  "explain.nobody": "no option",
  "explain.winner": "{name} wins with {actual} of {base} votes.",
  "explain.leads": "{name} has the most votes, {actual} of {base}: {verdict}",
  "explain.tie": "Tie: {names} have {actual} votes each — no winner.",
  "explain.noVotes": "No votes for any option — no winner.",
  "explain.verdict.passed": "passed",
  "explain.verdict.not_passed": "not passed",
  "explain.verdict.tie": "tie",
  "explain.verdict.no_quorum": "no quorum",
  "explain.verdict.inconsistent": "not valid",
  "explain.quorum.none": "No quorum required.",
  "explain.quorum.weight": "Quorum: {required} votes must be cast — {actual} cast: {state}.",
  "explain.quorum.fraction": "Quorum: {required} votes must be cast ({numerator}/{denominator} of {eligible}) — {actual} cast: {state}.",
  "explain.quorum.met": "met",
  "explain.quorum.missed": "not met",
  "explain.turnout.people": "{people} of {eligible} people voted",
  "explain.turnout.weight": "their votes weigh {weight} of {eligible}",
  "results.turnoutExceedsEligible":
    "More ballots or more vote weight than the electorate frozen when the vote opened: this count cannot be trusted. Check the participant list and hold the vote again.",
  "elections.moveUp": "Move {name} up",
  "elections.moveDown": "Move {name} down",
  "rule.yes_no_abstain":
    "On each candidate: yes, no or abstain, at most {maxYes} yes. Elected: up to {seats} with most yes among those meeting the requirement ({requirement}).",
  "rule.approval":
    "Mark {min} to {max} candidates{noToAll}. Elected: the {seats} with most approvals among those meeting the requirement ({requirement}).",
  "rule.approval.noToAll": ", or vote “no to all”",
  "rule.cumulative": "Give up to {votes} votes, at most {max} to one candidate. Elected: the {seats} with most votes.",
  "rule.single_choice":
    "Choose one candidate. Elected: the one meeting the requirement ({requirement}); if nobody does, a runoff between the best {runoff}.",
  "rule.stv":
    "Rank the candidates in order of preference. {seats} seat(s), counted by Scottish STV: Droop quota, surpluses transferred at their value (weighted inclusive Gregory, five decimal places), the lowest excluded.",
  "rule.schulze":
    "Rank the candidates in order of preference. Ordered by the Schulze method (strongest beatpaths of pairwise wins); {seats} seat(s) down that order.",
  "rule.tieLot": "Ties: lot drawn by the server after closing, its seed in the audit log.",
  "rule.tieChair": "Ties: the chair decides.",
  "requirement.none": "most votes",
  "requirement.yes_over_no": "more yes than no",
  "requirement.majority_of_valid": "more than half of the valid ballots",
  "requirement.threshold": "at least {n}/{d} of the valid ballots",
  "election.turnout": "{count} of {eligible} have voted",
  "election.elected": "Elected",
  "election.noneElected": "Nobody elected.",
  "election.ballots": "Ballots: {total} cast, {valid} valid, {invalid} invalid, {abstain} abstaining",
  "election.runoffRequired": "No candidate reached the required majority: a runoff is needed.",
  "election.tiePending": "A tie waits for the chair's decision.",
  "election.candidate": "Candidate",
  "election.yes": "Yes",
  "election.no": "No",
  "election.abstain": "Abstain",
  "election.approvals": "Approvals",
  "election.votes": "Votes",
  "election.firstPreferences": "First preferences",
  "election.finalVotes": "Final votes",
  "election.quota": "Quota: {quota}",
  "election.stage": "Stage {stage}: {action}",
  "election.stageAction.first_preferences": "first preferences",
  "election.stageAction.surplus": "surplus of {from} transferred",
  "election.stageAction.exclusion": "{from} excluded",
  "election.stageAction.constraint_exclusion": "{from} excluded by the group rule",
  "election.pairwise": "Pairwise wins (row over column)",
  "election.awaiting": "Voting has ended; the result follows.",
  "ballot.yourRanking": "Your ranking",
  "ballot.unranked": "Not ranked",
  "ballot.rank": "Rank {name}",
  "ballot.unrank": "Remove {name}",
  "ballot.noToAll": "No to all",
  "ballot.votesLeft": "{left} vote(s) left",
  "ballot.submit": "Cast ballot",
  "participant.openElections": "Elections",
  "announcement.edited": "edited {time}",
  "announcement.withdrawnAt": "withdrawn {time}",
  "import.rowError": "Line {line}, {column}: {reason}",
  "participants.name": "Name",
  "participants.email": "Email",
  "participants.group": "Group",
  "participants.region": "Region",
  "presence.title": "Presence",
  "presence.here": "I am here",
  "presence.leave": "Check out — I am leaving",
  "presence.youArePresent": "✓ You are checked in as present. You stay present if your screen locks or you reload.",
  "presence.notYet": "You are not checked in yet. Tap “I am here” once you are at the assembly.",
  "presence.checkedOutByChair": "A chair checked you out. If you are here, tap “I am here”.",
  "field.title": "Title",
  "projector.present": "{present} present · {eligible} with a vote",
  "projector.turnout": "Turnout",
  "projector.refused": "No access to this event.",
  "join.lostLink": "Lost your link? Enter your e-mail address and we send it again.",
  "join.sendLink": "Send my link",
  "join.linkRequested": "If this address is registered for the event, a mail with your link is on its way.",
  "join.ssoSignIn": "Sign in with {provider}",
  "join.ssoOr": "Or open the personal link you received.",
  "crypto.unavailable": "This browser computes hashes only over a secure (https) connection.",
  "participant.motions": "Motions",
  "participant.showMotions": "Show the motions",
  "vote.split": "Split my vote",
  "vote.whole": "Vote undivided",
  "vote.splitLegend": "Divide the weight of {weight} between the choices",
  "vote.splitLeft": "{left} of {weight} still to divide",
  "vote.splitOver": "{over} more than {weight}: take some back",
  "vote.splitDone": "All {weight} divided",
  "vote.splitSubmit": "Cast split vote",
  "vote.splitPart": "{weight} {choice}",
  "election.paper": "Of these, {count} on paper (weight {weight}), counted by the tellers and entered by a chair.",
  "projector.removed": "This screen was removed. Open another screen's address from the console (Projectors).",
  "projector.counting": "Voting has closed · the result follows",
  "projector.notYetOpen": "Not open yet",
  "projector.countdown": "Countdown",
  "projector.timeUp": "Time is up",
  "projector.movedBy": "Moved by {names}",
};

export type MessageKey = keyof typeof en;

const de: Record<MessageKey, string> = {
  "app.name": "Plenum",
  language: "Sprache",
  "language.en": "English",
  "language.de": "Deutsch",
  busy: "Bitte warten…",
  yes: "Ja",
  no: "Nein",
  delete: "Löschen",
  "home.participants": "Teilnehmende: Bitte öffnen Sie Ihren persönlichen Link aus der E-Mail.",
  "home.chairs": "Versammlungsleitung und Organisation: anmelden",
  "connection.connecting": "Verbinde…",
  "connection.online": "Online",
  "connection.reconnecting": "Verbindung unterbrochen — verbinde neu…",
  "join.signingIn": "Sie werden angemeldet…",
  "join.noToken": "Dieser Link ist unvollständig.",
  "join.askOrganisers": "Bitte fragen Sie die Organisation nach einem neuen persönlichen Link.",
  "participant.signedOut":
    "Sie sind auf diesem Gerät nicht angemeldet. Öffnen Sie den persönlichen Link, den Sie erhalten haben; funktioniert er nicht mehr, fragen Sie bitte die Organisation nach einem neuen.",
  "participant.linkInvalid":
    "Ihr persönlicher Link ist nicht mehr gültig: Die Organisation hat ihn widerrufen oder Ihnen einen neuen ausgestellt. Bitte fragen Sie dort nach Ihrem neuen Link.",
  "participant.linkByMail": "Oder lassen Sie sich Ihren neuen Link an Ihre E-Mail-Adresse schicken:",
  "participant.signedInAs": "Angemeldet als {name}",
  "participant.refused": "Die Live-Verbindung wurde abgelehnt. Bitte neu laden oder den Link erneut öffnen.",
  "participant.loading": "Versammlung wird geladen…",
  "participant.event.draft": "Die Versammlung ist noch nicht eröffnet.",
  "participant.event.closed": "Die Versammlung ist beendet.",
  "participant.event.open": "Die Versammlung ist eröffnet.",
  "participant.openPolls": "Abstimmungen",
  "participant.noOpenPoll": "Gerade läuft keine Abstimmung.",
  "participant.results": "Ergebnisse",
  "participant.announcements": "Mitteilungen",
  "participant.noAnnouncements": "Noch keine Mitteilungen.",
  "participant.agenda": "Tagesordnung",
  "speakers.title": "Redeliste",
  "speakers.none": "Es ist keine Redeliste eröffnet.",
  "speakers.current": "Es spricht",
  "speakers.nobody": "Niemand spricht gerade.",
  "speakers.waiting": "{count} auf der Liste",
  "speakers.next": "Als Nächstes",
  "speakers.closed": "Die Redeliste ist geschlossen: Nur Anträge zur Geschäftsordnung werden angenommen.",
  "speakers.request.normal": "Zu Wort melden",
  "speakers.request.pro": "Für den Antrag sprechen",
  "speakers.request.contra": "Gegen den Antrag sprechen",
  "speakers.request.point_of_order": "Antrag zur Geschäftsordnung",
  "speakers.withdraw": "Wortmeldung zurückziehen",
  "speakers.position": "Sie sind Nummer {position} auf der Liste.",
  "speakers.you": "Sie haben das Wort.",
  "speakers.kind.normal": "Wortbeitrag",
  "speakers.kind.pro": "Fürrede",
  "speakers.kind.contra": "Gegenrede",
  "speakers.kind.point_of_order": "Geschäftsordnung",
  "speakers.onMotion": "Redeliste zu Antrag {number}: {title}",
  "speakers.onUnnumberedMotion": "Redeliste zum Antrag: {title}",
  "speakers.rule": "So entsteht die Reihenfolge",
  "poll.turnout": "{count} von {eligible} haben abgestimmt",
  "poll.secret": "Geheime Abstimmung",
  "poll.named": "Namentliche Abstimmung",
  "poll.closedAwaiting": "Die Abstimmung ist geschlossen. Das Ergebnis folgt in Kürze.",
  "vote.yes": "Ja",
  "vote.no": "Nein",
  "vote.abstain": "Enthaltung",
  "vote.yours": "Ihre Stimme",
  "vote.yourself": "sich selbst",
  "vote.forProxy": "Stimme für {name} (Vollmacht)",
  "vote.notEligible": "Kein Stimmrecht.",
  "vote.noEntitlement": "Sie können bei dieser Abstimmung nicht abstimmen.",
  "vote.delegated": "Sie haben Ihre Stimme an {name} übertragen.",
  "vote.pickOne": "Wählen Sie eine Option",
  "vote.pickRange": "Wählen Sie {min} bis {max} Optionen",
  "vote.submit": "Abstimmen",
  "vote.sending": "Ihre Stimme wird gesendet…",
  "vote.confirmTitle": "Stimme bestätigen",
  "vote.confirmText": "{poll} — Stimme für {who}:",
  "vote.confirm": "Stimme abgeben",
  "vote.back": "Zurück",
  "vote.counted": "✓ Ihre Stimme wurde gezählt.",
  "vote.alreadyVoted": "✓ Stimme erfasst — Sie haben bereits abgestimmt.",
  "vote.receipt": "Beleg:",
  "vote.receiptSecret":
    "Bewahren Sie diesen Code auf: Damit können Sie prüfen, ob Ihr Stimmzettel gezählt wurde. Nach dem Ende der Abstimmung steht er in der veröffentlichten Liste der Belegcodes, ohne Ihren Namen.",
  "vote.receiptNamed": "Bewahren Sie diesen Code auf: Damit können Sie prüfen, ob Ihr Stimmzettel gezählt wurde (siehe „Beleg prüfen“).",
  "rights.title": "Ihr Stimmrecht",
  "rights.one": "Sie haben eine Stimme.",
  "rights.weighted": "Ihre Stimme hat das Gewicht {weight}: Sie zählt wie {weight} Stimmen.",
  "rights.withProxies": "Sie stimmen mit dem Gewicht {total} ab: Ihre eigene Stimme und Vollmachten für {names}.",
  "rights.proxiesOnly": "Sie stimmen mit dem Gewicht {total} ab: Vollmachten für {names}.",
  "rights.own": "Ihre eigene Stimme",
  "rights.proxy": "{name} (Vollmacht)",
  "rights.weight": "Gewicht {weight}",
  "rights.explain":
    "Das Gewicht sagt, wie viele Stimmen ein Stimmzettel zählt: Ein Stimmzettel mit Gewicht 2 zählt doppelt. Sie geben für sich und für jede Vollmacht einen eigenen Stimmzettel ab.",
  "results.of": "Ergebnis von {title}",
  "results.invalid": "Ungültig (Papier)",
  "results.parts": "online {online} · Papier {paper}",
  "results.paperIncluded": "mit Papierstimmen: {online} online, {paper} auf Papier abgestimmt",
  "outcome.passed": "Angenommen",
  "outcome.failed": "Abgelehnt",
  "outcome.no_quorum": "Nicht beschlussfähig",
  "outcome.inconsistent": "Ergebnis ungültig",
  "outcome.tie": "Stimmengleichheit — niemand gewählt",
  "explain.votes": "{weight} Stimmen",
  "explain.vote": "1 Stimme",
  "explain.people": "{count} Personen",
  "explain.person": "1 Person",
  "explain.notInBase": "zählt nicht zur Basis",
  "explain.base.eligible": "aller {value} stimmberechtigten Stimmen",
  "explain.base.yesNo": "der {value} Ja- und Nein-Stimmen (Enthaltungen zählen nicht)",
  "explain.base.cast": "der {value} für eine Option abgegebenen Stimmen (Enthaltungen zählen nicht)",
  "explain.base.castWithAbstentions": "der {value} abgegebenen Stimmen einschließlich Enthaltungen",
  "explain.rule.simple": "Einfache Mehrheit: mehr als die Hälfte {base}.",
  "explain.rule.absolute": "Absolute Mehrheit: mehr als die Hälfte {base}.",
  "explain.rule.two_thirds": "Zweidrittelmehrheit: mindestens zwei Drittel {base}.",
  "explain.rule.threshold": "Erforderlicher Anteil: mindestens {numerator}/{denominator} {base}.",
  "explain.rule.plurality": "Die meisten Stimmen gewinnen (relative Mehrheit), gezählt von {base}.",
  "explain.neededYes": "{required} von {base} Stimmen nötig — {actual} Ja: {verdict}",
  "explain.neededOption": "{required} von {base} Stimmen je Option nötig — {name} hat {actual}: {verdict}",
  "explain.chosen": "gewählt: {names}",
  "explain.nobody": "keine Option",
  "explain.winner": "{name} gewinnt mit {actual} von {base} Stimmen.",
  "explain.leads": "{name} hat die meisten Stimmen, {actual} von {base}: {verdict}",
  "explain.tie": "Stimmengleichheit: {names} haben je {actual} Stimmen — niemand gewählt.",
  "explain.noVotes": "Keine Stimmen für eine Option — niemand gewählt.",
  "explain.verdict.passed": "angenommen",
  "explain.verdict.not_passed": "abgelehnt",
  "explain.verdict.tie": "Stimmengleichheit",
  "explain.verdict.no_quorum": "nicht beschlussfähig",
  "explain.verdict.inconsistent": "ungültig",
  "explain.quorum.none": "Kein Quorum erforderlich.",
  "explain.quorum.weight": "Quorum: {required} Stimmen müssen abgegeben werden — {actual} abgegeben: {state}.",
  "explain.quorum.fraction":
    "Quorum: {required} Stimmen müssen abgegeben werden ({numerator}/{denominator} von {eligible}) — {actual} abgegeben: {state}.",
  "explain.quorum.met": "erreicht",
  "explain.quorum.missed": "nicht erreicht",
  "explain.turnout.people": "{people} von {eligible} Personen haben abgestimmt",
  "explain.turnout.weight": "ihre Stimmen wiegen {weight} von {eligible}",
  "results.turnoutExceedsEligible":
    "Mehr Stimmen oder mehr Stimmgewicht als Stimmberechtigte bei Eröffnung der Abstimmung: Dieser Zählung ist nicht zu trauen. Bitte die Teilnehmendenliste prüfen und die Abstimmung wiederholen.",
  "elections.moveUp": "{name} nach oben",
  "elections.moveDown": "{name} nach unten",
  "rule.yes_no_abstain":
    "Zu jeder Person: Ja, Nein oder Enthaltung, höchstens {maxYes}-mal Ja. Gewählt: bis zu {seats} mit den meisten Ja unter denen, die die Anforderung erfüllen ({requirement}).",
  "rule.approval":
    "Markieren Sie {min} bis {max} Personen{noToAll}. Gewählt: die {seats} mit den meisten Zustimmungen unter denen, die die Anforderung erfüllen ({requirement}).",
  "rule.approval.noToAll": " oder stimmen Sie „Nein zu allen“",
  "rule.cumulative": "Vergeben Sie bis zu {votes} Stimmen, höchstens {max} an eine Person. Gewählt: die {seats} mit den meisten Stimmen.",
  "rule.single_choice":
    "Wählen Sie eine Person. Gewählt ist, wer die Anforderung erfüllt ({requirement}); erfüllt sie niemand, folgt eine Stichwahl zwischen den besten {runoff}.",
  "rule.stv":
    "Ordnen Sie die Kandidierenden nach Ihrer Präferenz. {seats} Sitz(e), ausgezählt nach schottischem STV: Droop-Quote, Überschüsse zu ihrem Wert übertragen (gewichtetes inklusives Gregory-Verfahren, fünf Nachkommastellen), die Schwächsten ausgeschlossen.",
  "rule.schulze":
    "Ordnen Sie die Kandidierenden nach Ihrer Präferenz. Gereiht nach der Schulze-Methode (stärkste Pfade paarweiser Siege); {seats} Sitz(e) in dieser Reihenfolge.",
  "rule.tieLot": "Gleichstand: Los, vom Server nach Schluss gezogen, der Startwert im Prüfprotokoll.",
  "rule.tieChair": "Gleichstand: Die Versammlungsleitung entscheidet.",
  "requirement.none": "die meisten Stimmen",
  "requirement.yes_over_no": "mehr Ja als Nein",
  "requirement.majority_of_valid": "mehr als die Hälfte der gültigen Stimmen",
  "requirement.threshold": "mindestens {n}/{d} der gültigen Stimmen",
  "election.turnout": "{count} von {eligible} haben gewählt",
  "election.elected": "Gewählt",
  "election.noneElected": "Niemand gewählt.",
  "election.ballots": "Stimmzettel: {total} abgegeben, {valid} gültig, {invalid} ungültig, {abstain} Enthaltungen",
  "election.runoffRequired": "Niemand hat die erforderliche Mehrheit erreicht: Eine Stichwahl ist nötig.",
  "election.tiePending": "Ein Gleichstand wartet auf die Entscheidung der Versammlungsleitung.",
  "election.candidate": "Person",
  "election.yes": "Ja",
  "election.no": "Nein",
  "election.abstain": "Enthaltung",
  "election.approvals": "Zustimmungen",
  "election.votes": "Stimmen",
  "election.firstPreferences": "Erstpräferenzen",
  "election.finalVotes": "Stimmen am Ende",
  "election.quota": "Quote: {quota}",
  "election.stage": "Runde {stage}: {action}",
  "election.stageAction.first_preferences": "Erstpräferenzen",
  "election.stageAction.surplus": "Überschuss von {from} übertragen",
  "election.stageAction.exclusion": "{from} ausgeschlossen",
  "election.stageAction.constraint_exclusion": "{from} wegen der Quotenregel ausgeschlossen",
  "election.pairwise": "Paarweise Siege (Zeile über Spalte)",
  "election.awaiting": "Die Wahl ist geschlossen; das Ergebnis folgt.",
  "ballot.yourRanking": "Ihre Rangfolge",
  "ballot.unranked": "Nicht gereiht",
  "ballot.rank": "{name} einreihen",
  "ballot.unrank": "{name} entfernen",
  "ballot.noToAll": "Nein zu allen",
  "ballot.votesLeft": "Noch {left} Stimme(n)",
  "ballot.submit": "Stimmzettel abgeben",
  "participant.openElections": "Wahlen",
  "announcement.edited": "bearbeitet {time}",
  "announcement.withdrawnAt": "zurückgezogen {time}",
  "import.rowError": "Zeile {line}, {column}: {reason}",
  "participants.name": "Name",
  "participants.email": "E-Mail",
  "participants.group": "Gruppe",
  "participants.region": "Region",
  "presence.title": "Anwesenheit",
  "presence.here": "Ich bin da",
  "presence.leave": "Ich gehe — als abwesend eintragen",
  "presence.youArePresent": "✓ Sie sind als anwesend eingetragen. Das bleibt so, wenn Ihr Bildschirm sperrt oder Sie neu laden.",
  "presence.notYet": "Sie sind noch nicht als anwesend eingetragen. Tippen Sie auf „Ich bin da“, sobald Sie an der Versammlung teilnehmen.",
  "presence.checkedOutByChair": "Die Versammlungsleitung hat Sie als abwesend eingetragen. Wenn Sie da sind, tippen Sie auf „Ich bin da“.",
  "field.title": "Titel",
  "projector.present": "{present} anwesend · {eligible} stimmberechtigt",
  "projector.turnout": "Beteiligung",
  "projector.refused": "Kein Zugriff auf diese Veranstaltung.",
  "join.lostLink": "Link verloren? E-Mail-Adresse eingeben, wir senden ihn erneut.",
  "join.sendLink": "Meinen Link senden",
  "join.linkRequested": "Wenn diese Adresse für die Versammlung registriert ist, ist eine E-Mail mit Ihrem Link unterwegs.",
  "join.ssoSignIn": "Mit {provider} anmelden",
  "join.ssoOr": "Oder öffnen Sie den persönlichen Link, den Sie erhalten haben.",
  "crypto.unavailable": "Dieser Browser berechnet Hashwerte nur über eine sichere (https-)Verbindung.",
  "participant.motions": "Anträge",
  "participant.showMotions": "Anträge anzeigen",
  "vote.split": "Meine Stimme aufteilen",
  "vote.whole": "Ungeteilt abstimmen",
  "vote.splitLegend": "Stimmgewicht {weight} auf die Antworten verteilen",
  "vote.splitLeft": "Noch {left} von {weight} zu verteilen",
  "vote.splitOver": "{over} mehr als {weight}: bitte verringern",
  "vote.splitDone": "Alle {weight} verteilt",
  "vote.splitSubmit": "Aufgeteilte Stimme abgeben",
  "vote.splitPart": "{weight} {choice}",
  "election.paper":
    "Davon {count} auf Papier (Gewicht {weight}), von der Zählkommission gezählt und von der Versammlungsleitung eingetragen.",
  "projector.removed": "Dieser Bildschirm wurde entfernt. Die Adresse eines anderen Bildschirms steht in der Konsole (Beamer).",
  "projector.counting": "Die Abstimmung ist beendet · das Ergebnis folgt",
  "projector.notYetOpen": "Noch nicht eröffnet",
  "projector.countdown": "Countdown",
  "projector.timeUp": "Die Zeit ist um",
  "projector.movedBy": "Antrag von {names}",
};

export const languages = ["en", "de"] as const satisfies readonly Language[];

const dictionaries: Record<Language, Record<MessageKey, string>> = { en, de };
const STORAGE_KEY = "plenum.language";

function initialLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === "en" || stored === "de") return stored;
  } catch {
    // Storage can be blocked; fall back to the browser's preference.
  }
  return navigator.language.toLowerCase().startsWith("de") ? "de" : "en";
}

let current: Language = initialLanguage();
const listeners = new Set<(language: Language) => void>();

function fill(text: string, vars?: Record<string, string | number>): string {
  return vars ? fillPlaceholders(text, vars) : text;
}

/** The message `key` in the current language, `{name}` placeholders filled from `vars`. */
export function t(key: MessageKey, vars?: Record<string, string | number>): string {
  return fill(dictionaries[current][key], vars);
}

/**
 * A translator for one screen's own messages, kept in that screen's chunk so
 * a phone's first load carries only what voting needs (and screens a phone
 * never opens, such as the record or the verify page, cost it nothing). Same language and
 * placeholders as `t`; German must have every English key.
 */
export function messages<K extends string>(english: Record<K, string>, german: NoInfer<Record<K, string>>) {
  const byLanguage: Record<Language, Record<K, string>> = { en: english, de: german };
  return (key: K, vars?: Record<string, string | number>): string => fill(byLanguage[current][key], vars);
}

/**
 * As `messages`, for a screen whose own texts are many and that uses the
 * shared ones too (the console): one translator for both, its own texts
 * kept in the screen's chunk.
 */
export function withShared<K extends string>(english: Record<K, string>, german: NoInfer<Record<K, string>>) {
  const own = messages(english, german);
  const ownKeys: ReadonlySet<string> = new Set(Object.keys(english));
  const isOwn = (key: K | MessageKey): key is K => ownKeys.has(key);
  return (key: K | MessageKey, vars?: Record<string, string | number>): string => (isOwn(key) ? own(key, vars) : t(key, vars));
}

/** The catalogue's text for an error code in the current language; `fallback` (the server's words) for a code it does not know. */
export function errorTextOf(code: string, fallback: string): string {
  return errorText(code, current, fallback);
}

/** Why a CSV line was refused, in the current language; the server's `reason` for a code the catalogue does not know. */
export function csvRowErrorTextOf(row: CsvRowError): string {
  return csvRowErrorText(row.code, row.params ?? {}, current, row.reason);
}

/**
 * A timestamp in the current language, on the clock of `timeZone` (the
 * event's, so a remote chair reads the hall's times); the browser's zone when
 * it is not given or the browser does not know it.
 */
export function formatTime(iso: string, timeZone?: string): string {
  const options: Intl.DateTimeFormatOptions = { dateStyle: "short", timeStyle: "medium" };
  try {
    return new Intl.DateTimeFormat(current, { ...options, timeZone }).format(new Date(iso));
  } catch {
    return new Intl.DateTimeFormat(current, options).format(new Date(iso));
  }
}

export function setLanguage(language: string): void {
  if (language !== "en" && language !== "de") return;
  current = language;
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Not remembered then; the switch still works for this page.
  }
  for (const listener of listeners) listener(language);
}

/** The current language and its setter; the calling component re-renders on a switch. */
export function useLanguage(): [Language, (language: string) => void] {
  const [language, setState] = useState<Language>(current);
  useEffect(() => {
    listeners.add(setState);
    return () => listeners.delete(setState);
  }, []);
  return [language, setLanguage];
}
