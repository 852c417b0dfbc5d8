/** An institution signs up: its tenant, its first admin (the owner), and a confirmation email that signs them in. */
import { POLICIES, normaliseEmail } from "@tandem/rate-limit";
import type { SignupInput } from "@tandem/tenancy";
import { schema } from "@tandem/db";
import { TenantData, type TenantRef } from "../data/tenant-data.js";
import { findTenantBySlug, insertTenant } from "../data/tenants.js";
import { findUserByEmail, insertUser } from "../data/users.js";
import { AppError } from "../errors.js";
import { type AuthContext, emailSignInLink } from "./auth.js";
import { enforceRateLimits } from "./rate-limits.js";
import { isUniqueViolation } from "./tokens.js";

function slugTaken(slug: string): AppError {
  return new AppError(409, "slug-taken", `The address "${slug}" is already taken. Choose another.`, {
    errors: [{ path: "body.institution.slug", message: `"${slug}" is already taken` }],
  });
}

export async function signUpInstitution(ctx: AuthContext, input: SignupInput, request: { ip: string; requestId: string }): Promise<Omit<TenantRef, "id">> {
  await enforceRateLimits(ctx.db, [
    { policy: POLICIES.signupPerIp, subject: request.ip },
    { policy: POLICIES.signupPerEmail, subject: normaliseEmail(input.admin.email) },
  ]);
  if (await findTenantBySlug(ctx.db, input.institution.slug)) throw slugTaken(input.institution.slug);

  const tenant: TenantRef = { id: crypto.randomUUID(), ...input.institution };
  const existingUser = await findUserByEmail(ctx.db, input.admin.email);
  const userId = existingUser?.id ?? crypto.randomUUID();
  const tenantData = new TenantData(tenant, ctx.db, { userId: null, requestId: request.requestId });
  try {
    await tenantData.write(
      [
        insertTenant(ctx.db, tenant),
        ...(existingUser ? [] : [insertUser(ctx.db, { id: userId, email: input.admin.email, name: input.admin.name })]),
        tenantData.insert(schema.memberships, { userId, role: "owner" }),
      ],
      [
        { action: "institution.created", entityType: "institution", entityId: tenant.id, after: { ...input.institution } },
        { action: "membership.created", entityType: "membership", entityId: userId, after: { email: input.admin.email, role: "owner" } },
      ],
    );
  } catch (error) {
    // Two signups raced for the same address; the database kept one.
    if (isUniqueViolation(error)) throw slugTaken(input.institution.slug);
    throw error;
  }

  await emailSignInLink(ctx, input.admin.email, {
    subject: `Confirm your email to open ${tenant.name} on Tandem`,
    paragraphs: [`${tenant.name} is set up on Tandem, with you as its owner.`, "Confirm your email address to sign in and set up your first mentoring program."],
    actionLabel: "Confirm and sign in",
    next: `/console/${tenant.slug}`,
    tenantId: tenant.id,
    kind: "auth.signup_confirmation",
  });
  const { id: _id, ...institution } = tenant;
  return institution;
}
