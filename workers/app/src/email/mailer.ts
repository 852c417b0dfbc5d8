/**
 * One interface for sending email. Locally and in tests the outbox is the
 * delivery; in production an HTTP provider delivers and the outbox is the sent log.
 */
import type { Database } from "@tandem/db";
import type { AppConfig } from "../config.js";
import { addToOutbox } from "../data/outbox.js";

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** What kind of email, e.g. `auth.sign_in_link`. */
  kind: string;
  tenantId?: string | null;
}

export interface Mailer {
  send(message: EmailMessage): Promise<void>;
}

export class MailDeliveryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MailDeliveryError";
  }
}

function recordInOutbox(db: Database, message: EmailMessage) {
  return addToOutbox(db, {
    id: crypto.randomUUID(),
    tenantId: message.tenantId ?? null,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    kind: message.kind,
  });
}

/** Writes to the outbox table only: what development and tests use. */
export class OutboxMailer implements Mailer {
  constructor(private readonly db: Database) {}
  async send(message: EmailMessage): Promise<void> {
    await recordInOutbox(this.db, message);
  }
}

/** Delivers through Resend's HTTP API (a plain fetch: no SDK needed in a Worker), then logs to the outbox. */
export class ResendMailer implements Mailer {
  constructor(
    private readonly db: Database,
    private readonly settings: { apiKey: string; from: string; apiUrl: string },
  ) {}

  async send(message: EmailMessage): Promise<void> {
    const response = await fetch(`${this.settings.apiUrl}/emails`, {
      method: "POST",
      headers: { authorization: `Bearer ${this.settings.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ from: this.settings.from, to: [message.to], subject: message.subject, text: message.text, html: message.html }),
      signal: AbortSignal.timeout(10_000),
    }).catch((error: unknown) => {
      throw new MailDeliveryError("The email provider could not be reached", { cause: error });
    });
    if (!response.ok) {
      throw new MailDeliveryError(`The email provider refused the message (HTTP ${response.status})`);
    }
    await recordInOutbox(this.db, message);
  }
}

export function createMailer(config: AppConfig, db: Database): Mailer {
  return config.email.provider === "resend"
    ? new ResendMailer(db, { apiKey: config.email.resendApiKey!, from: config.email.from, apiUrl: config.email.resendApiUrl })
    : new OutboxMailer(db);
}
