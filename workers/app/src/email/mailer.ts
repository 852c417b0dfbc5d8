/**
 * One interface for sending email. Locally and in tests the outbox is the
 * delivery; in production an HTTP provider delivers and the outbox is the sent log.
 */
import type { Database } from "@tandem/db";
import type { AppConfig } from "../config.js";
import { addToOutbox, type OutboxInsert } from "../data/outbox.js";

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** What kind of email, e.g. `auth.sign_in_link`. */
  kind: string;
  tenantId?: string | null;
  /** Extra headers, e.g. `List-Unsubscribe`; kept in the outbox with the email. */
  headers?: Record<string, string>;
  /**
   * Makes a resend of the same email harmless at the provider (Resend keeps
   * the key for 24 hours): set it when a crash between sending and recording
   * may lead to sending again.
   */
  idempotencyKey?: string;
}

export interface Mailer {
  /** Transmits the email and records it in the outbox. */
  send(message: EmailMessage): Promise<void>;
  /**
   * Transmits the email only: the caller writes its outbox row (`outboxRow`),
   * e.g. together with other rows in one batch. Nothing to do where the outbox is the delivery.
   */
  deliver(message: EmailMessage): Promise<void>;
}

export class MailDeliveryError extends Error {
  /**
   * True when the provider answered and refused the email, so it surely did
   * not go; false when the provider could not be reached or did not answer in
   * time, so it may have gone.
   */
  readonly refused: boolean;
  constructor(message: string, options?: { cause?: unknown; refused?: boolean }) {
    super(message, options);
    this.name = "MailDeliveryError";
    this.refused = options?.refused ?? false;
  }
}

/** The outbox row of a sent email. */
export function outboxRow(message: EmailMessage): OutboxInsert {
  return {
    id: crypto.randomUUID(),
    tenantId: message.tenantId ?? null,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    kind: message.kind,
    headers: message.headers && Object.keys(message.headers).length > 0 ? message.headers : null,
  };
}

function recordInOutbox(db: Database, message: EmailMessage) {
  return addToOutbox(db, outboxRow(message));
}

/** Writes to the outbox table only: what development and tests use. */
export class OutboxMailer implements Mailer {
  constructor(private readonly db: Database) {}
  async send(message: EmailMessage): Promise<void> {
    await recordInOutbox(this.db, message);
  }
  /** The outbox row is the delivery, and the caller writes it. */
  async deliver(_message: EmailMessage): Promise<void> {}
}

/** Delivers through Resend's HTTP API (a plain fetch: no SDK needed in a Worker); `send` then logs to the outbox. */
export class ResendMailer implements Mailer {
  constructor(
    private readonly db: Database,
    private readonly settings: { apiKey: string; from: string; apiUrl: string },
  ) {}

  async send(message: EmailMessage): Promise<void> {
    await this.deliver(message);
    await recordInOutbox(this.db, message);
  }

  async deliver(message: EmailMessage): Promise<void> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.settings.apiKey}`, "content-type": "application/json" };
    if (message.idempotencyKey) headers["idempotency-key"] = message.idempotencyKey;
    const body = { from: this.settings.from, to: [message.to], subject: message.subject, text: message.text, html: message.html, ...(message.headers ? { headers: message.headers } : {}) };
    const response = await fetch(`${this.settings.apiUrl}/emails`, {
      method: "POST",
      headers,
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    }).catch((error: unknown) => {
      throw new MailDeliveryError("The email provider could not be reached", { cause: error });
    });
    // 409 under an idempotency key: the provider already has an email with this key (a resend
    // after a crash, maybe rendered afresh), so it went out and must not go again.
    if (response.status === 409 && message.idempotencyKey) return;
    if (!response.ok) {
      throw new MailDeliveryError(`The email provider refused the message (HTTP ${response.status})`, { refused: true });
    }
  }
}

export function createMailer(config: AppConfig, db: Database): Mailer {
  return config.email.provider === "resend"
    ? new ResendMailer(db, { apiKey: config.email.resendApiKey!, from: config.email.from, apiUrl: config.email.resendApiUrl })
    : new OutboxMailer(db);
}
