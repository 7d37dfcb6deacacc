import { generateToken, hashToken } from "../../../apps/assembly/src/auth/token.ts";
import type { Store } from "../../../apps/assembly/src/store/store.ts";

/** What a bench needs to drive one event: ids and the bearer secrets of its participants and one chair. */
export interface Seeded {
  readonly eventId: string;
  readonly pollIds: readonly string[];
  /** Invitation tokens, index-aligned with `participantIds`. */
  readonly tokens: readonly string[];
  readonly participantIds: readonly string[];
  /** A chair's session token (`admin:<token>` on sockets, `Bearer <token>` over HTTP). */
  readonly adminToken: string;
  /** Seconds spent on participants and on their invitation links. */
  readonly seconds: { readonly participants: number; readonly invitations: number };
}

export interface SeedRequest {
  readonly participants: number;
  readonly polls: number;
  /** Open the polls right away; otherwise they stay drafts for the bench to open over HTTP. */
  readonly openPolls: boolean;
  readonly adminEmail: string;
}

/**
 * An open event with `participants` members and `polls` yes/no/abstain secret
 * polls, written through the store API; the invitation links in one
 * `issueInvitations` call (one commit).
 */
export async function seedEvent(store: Store, request: SeedRequest): Promise<Seeded> {
  const admin = await store.admins.findByEmail(request.adminEmail);
  if (!admin) throw new Error(`no admin ${request.adminEmail}: start the server with bootstrapAdmin`);
  const event = await store.events.create({ name: `Bench ${new Date().toISOString()}` });
  await store.roles.grant(event.id, admin.id, "owner");
  const item = await store.agenda.add(event.id, { title: "Anträge" });

  let started = performance.now();
  const rows = Array.from({ length: request.participants }, (_, i) => ({
    name: `Member ${String(i).padStart(6, "0")}`,
    email: `m${i}@bench.example.org`,
    group: i % 2 ? "Nord" : "Süd",
    region: `R${i % 16}`,
  }));
  const participantIds = await store.participants.addMany(event.id, rows);
  const participantsSeconds = (performance.now() - started) / 1000;

  started = performance.now();
  const tokens = participantIds.map(() => generateToken());
  await store.invitations.issueMany(participantIds.map((participantId, i) => ({ participantId, tokenHash: hashToken(tokens[i]!) })));
  const invitationsSeconds = (performance.now() - started) / 1000;

  await store.events.setStatus(event.id, "open");
  const pollIds: string[] = [];
  for (let i = 0; i < request.polls; i++) {
    const poll = await store.polls.create(event.id, {
      agendaItemId: item.id,
      title: `Antrag ${i + 1}`,
      kind: "yes_no_abstain",
      secret: true,
    });
    if (request.openPolls) await store.polls.setStatus(poll.id, "open");
    pollIds.push(poll.id);
  }

  const adminToken = generateToken();
  await store.sessions.create(hashToken(adminToken), admin.id, new Date(Date.now() + 6 * 3600_000));
  return {
    eventId: event.id,
    pollIds,
    tokens,
    participantIds,
    adminToken,
    seconds: { participants: participantsSeconds, invitations: invitationsSeconds },
  };
}
