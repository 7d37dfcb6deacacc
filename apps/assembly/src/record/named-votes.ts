import { fields, finishRecord, heading, paragraph, type RecordSource, recordDocument, table } from "./layout.ts";
import { ballotText, ruleInWords } from "./poll-lines.ts";
import type { RecordTexts } from "./texts.ts";

/**
 * Who voted what, for named polls whose result is published. A secret poll
 * never appears, whatever the export holds: its ballots are linked to no one.
 */
export async function namedVotesPdf(source: RecordSource, texts: RecordTexts): Promise<Buffer> {
  const { data } = source;
  const doc = recordDocument(texts.t("namedVotes.title"), source, texts);
  const names = new Map(data.participants.map((participant) => [participant.id, participant.name]));
  const named = data.polls.filter((entry) => !entry.poll.secret && entry.namedBallots !== null);
  if (named.length === 0) paragraph(doc, texts.t("namedVotes.none"));
  for (const { poll, namedBallots } of named) {
    heading(doc, poll.title);
    fields(doc, [[texts.t("poll.rule"), ruleInWords(poll, texts)]]);
    doc.moveDown(0.3);
    await table(
      doc,
      [
        { header: texts.t("namedVotes.name"), share: 0.35 },
        { header: texts.t("namedVotes.vote"), share: 0.3 },
        { header: texts.t("namedVotes.weight"), share: 0.1 },
        { header: texts.t("namedVotes.castBy"), share: 0.25 },
      ],
      (namedBallots ?? []).map((ballot) => [
        ballot.name,
        ballotText(poll, ballot, texts),
        texts.number(ballot.weight),
        ballot.voterId === ballot.participantId ? texts.t("namedVotes.self") : (names.get(ballot.voterId) ?? ballot.voterId),
      ]),
    );
  }
  return finishRecord(doc, source, texts);
}
