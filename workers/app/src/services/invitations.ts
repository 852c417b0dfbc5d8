import { TenantData } from "../data/tenant-data.js";
import { findTenantBySlug } from "../data/tenants.js";
import { AppError } from "../errors.js";
import type { AuthContext } from "./auth.js";
import { acceptInvitation } from "./staff.js";

/** Accepts an invitation to the institution at `slug` (the token is checked inside that institution only). */
export async function acceptInvitationBySlug(ctx: AuthContext, slug: string, token: string, name: string, requestId: string) {
  const tenant = await findTenantBySlug(ctx.db, slug);
  if (!tenant) throw AppError.notFound(`No institution has the address "${slug}".`);
  const tenantData = new TenantData(tenant, ctx.db, { userId: null, requestId });
  const { value, setCookies } = await acceptInvitation(ctx, tenantData, token, name);
  return { value: { institution: { slug: tenant.slug, name: tenant.name }, role: value.role }, setCookies };
}
