import type { Language } from "../../api/errors.ts";
import type { FairAttribute, FairOrderRule } from "./fair-order-rule.ts";

interface AttributeWords {
  readonly name: string;
  /** "ein anderes Geschlecht": what the next speaker has. */
  readonly another: string;
  /** "anderem Geschlecht": after "jemand mit". */
  readonly withAnother: string;
  /** "ohne Angabe des Geschlechts". */
  readonly without: string;
  /** "ein weiteres Geschlecht". */
  readonly oneMore: string;
}

const german: Readonly<Record<FairAttribute, AttributeWords>> = {
  gender: {
    name: "Geschlecht",
    another: "ein anderes Geschlecht",
    withAnother: "anderem Geschlecht",
    without: "ohne Angabe des Geschlechts",
    oneMore: "ein weiteres Geschlecht",
  },
  group: {
    name: "Gruppe",
    another: "eine andere Gruppe",
    withAnother: "anderer Gruppe",
    without: "ohne Gruppe",
    oneMore: "eine weitere Gruppe",
  },
  region: {
    name: "Region",
    another: "eine andere Region",
    withAnother: "anderer Region",
    without: "ohne Region",
    oneMore: "eine weitere Region",
  },
};

const texts = {
  en: {
    pointsOfOrder: "Points of order come first, in the order they were raised.",
    plain: "Speakers are called in the order they asked to speak.",
    firstAndBalance:
      "Then whoever has not spoken today goes before whoever has, and among those who have, whoever has used less speaking time today goes first; otherwise in the order people asked to speak.",
    first: "Then whoever has not spoken today goes before whoever has; otherwise in the order people asked to speak.",
    balance: "Then whoever has used less speaking time today goes first; otherwise in the order people asked to speak.",
    requests: "Then in the order people asked to speak.",
    alternate: (attribute: FairAttribute) =>
      `The list alternates by ${attribute} (zipper): the next speaker is whoever comes first in that order with a different ${attribute} than the previous speaker, as long as someone with a different ${attribute} is waiting. People whose ${attribute} is not on the roll count as one more ${attribute}.`,
  },
  de: {
    pointsOfOrder: "Anträge zur Geschäftsordnung kommen zuerst, in der Reihenfolge ihrer Meldung.",
    plain: "Das Wort wird in der Reihenfolge der Meldungen erteilt.",
    firstAndBalance:
      "Danach kommt, wer heute noch nicht gesprochen hat, vor denen, die schon gesprochen haben, und unter diesen zuerst, wer heute weniger Redezeit hatte; sonst gilt die Reihenfolge der Meldungen.",
    first:
      "Danach kommt, wer heute noch nicht gesprochen hat, vor denen, die schon gesprochen haben; sonst gilt die Reihenfolge der Meldungen.",
    balance: "Danach kommt zuerst, wer heute weniger Redezeit hatte; sonst gilt die Reihenfolge der Meldungen.",
    requests: "Danach gilt die Reihenfolge der Meldungen.",
    alternate: (attribute: FairAttribute) => {
      const words = german[attribute];
      return `Die Liste wechselt nach ${words.name} ab (Reißverschluss): Als Nächstes spricht, wer in dieser Reihenfolge zuerst kommt und ${words.another} hat als die Person davor, solange jemand mit ${words.withAnother} wartet. Wer ${words.without} im Verzeichnis steht, zählt als ${words.oneMore}.`;
    },
  },
} as const;

/**
 * The rule as everyone reads it, in `language`: the same steps, in the same
 * order, as `applyFairOrder` takes them (null: first come, first served).
 */
export function describeFairOrder(rule: FairOrderRule | null, language: Language): string {
  const text = texts[language];
  if (rule === null) return `${text.plain} ${text.pointsOfOrder}`;
  const priority =
    rule.firstTimeFirst && rule.balanceSpeakingTime
      ? text.firstAndBalance
      : rule.firstTimeFirst
        ? text.first
        : rule.balanceSpeakingTime
          ? text.balance
          : text.requests;
  const sentences: string[] = [text.pointsOfOrder, priority];
  if (rule.alternateBy !== null) sentences.push(text.alternate(rule.alternateBy));
  return sentences.join(" ");
}
