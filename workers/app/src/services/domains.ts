/** An institution's custom domains. */
import { eq } from "drizzle-orm";
import { schema } from "@tandem/db";
import type { TenantData } from "../data/tenant-data.js";
import { AppError } from "../errors.js";
import { forgetHostname } from "./host-tenant.js";
import { isUniqueViolation } from "./tokens.js";

export async function listDomains(tenantData: TenantData) {
  const rows = await tenantData.find(schema.tenantDomains, undefined, { orderBy: [schema.tenantDomains.hostname] });
  return rows.map((row) => ({ hostname: row.hostname, createdAt: row.createdAt.toISOString() }));
}

export async function addDomain(tenantData: TenantData, hostname: string, baseDomain: string | undefined) {
  if (baseDomain && (hostname === baseDomain || hostname.endsWith(`.${baseDomain}`))) {
    throw AppError.validation([{ path: "body.hostname", message: `must be your own domain; addresses under ${baseDomain} come with your account` }]);
  }
  try {
    await tenantData.write([tenantData.insert(schema.tenantDomains, { hostname })], [{ action: "domain.added", entityType: "domain", entityId: hostname, after: { hostname } }]);
  } catch (error) {
    // Another institution may hold it; say no more than that it is taken.
    if (isUniqueViolation(error)) throw new AppError(409, "domain-taken", `${hostname} is already registered.`);
    throw error;
  }
  forgetHostname(hostname);
  return { hostname };
}

export async function removeDomain(tenantData: TenantData, hostname: string) {
  const existing = await tenantData.findOne(schema.tenantDomains, eq(schema.tenantDomains.hostname, hostname));
  if (!existing) throw AppError.notFound(`${hostname} is not one of this institution's domains.`);
  await tenantData.write([tenantData.delete(schema.tenantDomains, eq(schema.tenantDomains.hostname, hostname))], [{ action: "domain.removed", entityType: "domain", entityId: hostname, before: { hostname } }]);
  forgetHostname(hostname);
}
