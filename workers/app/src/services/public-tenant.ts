import type { Database } from "@tandem/db";
import { TenantData } from "../data/tenant-data.js";
import { findTenantBySlug } from "../data/tenants.js";
import { AppError } from "../errors.js";

/** TenantData for a request with no signed-in person (public enrollment): the institution at `slug`, acting as nobody. */
export async function tenantDataForPublic(db: Database, slug: string, requestId: string): Promise<TenantData> {
  const tenant = await findTenantBySlug(db, slug);
  if (!tenant) throw AppError.notFound(`No institution has the address "${slug}".`);
  return new TenantData(tenant, db, { userId: null, requestId });
}
