import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { describeSmtp } from "../../src/mail/smtp-url.ts";
import { refusal } from "./refusal.ts";

describe("mail configuration", () => {
  it("sends nothing without SMTP_URL, and paces to 600 a minute by default", () => {
    const config = loadConfig({});
    expect(config.SMTP_URL).toBeUndefined();
    expect(config.MAIL_RATE_PER_MINUTE).toBe(600);
  });

  it("reads smtp:// and smtps:// URLs with encoded credentials and default ports", () => {
    const config = loadConfig({
      SMTP_URL: "smtps://mailer%40example.org:p%40ss%3Aword@mail.example.org",
      MAIL_FROM: "Convention <invitations@example.org>",
      MAIL_REPLY_TO: "office@example.org",
      MAIL_RATE_PER_MINUTE: "120",
    });
    expect(config.SMTP_URL).toEqual({
      host: "mail.example.org",
      port: 465,
      secure: true,
      user: "mailer@example.org",
      password: "p@ss:word",
    });
    expect(config.MAIL_RATE_PER_MINUTE).toBe(120);
    expect(loadConfig({ SMTP_URL: "smtp://relay.local", MAIL_FROM: "a@b.org" }).SMTP_URL).toEqual({
      host: "relay.local",
      port: 587,
      secure: false,
    });
    expect(describeSmtp(config.SMTP_URL!)).toBe("smtps://mail.example.org:465 (authenticated)");
  });

  it("refuses bad values with a clear message that never repeats a credential", () => {
    const secret = "s3cr3t-password";
    for (const [env, problem] of [
      [{ SMTP_URL: `http://user:${secret}@mail.example.org`, MAIL_FROM: "a@b.org" }, /SMTP_URL: must start with smtp:\/\/ or smtps:\/\//],
      [{ SMTP_URL: `smtp://user:${secret}@mail.example.org/path`, MAIL_FROM: "a@b.org" }, /SMTP_URL: must have no path/],
      [{ SMTP_URL: `not a url ${secret}`, MAIL_FROM: "a@b.org" }, /SMTP_URL: must be a URL like/],
      [{ SMTP_URL: `smtp://user:${secret}@mail.example.org` }, /MAIL_FROM: is required when SMTP_URL is set/],
      [{ SMTP_URL: "smtp://mail.example.org", MAIL_FROM: "nobody" }, /MAIL_FROM: must be an address/],
      [{ MAIL_RATE_PER_MINUTE: "0" }, /MAIL_RATE_PER_MINUTE/],
    ] as const) {
      const message = refusal(env);
      expect(message).toMatch(problem);
      expect(message).not.toContain(secret);
    }
  });
});
