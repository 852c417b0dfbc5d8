import type { AuthContext } from "./auth.js";
import { tenantDataForPublic } from "./public-tenant.js";
import { acceptInvitation } from "./staff.js";

/** Accepts an invitation to the institution at `slug` (the token is checked inside that institution only). */
export async function acceptInvitationBySlug(ctx: AuthContext, slug: string, token: string, name: string, requestId: string) {
  const tenantData = await tenantDataForPublic(ctx.db, slug, requestId);
  const { value, setCookies } = await acceptInvitation(ctx, tenantData, token, name);
  return { value: { institution: { slug: tenantData.tenant.slug, name: tenantData.tenant.name }, role: value.role }, setCookies };
}
