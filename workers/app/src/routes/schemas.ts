/** Response bodies, as valibot schemas: documented in OpenAPI, shared by routes. */
import { STAFF_ROLES, TENANT_KINDS } from "@tandem/tenancy";
import * as v from "valibot";

export const InstitutionSchema = v.pipe(
  v.object({ slug: v.string(), name: v.string(), kind: v.picklist(TENANT_KINDS), timezone: v.string() }),
  v.metadata({ ref: "Institution" }),
);
export const PublicInstitutionSchema = v.pipe(
  v.object({ slug: v.string(), name: v.string(), kind: v.picklist(TENANT_KINDS), timezone: v.string(), brandColor: v.string(), logoUrl: v.nullable(v.string()) }),
  v.metadata({ ref: "PublicInstitution" }),
);
export const UserSchema = v.pipe(v.object({ id: v.string(), email: v.string(), name: v.string() }), v.metadata({ ref: "User" }));
export const MembershipSchema = v.object({ slug: v.string(), name: v.string(), role: v.picklist(STAFF_ROLES) });
export const InvitationSummarySchema = v.object({ id: v.string(), email: v.string(), role: v.picklist(STAFF_ROLES), expiresAt: v.string() });
export const MessageSchema = v.object({ message: v.string() });
