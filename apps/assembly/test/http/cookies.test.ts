import { afterEach, describe, expect, it } from "vitest";
import { Assembly, OWNER } from "../live/fixture.ts";

/** Session cookies are Secure exactly when the public URL is https. */
let assembly: Assembly | undefined;
afterEach(async () => {
  await assembly?.close();
  assembly = undefined;
});

async function setCookies(a: Assembly): Promise<{ admin: string; participant: string }> {
  const post = async (path: string, body: unknown): Promise<string> => {
    const response = await fetch(`${a.server.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    return response.headers.getSetCookie().join("\n");
  };
  const admin = await post("/api/admin/login", OWNER);
  a.adminCookie = admin.split(";")[0]!;
  const { tokens } = await a.event(1);
  return { admin, participant: await post("/api/participant/session", { token: tokens.get("P0") }) };
}

describe("session cookies", () => {
  it("are Secure, admin and participant alike, when PUBLIC_URL is https", async () => {
    assembly = await Assembly.start({ publicBaseUrl: "https://vote.example.org" });
    const { admin, participant } = await setCookies(assembly);
    expect(admin).toMatch(/^plenum_admin=[^;]+;.*; Secure/);
    expect(participant).toMatch(/^plenum_participant=[^;]+;.*; Secure/);
  });

  it("are not Secure on plain http, where browsers would drop them", async () => {
    assembly = await Assembly.start({ publicBaseUrl: "http://vote.example.org" });
    const { admin, participant } = await setCookies(assembly);
    expect(admin).toMatch(/^plenum_admin=/);
    expect(participant).toMatch(/^plenum_participant=/);
    expect(`${admin}\n${participant}`).not.toContain("Secure");
  });
});
