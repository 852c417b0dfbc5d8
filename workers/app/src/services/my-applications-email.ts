/**
 * "Email me a link to all my applications": one email, to an address that has
 * applications at the institution, with a signed link (signed-links.ts, `my1`)
 * to the page that lists them. Unknown addresses get nothing; the caller
 * answers the same either way.
 */
import { desc, eq, inArray } from "drizzle-orm";
import { schema } from "@tandem/db";
import type { TenantData } from "../data/tenant-data.js";
import type { Mailer } from "../email/mailer.js";
import { renderEmail } from "../email/render.js";
import type { AppConfig } from "../config.js";
import { MY_APPLICATIONS_LINK_TTL_DAYS, myApplicationsToken } from "./signed-links.js";

export interface MyApplicationsEmailContext {
  tenantData: TenantData;
  mailer: Mailer;
  config: AppConfig;
  /** Where the link points (the origin the request came to). */
  origin: string;
}

/**
 * The page that lists one person's applications. The token rides in the
 * fragment: browsers never send it to a server (no access log, no Referer),
 * and the page moves it out of the address bar as soon as it has read it.
 */
export async function myApplicationsUrl(secret: string, origin: string, tenant: { id: string; slug: string }, email: string, now: number): Promise<string> {
  const token = await myApplicationsToken(secret, { tenantId: tenant.id, email }, now);
  return `${origin}/my-applications?t=${encodeURIComponent(tenant.slug)}#token=${encodeURIComponent(token)}`;
}

/** Sends the link when `email` (normalised) has applications here; returns how many it has (0: nothing sent). */
export async function emailMyApplicationsLink(context: MyApplicationsEmailContext, email: string, now: number): Promise<number> {
  const { tenantData, mailer, config, origin } = context;
  const applications = await tenantData.find(schema.applications, eq(schema.applications.email, email), { orderBy: [desc(schema.applications.createdAt)] });
  if (applications.length === 0) return 0;
  const [programs, institution] = await Promise.all([
    tenantData.find(schema.programs, inArray(schema.programs.id, [...new Set(applications.map((application) => application.programId))])),
    tenantData.settings(),
  ]);
  const names = [...new Set(applications.map((application) => programs.find((program) => program.id === application.programId)?.name).filter((name): name is string => Boolean(name)))];
  const name = institution?.name ?? tenantData.tenant.name;
  const count = applications.length === 1 ? "your application" : `your ${applications.length} applications`;
  const url = await myApplicationsUrl(config.authSecret, origin, tenantData.tenant, email, now);
  const { text, html } = renderEmail({
    brand: { name, color: institution?.brandColor, logoUrl: institution?.logoUrl },
    greeting: `Hi ${applications[0]!.firstName},`,
    paragraphs: [
      `Here is your link to ${count} at ${name}${names.length > 0 ? ` (${names.join(", ")})` : ""}: where each one stands, what happens next, and your mentoring space once you are matched.`,
    ],
    action: { label: "See all my applications", url },
    footnote: `This link works for ${MY_APPLICATIONS_LINK_TTL_DAYS} days; keep it to yourself, since it opens your applications without a password. If you did not ask for it, ignore this email.`,
  });
  await mailer.send({ to: applications[0]!.email, subject: `Your applications — ${name}`, text, html, kind: "my_applications.link", tenantId: tenantData.tenant.id });
  return applications.length;
}
