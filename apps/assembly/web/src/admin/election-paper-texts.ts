import { messages } from "../i18n.ts";

const en = {
  "electionPaper.title": "Paper ballots of {title}",
  "electionPaper.countsHint":
    "As the tellers counted the paper ballots in the hall, in this election's terms. Saving counts the election again, online and paper ballots together; entering it again replaces it (the audit log keeps both).",
  "electionPaper.rankedHint":
    "Rankings cannot be added up per candidate, so each paper ballot is entered as it was marked: one line per ballot, the candidates' numbers in order of preference (e.g. 2 1 3). A ballot of another weight than 1 starts with its weight and a colon (3: 2 1).",
  "electionPaper.candidateNumbers": "Candidates: {list}",
  "electionPaper.ballots": "Paper ballots, one per line",
  "electionPaper.badLine": "Line {line} is not a ranking of candidate numbers: “{text}”",
  "electionPaper.voters": "Paper voters",
  "electionPaper.yes": "{name}, yes",
  "electionPaper.no": "{name}, no",
  "electionPaper.approvals": "{name}, approvals",
  "electionPaper.votes": "{name}, votes",
  "electionPaper.votesCount": "{name}: votes given",
  "electionPaper.votesWeight": "{name}: votes × ballot weight",
  "electionPaper.noToAll": "No to all",
  "electionPaper.abstain": "Abstaining as a whole",
  "electionPaper.invalid": "Invalid",
  "electionPaper.save": "Check and save paper ballots",
  "electionPaper.clear": "Remove paper ballots",
  "electionPaper.entered": "Entered {at}; counted into the result above.",
  "electionPaper.none": "No paper ballots entered yet.",
  "electionPaper.confirmTitle": "Count these paper ballots with the online ones?",
  "electionPaper.confirm": "Save and count again",
  "electionPaper.summary":
    "Ballots: {online} online + {paper} on paper = {total} of {eligible} entitled (weight {onlineWeight} + {paperWeight} = {totalWeight}). Tie decisions made so far are dropped: the new totals are counted afresh.",
};

/** The election paper panel's words (see `messages`). */
export const electionPaperText = messages(en, {
  "electionPaper.title": "Papierstimmzettel zu {title}",
  "electionPaper.countsHint":
    "So, wie die Zählkommission die Papierstimmzettel im Saal gezählt hat, nach dem Verfahren dieser Wahl. Beim Speichern wird die Wahl neu ausgezählt, Online- und Papierstimmen zusammen; erneutes Eintragen ersetzt die Zählung (das Prüfprotokoll behält beide).",
  "electionPaper.rankedHint":
    "Rangfolgen lassen sich nicht je Person zusammenzählen, daher wird jeder Papierstimmzettel so eingetragen, wie er ausgefüllt wurde: eine Zeile je Stimmzettel, die Nummern der Kandidierenden in der Reihenfolge der Präferenz (z. B. 2 1 3). Ein Stimmzettel mit anderem Gewicht als 1 beginnt mit dem Gewicht und einem Doppelpunkt (3: 2 1).",
  "electionPaper.candidateNumbers": "Kandidierende: {list}",
  "electionPaper.ballots": "Papierstimmzettel, einer je Zeile",
  "electionPaper.badLine": "Zeile {line} ist keine Rangfolge von Kandidierenden-Nummern: „{text}“",
  "electionPaper.voters": "Papierwählende",
  "electionPaper.yes": "{name}, Ja",
  "electionPaper.no": "{name}, Nein",
  "electionPaper.approvals": "{name}, Zustimmungen",
  "electionPaper.votes": "{name}, Stimmen",
  "electionPaper.votesCount": "{name}: vergebene Stimmen",
  "electionPaper.votesWeight": "{name}: Stimmen × Stimmgewicht",
  "electionPaper.noToAll": "Nein zu allen",
  "electionPaper.abstain": "Enthaltung insgesamt",
  "electionPaper.invalid": "Ungültig",
  "electionPaper.save": "Papierstimmzettel prüfen und speichern",
  "electionPaper.clear": "Papierstimmzettel entfernen",
  "electionPaper.entered": "Eingetragen {at}; im Ergebnis oben mitgezählt.",
  "electionPaper.none": "Noch keine Papierstimmzettel eingetragen.",
  "electionPaper.confirmTitle": "Diese Papierstimmzettel mit den Online-Stimmen auszählen?",
  "electionPaper.confirm": "Speichern und neu auszählen",
  "electionPaper.summary":
    "Stimmzettel: {online} online + {paper} auf Papier = {total} von {eligible} Stimmberechtigten (Gewicht {onlineWeight} + {paperWeight} = {totalWeight}). Bisherige Entscheidungen über Gleichstände entfallen: Die neuen Summen werden neu ausgezählt.",
});
