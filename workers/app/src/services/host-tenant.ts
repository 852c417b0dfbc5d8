/**
 * Resolves the institution a request's host names: `{slug}.<base domain>`
 * needs no lookup; any other host may be an institution's custom domain
 * (looked up, and remembered per isolate for a minute so pages stay fast).
 */
import type { Database } from "@tandem/db";
import { SlugSchema } from "@tandem/tenancy";
import * as v from "valibot";
import { findTenantSlugByHostname } from "../data/domains.js";

const CACHE_MS = 60_000;
const customDomainCache = new Map<string, { slug: string | null; until: number }>();

export async function resolveHostTenant(db: () => Database, hostname: string, baseDomain: string | undefined): Promise<string | null> {
  if (!baseDomain) return null;
  const host = hostname.toLowerCase();
  if (host === baseDomain || host === `www.${baseDomain}`) return null;
  if (host.endsWith(`.${baseDomain}`)) {
    const label = host.slice(0, -baseDomain.length - 1);
    return !label.includes(".") && v.is(SlugSchema, label) ? label : null;
  }
  const cached = customDomainCache.get(host);
  if (cached && cached.until > Date.now()) return cached.slug;
  const slug = await findTenantSlugByHostname(db(), host);
  customDomainCache.set(host, { slug, until: Date.now() + CACHE_MS });
  return slug;
}

/** Forget a hostname's answer (after it is registered or removed). */
export function forgetHostname(hostname: string): void {
  customDomainCache.delete(hostname.toLowerCase());
}
