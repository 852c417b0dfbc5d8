/** The mailer's outbox, the dev outbox route, and email rendering. */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, inject, it } from "vitest";
import { MailDeliveryError, OutboxMailer, ResendMailer } from "../../workers/app/src/email/mailer.js";
import { extractLinks, renderEmail } from "../../workers/app/src/email/render.js";
import worker from "../../workers/app/src/index.js";
import { testDatabase } from "./factories.js";

async function call(path: string, overrides: Partial<typeof env> = {}) {
  const ctx = createExecutionContext();
  const response = await worker.fetch(new Request(`https://tandem.test${path}`), { ...env, ...overrides }, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

describe("renderEmail", () => {
  it("escapes user text in the HTML part and keeps the link in both parts", () => {
    const email = renderEmail({
      greeting: "Hi <b>Dana</b> & co,",
      paragraphs: ['Join "Peer <script>" mentoring'],
      action: { label: "Sign in", url: "https://tandem.test/verify?token=a&b=1" },
      footnote: "Valid for 15 minutes.",
    });
    expect(email.html).toContain("Hi &lt;b&gt;Dana&lt;/b&gt; &amp; co,");
    expect(email.html).toContain("Peer &lt;script&gt;");
    expect(email.html).not.toContain("<script>");
    expect(email.text).toContain("Sign in: https://tandem.test/verify?token=a&b=1");
    expect(extractLinks(`${email.text}\n${email.html}`)).toEqual(["https://tandem.test/verify?token=a&b=1"]);
  });
});

describe("GET /api/v1/dev/outbox", () => {
  it("lists sent emails newest first, with their links, filtered by recipient", async () => {
    const to = `outbox-${crypto.randomUUID().slice(0, 8)}@example.test`;
    const mailer = new OutboxMailer(testDatabase());
    for (const n of [1, 2]) {
      const { text, html } = renderEmail({ paragraphs: [`Email ${n}`], action: { label: "Open", url: `https://tandem.test/open/${n}` } });
      await mailer.send({ to, subject: `Subject ${n}`, text, html, kind: "test.email" });
    }
    const response = await call(`/api/v1/dev/outbox?to=${encodeURIComponent(to)}`);
    expect(response.status).toBe(200);
    const { emails } = (await response.json()) as { emails: { subject: string; to: string; links: string[]; kind: string }[] };
    expect(emails.map((email) => email.subject)).toEqual(["Subject 2", "Subject 1"]);
    expect(emails[0]).toMatchObject({ to, kind: "test.email", links: ["https://tandem.test/open/2"] });
  });

  it("validates its query", async () => {
    const response = await call("/api/v1/dev/outbox?limit=0&to=nope");
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((error) => error.path).sort()).toEqual(["query.limit", "query.to"]);
  });

  it("does not exist in production", async () => {
    const response = await call("/api/v1/dev/outbox", { ENVIRONMENT: "production", EMAIL_PROVIDER: "resend", RESEND_API_KEY: "re_test" });
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
  });
});

describe("the production mailer (Resend's HTTP API)", () => {
  const provider = inject("emailProviderUrl");
  const mailer = () => new ResendMailer(testDatabase(), { apiKey: "re_test_key", from: "Tandem <no-reply@tandem.test>", apiUrl: provider });

  it("posts the message with the API key, then logs it in the outbox", async () => {
    const to = `prod-${crypto.randomUUID().slice(0, 6)}@example.test`;
    const { text, html } = renderEmail({ paragraphs: ["Hello"], action: { label: "Open", url: "https://tandem.test/x" } });
    await mailer().send({ to, subject: "Hi", text, html, kind: "test.production" });
    const sent = (await (await fetch(`${provider}/sent`)).json()) as { path: string; authorization: string; message: Record<string, unknown> }[];
    expect(sent.find((entry) => (entry.message.to as string[])[0] === to)).toEqual({
      path: "/emails",
      authorization: "Bearer re_test_key",
      message: { from: "Tandem <no-reply@tandem.test>", to: [to], subject: "Hi", text, html },
    });
    const outbox = (await (await call(`/api/v1/dev/outbox?to=${encodeURIComponent(to)}`)).json()) as { emails: unknown[] };
    expect(outbox.emails).toHaveLength(1);
  });

  it("throws, and logs nothing as sent, when the provider refuses", async () => {
    const to = `refuse@${crypto.randomUUID().slice(0, 6)}.example.test`;
    await expect(mailer().send({ to, subject: "No", text: "t", html: "h", kind: "test.production" })).rejects.toBeInstanceOf(MailDeliveryError);
    const outbox = (await (await call(`/api/v1/dev/outbox?to=${encodeURIComponent(to)}`)).json()) as { emails: unknown[] };
    expect(outbox.emails).toEqual([]);
  });
});
