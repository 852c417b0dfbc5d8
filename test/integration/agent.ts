/**
 * A minimal browser for the Worker tests: keeps cookies, sends `Origin` on
 * writes as browsers do, and reads the dev outbox like a person reads email.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import worker from "../../workers/app/src/index.js";

export const ORIGIN = "https://tandem.test";

export class Agent {
  readonly cookies = new Map<string, string>();
  constructor(private readonly ip = `203.0.113.${Math.floor(Math.random() * 250) + 1}`) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const init: RequestInit = { method, headers: { "cf-connecting-ip": this.ip, ...headers } };
    const requestHeaders = init.headers as Record<string, string>;
    if (this.cookies.size > 0) requestHeaders.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    if (method !== "GET" && method !== "HEAD" && !("origin" in headers)) requestHeaders.origin = ORIGIN;
    if (body !== undefined) {
      requestHeaders["content-type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const ctx = createExecutionContext();
    const response = await worker.fetch(new Request(`${ORIGIN}${path}`, init), env, ctx);
    await waitOnExecutionContext(ctx);
    for (const cookie of response.headers.getSetCookie()) {
      const [pair, ...attributes] = cookie.split(";");
      const [name, ...value] = pair.split("=");
      if (attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute))) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value.join("="));
    }
    return response;
  }

  get = (path: string, headers?: Record<string, string>) => this.request("GET", path, undefined, headers);
  post = (path: string, body?: unknown, headers?: Record<string, string>) => this.request("POST", path, body ?? {}, headers);
  delete = (path: string, headers?: Record<string, string>) => this.request("DELETE", path, undefined, headers);
}

/** An `application/problem+json` body, as every error response carries it. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { path: string; message: string }[];
}

/** An audit log entry, as `GET …/audit` returns it. */
export interface AuditEvent {
  action: string;
  entityType: string;
  entityId: string;
  actorUserId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface OutboxEmail {
  to: string;
  subject: string;
  kind: string;
  text: string;
  links: string[];
}

/** The newest email to `to`, as the dev outbox shows it. */
export async function latestEmail(to: string): Promise<OutboxEmail> {
  const response = await new Agent().get(`/api/v1/dev/outbox?to=${encodeURIComponent(to)}&limit=1`);
  const { emails } = (await response.json()) as { emails: OutboxEmail[] };
  if (!emails[0]) throw new Error(`No email to ${to}`);
  return emails[0];
}

export async function emailCount(to: string): Promise<number> {
  const response = await new Agent().get(`/api/v1/dev/outbox?to=${encodeURIComponent(to)}&limit=200`);
  return ((await response.json()) as { emails: unknown[] }).emails.length;
}

/** The query parameter `name` of the first link in `email` whose path contains `pathPart`. */
export function linkParam(email: OutboxEmail, pathPart: string, name: string): string {
  const link = email.links.find((candidate) => candidate.includes(pathPart));
  if (!link) throw new Error(`No ${pathPart} link in "${email.subject}": ${email.links.join(", ")}`);
  const value = new URL(link).searchParams.get(name);
  if (!value) throw new Error(`The link ${link} has no ${name}`);
  return value;
}

export function uniqueSlug(prefix = "inst"): string {
  return `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
}

/** Signs up an institution and signs its owner in through the emailed link. */
export async function signUpAndSignIn(options: { slug?: string; email?: string; name?: string } = {}) {
  const slug = options.slug ?? uniqueSlug();
  const email = options.email ?? `owner-${crypto.randomUUID().slice(0, 8)}@example.test`;
  const owner = new Agent();
  const signup = await owner.post("/api/v1/signup", {
    institution: { name: options.name ?? `Institution ${slug}`, slug, kind: "university", timezone: "America/Chicago" },
    admin: { name: "Olive Owner", email },
  });
  if (signup.status !== 201) throw new Error(`signup failed: ${signup.status} ${await signup.text()}`);
  const token = linkParam(await latestEmail(email), "/auth/verify.html", "token");
  const verified = await owner.post("/api/v1/auth/verify", { token });
  if (verified.status !== 200) throw new Error(`verify failed: ${verified.status} ${await verified.text()}`);
  return { owner, slug, email };
}

/** Invites `email` with `role` as `inviter`, and accepts as a new agent. */
export async function inviteAndAccept(inviter: Agent, slug: string, role: "owner" | "admin" | "coordinator" | "viewer", email = `${role}-${crypto.randomUUID().slice(0, 8)}@example.test`) {
  const invited = await inviter.post(`/api/v1/t/${slug}/invitations`, { email, role });
  if (invited.status !== 201) throw new Error(`invite failed: ${invited.status} ${await invited.text()}`);
  const token = linkParam(await latestEmail(email), "/invitations/accept.html", "token");
  const member = new Agent();
  const accepted = await member.post(`/api/v1/t/${slug}/invitations/accept`, { token, name: `${role} person` });
  if (accepted.status !== 200) throw new Error(`accept failed: ${accepted.status} ${await accepted.text()}`);
  return { member, email, invitationId: ((await invited.json()) as { invitation: { id: string } }).invitation.id };
}

/** The user id of a signed-in agent. */
export async function userIdOf(agent: Agent): Promise<string> {
  return ((await (await agent.get("/api/v1/me")).json()) as { user: { id: string } }).user.id;
}
