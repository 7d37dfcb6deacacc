import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Harness, eventWithParticipants, expectError } from "./harness.ts";

let h: Harness;
let off: Harness;
beforeAll(async () => {
  [h, off] = await Promise.all([Harness.start({ mailConfigured: true }), Harness.start()]);
});
afterAll(async () => {
  await Promise.all([h.close(), off.close()]);
});

const mail = (eventId: string, rest = "") => `/api/events/${eventId}/mail${rest}`;
const auditActions = async (on: Harness, f: { eventId: string; owner: object }) =>
  (await on.call("GET", `/api/events/${f.eventId}/audit`, f.owner)).json.entries as { action: string; actor: string; after: unknown }[];
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe("invitation mail over HTTP", () => {
  it("without SMTP everything says so, and the CSV export still works", async () => {
    const f = await eventWithParticipants(off, ["Ada"]);
    expect((await off.call("GET", mail(f.eventId), f.owner)).json).toEqual({
      configured: false,
      counts: { queued: 0, sending: 0, sent: 0, failed: 0, uncertain: 0 },
    });
    expectError(await off.call("POST", mail(f.eventId, "/send"), { ...f.owner, body: { audience: "all" } }), 409, "mail_not_configured");
    expectError(
      await off.call("POST", "/api/participant/resend", { body: { eventId: f.eventId, email: "ada@example.org" } }),
      409,
      "mail_not_configured",
    );
    expect((await off.call("GET", "/api/participant/resend")).json).toEqual({ configured: false });
    expect((await h.call("GET", "/api/participant/resend")).json).toEqual({ configured: true });
    expect((await off.call("POST", `/api/events/${f.eventId}/invitations/export`, f.owner)).status).toBe(200);
    expect((await off.call("GET", mail(f.eventId, "/messages"), f.owner)).json).toEqual({ items: [], total: 0 });
  });

  it("edits the template: {link} is required, a refusal changes nothing, a change is audited", async () => {
    const f = await eventWithParticipants(h, ["Bea"]);
    const defaults = (await h.call("GET", mail(f.eventId, "/template"), f.owner)).json.template;
    expect(defaults.en.body).toContain("{link}");
    const noLink = { ...defaults, en: { subject: "Hi", body: "Hello {name}" } };
    const refused = expectError(await h.call("PUT", mail(f.eventId, "/template"), { ...f.owner, body: noLink }), 400, "invalid");
    expect(refused.details).toEqual({ field: "en.body" });
    expectError(await h.call("PUT", mail(f.eventId, "/template"), { ...f.owner, body: { ...defaults, extra: 1 } }), 400, "invalid");
    expect((await h.call("GET", mail(f.eventId, "/template"), f.owner)).json.template).toEqual(defaults);
    const changed = { ...defaults, defaultLanguage: "de", de: { subject: "Einladung zu {event}", body: "Hallo {name}: {link}" } };
    const saved = await h.call("PUT", mail(f.eventId, "/template"), { ...f.owner, body: changed });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.json.template).toEqual(changed);
    expect((await auditActions(h, f)).at(-1)).toMatchObject({ action: "mail.template" });
  });

  it("sends to all, to those not yet sent and to a selection; audited; twice sends once; sessions of replaced links end", async () => {
    const f = await eventWithParticipants(h, ["Cem", "Dana", "Emre"]);
    h.takeEffects();
    const sent = await h.call("POST", mail(f.eventId, "/send"), { ...f.owner, body: { audience: "all" } });
    expect(sent.status, sent.text).toBe(202);
    expect(sent.json).toEqual({ queued: 3 });
    const effects = h.takeEffects();
    expect(effects).toContainEqual({ kind: "mail", eventId: f.eventId });
    expect(effects.filter((effect) => effect.kind === "signedOut")).toHaveLength(3);
    // The links made before the mail are replaced by the ones in it.
    expectError(await h.call("POST", "/api/participant/session", { body: { token: f.tokens[0] } }), 401, "invalid_token");

    expect((await h.call("POST", mail(f.eventId, "/send"), { ...f.owner, body: { audience: "all" } })).json).toEqual({ queued: 0 });
    expect((await h.call("POST", mail(f.eventId, "/send"), { ...f.owner, body: { audience: "unsent" } })).json).toEqual({ queued: 0 });
    const status = (await h.call("GET", mail(f.eventId), f.owner)).json;
    expect(status).toEqual({ configured: true, counts: { queued: 3, sending: 0, sent: 0, failed: 0, uncertain: 0 } });
    const page = (await h.call("GET", mail(f.eventId, "/messages"), { ...f.owner, query: { state: "queued,failed", limit: "2" } })).json;
    expect(page.total).toBe(3);
    expect(page.items).toHaveLength(2);
    expect(page.items[0]).toMatchObject({ kind: "invitation", state: "queued", attempts: 0, lastError: null });
    expect(JSON.stringify(page)).not.toMatch(/sealed|token/i);

    const actions = (await auditActions(h, f)).filter((entry) => entry.action === "mail.send");
    expect(actions.map((entry) => entry.after)).toEqual([
      { audience: "all", queued: 3 },
      { audience: "all", queued: 0 },
      { audience: "unsent", queued: 0 },
    ]);
    expect(actions[0]!.actor).toMatch(/^admin:/);
  });

  it("checks the selection, the audience and the caller's role", async () => {
    const f = await eventWithParticipants(h, ["Finn"]);
    const other = await eventWithParticipants(h, ["Gus"]);
    const send = (body: unknown, who: object = f.owner) => h.call("POST", mail(f.eventId, "/send"), { ...who, body });
    expectError(await send({ audience: "selected", participantIds: [other.participantIds[0]] }), 404, "not_found");
    expectError(await send({ audience: "selected", participantIds: [] }), 400, "invalid");
    expectError(await send({ audience: "everyone" }), 400, "invalid");
    expect((await h.call("GET", mail(f.eventId), f.owner)).json.counts.queued).toBe(0);
    const observer = await h.adminWithRole(f.owner, f.eventId, "observer", "mail-observer@example.org");
    expect((await h.call("GET", mail(f.eventId), observer)).status).toBe(200);
    expectError(await send({ audience: "all" }, observer), 403, "forbidden");
    expectError(await h.call("POST", mail(f.eventId, "/resend"), { ...observer, body: { mailIds: ["x"] } }), 403, "forbidden");
    expectError(await h.call("PUT", mail(f.eventId, "/template"), observer), 403, "forbidden");
    expectError(await h.call("GET", mail(f.eventId)), 401, "unauthenticated");
    expect((await send({ audience: "selected", participantIds: [f.participantIds[0]] })).json).toEqual({ queued: 1 });
  });

  it("answers a link request the same way for known and unknown addresses, and queues a mail only for the known", async () => {
    const f = await eventWithParticipants(h, ["Hanna"]);
    const ask = (email: string, eventId = f.eventId) => h.call("POST", "/api/participant/resend", { body: { eventId, email } });
    const known = await ask(" Hanna@Example.org ");
    const unknown = await ask("nobody@example.org");
    const noEvent = await ask("hanna@example.org", "no-such-event");
    for (const reply of [known, unknown, noEvent]) {
      expect(reply.status).toBe(202);
      expect(reply.text).toBe("");
    }
    await settle();
    const page = (await h.call("GET", mail(f.eventId, "/messages"), f.owner)).json;
    expect(page.items).toEqual([expect.objectContaining({ kind: "resend", state: "queued", name: "Hanna" })]);
    // The earlier link keeps working: asking for someone's link signs nobody out.
    expect((await h.call("POST", "/api/participant/session", { body: { token: f.tokens[0] } })).status).toBe(200);
    expect((await auditActions(h, f)).at(-1)).toMatchObject({ action: "mail.link_requested", actor: `participant:${f.participantIds[0]}` });
    expectError(await h.call("POST", "/api/participant/resend", { body: { eventId: f.eventId } }), 400, "invalid");
  });

  it("limits link requests per address and per client", async () => {
    const limits = await Harness.start({
      mailConfigured: true,
      rateLimit: { linkRequestClient: { limit: 5, windowMs: 60_000 }, linkRequestAddress: { limit: 2, windowMs: 60_000 } },
    });
    try {
      const f = await eventWithParticipants(limits, ["Ivo"]);
      const ask = (email: string) => limits.call("POST", "/api/participant/resend", { body: { eventId: f.eventId, email } });
      expect((await ask("ivo@example.org")).status).toBe(202);
      expect((await ask("IVO@example.org")).status).toBe(202);
      const limited = expectError(await ask("ivo@example.org"), 429, "rate_limited");
      expect(limited.message).toMatch(/retry/);
      // Unknown addresses are limited alike, so the limit tells nothing either.
      expect((await ask("x@example.org")).status).toBe(202);
      expect((await ask("x@example.org")).status).toBe(202);
      expectError(await ask("x@example.org"), 429, "rate_limited");
      // Per client: five, whichever addresses.
      expect((await ask("y@example.org")).status).toBe(202);
      expectError(await ask("z@example.org"), 429, "rate_limited");
      await settle();
    } finally {
      await limits.close();
    }
  });

  it("resends only uncertain or failed messages, audited", async () => {
    const f = await eventWithParticipants(h, ["Jule", "Karl"]);
    await h.call("POST", mail(f.eventId, "/send"), { ...f.owner, body: { audience: "all" } });
    const claimed = (await h.store.mail.claim(1000)).filter((m) => m.eventId === f.eventId);
    await h.store.mail.settle(claimed[0]!.id, claimed[0]!.claimId, { state: "failed", error: "550 unknown user" });
    await h.store.mail.settle(claimed[1]!.id, claimed[1]!.claimId, { state: "sent", messageId: null });
    const reply = await h.call("POST", mail(f.eventId, "/resend"), { ...f.owner, body: { mailIds: claimed.map((m) => m.id) } });
    expect(reply.status).toBe(202);
    expect(reply.json).toEqual({ queued: 1 });
    expect((await h.call("GET", mail(f.eventId), f.owner)).json.counts).toMatchObject({ queued: 1, sent: 1, failed: 0 });
    expect((await auditActions(h, f)).at(-1)).toMatchObject({ action: "mail.resend", after: { asked: 2, queued: 1 } });
    expectError(await h.call("POST", mail(f.eventId, "/resend"), { ...f.owner, body: { mailIds: [] } }), 400, "invalid");
  });

  it("records a link's first use, so reminders go only to those who never opened theirs", async () => {
    const f = await eventWithParticipants(h, ["Lena", "Mats"]);
    await h.call("POST", mail(f.eventId, "/send"), { ...f.owner, body: { audience: "all" } });
    const claimed = (await h.store.mail.claim(1000)).filter((m) => m.eventId === f.eventId);
    for (const m of claimed) await h.store.mail.settle(m.id, m.claimId, { state: "sent", messageId: null });
    const lena = claimed.find((m) => m.name === "Lena")!;
    expect((await h.call("POST", "/api/participant/session", { body: { token: lena.token } })).status).toBe(200);
    const reminded = await h.call("POST", mail(f.eventId, "/send"), { ...f.owner, body: { audience: "reminder" } });
    expect(reminded.json).toEqual({ queued: 1 });
    const page = (await h.call("GET", mail(f.eventId, "/messages"), { ...f.owner, query: { state: "queued" } })).json;
    expect(page.items).toEqual([expect.objectContaining({ name: "Mats", kind: "reminder" })]);
    expect((await auditActions(h, f)).at(-1)).toMatchObject({ action: "mail.remind", after: { audience: "reminder", queued: 1 } });
  });

  it("takes a participant's language and imports it from CSV", async () => {
    const f = await eventWithParticipants(h, ["Nora"]);
    const added = await h.call("POST", `/api/events/${f.eventId}/participants`, {
      ...f.owner,
      body: { name: "Otto", email: "otto@example.org", language: "de" },
    });
    expect(added.json.participant.language).toBe("de");
    expectError(
      await h.call("POST", `/api/events/${f.eventId}/participants`, {
        ...f.owner,
        body: { name: "P", email: "p@example.org", language: "fr" },
      }),
      400,
      "invalid",
    );
    const imported = await h.call("POST", `/api/events/${f.eventId}/participants/import`, {
      ...f.owner,
      body: "name,email,Sprache\nQuinn,quinn@example.org,Deutsch\nRuth,ruth@example.org,\n",
      contentType: "text/csv",
    });
    expect(imported.status, imported.text).toBe(200);
    const list = (await h.call("GET", `/api/events/${f.eventId}/participants`, f.owner)).json.items as {
      name: string;
      language: string | null;
    }[];
    expect(Object.fromEntries(list.map((p) => [p.name, p.language]))).toEqual({ Nora: null, Otto: "de", Quinn: "de", Ruth: null });
  });
});
