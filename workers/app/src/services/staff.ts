/** An institution's staff: members with roles, and invitations to join. */
import { and, desc, eq, gt } from "drizzle-orm";
import { schema } from "@tandem/db";
import { canGrantRole, type InvitationInput, type StaffRole } from "@tandem/tenancy";
import { normaliseEmail, POLICIES } from "@tandem/rate-limit";
import type { TenantData } from "../data/tenant-data.js";
import { findUserByEmail, findUsersByIds, insertUser, type UserSummary } from "../data/users.js";
import { renderEmail } from "../email/render.js";
import { AppError } from "../errors.js";
import { type AuthContext, signInNow, type WithCookies } from "./auth.js";
import { enforceRateLimits } from "./rate-limits.js";
import { hashToken, newToken } from "./tokens.js";

export const INVITATION_DAYS = 7;
const ROLE_NAMES: Record<StaffRole, string> = { owner: "an owner", admin: "an admin", coordinator: "a coordinator", viewer: "a viewer" };

export async function findMembership(tenantData: TenantData, userId: string) {
  return tenantData.findOne(schema.memberships, eq(schema.memberships.userId, userId));
}

export async function listStaff(tenantData: TenantData, db: AuthContext["db"]) {
  const memberships = await tenantData.find(schema.memberships, undefined, { orderBy: [schema.memberships.createdAt] });
  const users = new Map((await findUsersByIds(db, memberships.map((m) => m.userId))).map((user) => [user.id, user]));
  const invitations = await tenantData.find(
    schema.invitations,
    and(eq(schema.invitations.status, "pending"), gt(schema.invitations.expiresAt, new Date())),
    { orderBy: [desc(schema.invitations.createdAt)] },
  );
  return {
    members: memberships.map((m) => ({ userId: m.userId, name: users.get(m.userId)?.name ?? "", email: users.get(m.userId)?.email ?? "", role: m.role })),
    invitations: invitations.map((i) => ({ id: i.id, email: i.email, role: i.role, status: i.status, expiresAt: i.expiresAt.toISOString() })),
  };
}

export interface InviteRequest {
  input: InvitationInput;
  inviter: UserSummary;
  inviterRole: StaffRole;
  ip: string;
}

/** Invites a person; a new invitation to the same address replaces the pending one. */
export async function inviteStaff(ctx: AuthContext, tenantData: TenantData, request: InviteRequest) {
  const { input, inviter, inviterRole } = request;
  if (!canGrantRole(inviterRole, input.role)) {
    throw new AppError(403, "forbidden", `As ${ROLE_NAMES[inviterRole]} you cannot invite ${ROLE_NAMES[input.role]}.`);
  }
  await enforceRateLimits(ctx.db, [
    { policy: POLICIES.invitationPerIp, subject: request.ip },
    { policy: POLICIES.invitationPerEmail, subject: normaliseEmail(input.email) },
  ]);
  const existingUser = await findUserByEmail(ctx.db, input.email);
  const existingMembership = existingUser ? await findMembership(tenantData, existingUser.id) : null;
  if (existingMembership) {
    throw new AppError(409, "already-staff", `${input.email} is already on the staff of ${tenantData.tenant.name} as ${existingMembership.role}.`);
  }

  const token = newToken();
  const invitation = {
    id: crypto.randomUUID(),
    email: input.email,
    role: input.role,
    tokenHash: await hashToken(token),
    invitedByUserId: inviter.id,
    expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
  };
  const pending = and(eq(schema.invitations.email, input.email), eq(schema.invitations.status, "pending"))!;
  await tenantData.write(
    [tenantData.update(schema.invitations, { status: "revoked" }, pending), tenantData.insert(schema.invitations, invitation)],
    [{ action: "invitation.created", entityType: "invitation", entityId: invitation.id, after: { email: invitation.email, role: invitation.role } }],
  );

  const slug = tenantData.tenant.slug;
  const url = `${ctx.origin}/invitations/accept.html?tenant=${encodeURIComponent(slug)}&token=${encodeURIComponent(token)}`;
  const { text, html } = renderEmail({
    greeting: "Hello,",
    paragraphs: [`${inviter.name} invited you to join ${tenantData.tenant.name} on Tandem as ${ROLE_NAMES[input.role]}.`, "Tandem is where your institution runs its mentoring programs."],
    action: { label: `Join ${tenantData.tenant.name}`, url },
    footnote: `This invitation works once and expires in ${INVITATION_DAYS} days.`,
  });
  await ctx.mailer.send({ to: input.email, subject: `Join ${tenantData.tenant.name} on Tandem`, text, html, kind: "staff.invitation", tenantId: tenantData.tenant.id });
  return { id: invitation.id, email: invitation.email, role: invitation.role, expiresAt: invitation.expiresAt.toISOString() };
}

export async function revokeInvitation(tenantData: TenantData, invitationId: string): Promise<void> {
  const invitation = await tenantData.findOne(schema.invitations, and(eq(schema.invitations.id, invitationId), eq(schema.invitations.status, "pending"))!);
  if (!invitation) throw AppError.notFound("There is no pending invitation with that id.");
  await tenantData.write(
    [tenantData.update(schema.invitations, { status: "revoked" }, eq(schema.invitations.id, invitationId))],
    [{ action: "invitation.revoked", entityType: "invitation", entityId: invitationId, before: { status: "pending" }, after: { status: "revoked" } }],
  );
}

/**
 * Accepts an invitation: the token proves the invitee reads that inbox, so
 * they become staff and are signed in at once, with or without an account before.
 */
export async function acceptInvitation(ctx: AuthContext, tenantData: TenantData, token: string, name: string): Promise<WithCookies<{ role: StaffRole }>> {
  const invitation = await tenantData.findOne(schema.invitations, eq(schema.invitations.tokenHash, await hashToken(token)));
  if (!invitation || invitation.status !== "pending" || invitation.expiresAt.getTime() <= Date.now()) {
    throw new AppError(400, "invalid-invitation", "This invitation is invalid, has expired, or was already used. Ask the person who invited you to send a new one.");
  }
  const existing = await findUserByEmail(ctx.db, invitation.email);
  const userId = existing?.id ?? crypto.randomUUID();
  const alreadyMember = existing ? await findMembership(tenantData, existing.id) : null;
  await tenantData.write(
    [
      ...(existing ? [] : [insertUser(ctx.db, { id: userId, email: invitation.email, name })]),
      tenantData.update(schema.invitations, { status: "accepted", acceptedAt: new Date() }, eq(schema.invitations.id, invitation.id)),
      ...(alreadyMember ? [] : [tenantData.insert(schema.memberships, { userId, role: invitation.role })]),
    ],
    [
      { action: "invitation.accepted", entityType: "invitation", entityId: invitation.id, before: { status: "pending" }, after: { status: "accepted" } },
      ...(alreadyMember ? [] : [{ action: "membership.created", entityType: "membership", entityId: userId, after: { email: invitation.email, role: invitation.role } }]),
    ],
  );
  const signedIn = await signInNow(ctx, invitation.email);
  return { value: { role: alreadyMember?.role ?? invitation.role }, setCookies: signedIn.setCookies };
}
