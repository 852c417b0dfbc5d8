/**
 * The rules for institutions and their people, as valibot schemas: shared by
 * the API (validation and OpenAPI), and the front end's forms.
 */
import * as v from "valibot";

/** Slugs that would collide with our own routes, hosts or well-known names. */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  "api", "admin", "www", "embed", "assets", "t", "app", "auth", "login", "logout", "signin", "signup", "register",
  "dashboard", "account", "settings", "static", "public", "help", "support", "docs", "status", "healthz", "mail",
  "email", "blog", "about", "tandem", "root", "system", "dev", "test", "staging", "cdn", "billing",
]);

export const TENANT_KINDS = ["university", "school", "community_org", "other"] as const;
export const STAFF_ROLES = ["owner", "admin", "coordinator", "viewer"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const SlugSchema = v.pipe(
  v.string("must be text"),
  v.trim(),
  v.minLength(3, "must be at least 3 characters"),
  v.maxLength(40, "must be at most 40 characters"),
  v.regex(/^[a-z0-9-]+$/, "may contain only lowercase letters, digits and hyphens"),
  v.regex(/^[a-z0-9].*[a-z0-9]$/, "must start and end with a letter or digit"),
  v.check((slug) => !RESERVED_SLUGS.has(slug), "is reserved; choose another address"),
);

/** True for IANA zone names the runtime knows (e.g. `Europe/Berlin`), not for offsets like `+01:00`. */
export function isIanaTimeZone(value: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const TimeZoneSchema = v.pipe(
  v.string("must be text"),
  v.trim(),
  v.check(isIanaTimeZone, "must be an IANA time zone name, such as America/Chicago or Europe/Berlin"),
);

export const EmailSchema = v.pipe(
  v.string("must be text"),
  v.trim(),
  v.toLowerCase(),
  v.maxLength(254, "must be at most 254 characters"),
  v.email("must be an email address"),
);

export const PersonNameSchema = v.pipe(v.string("must be text"), v.trim(), v.minLength(1, "is required"), v.maxLength(120, "must be at most 120 characters"));

export const SignupSchema = v.object({
  institution: v.object({
    name: v.pipe(v.string("must be text"), v.trim(), v.minLength(2, "must be at least 2 characters"), v.maxLength(120, "must be at most 120 characters")),
    slug: SlugSchema,
    kind: v.picklist(TENANT_KINDS, `must be one of ${TENANT_KINDS.join(", ")}`),
    timezone: TimeZoneSchema,
  }),
  admin: v.object({ name: PersonNameSchema, email: EmailSchema }),
});
export type SignupInput = v.InferOutput<typeof SignupSchema>;

export const InvitationSchema = v.object({
  email: EmailSchema,
  role: v.picklist(STAFF_ROLES, `must be one of ${STAFF_ROLES.join(", ")}`),
});
export type InvitationInput = v.InferOutput<typeof InvitationSchema>;

/** What each staff role may do inside its institution. */
export const PERMISSIONS = {
  manageStaff: ["owner", "admin"],
  readAudit: ["owner", "admin"],
  manageSettings: ["owner", "admin"],
  managePrograms: ["owner", "admin", "coordinator"],
  readReports: ["owner", "admin", "coordinator", "viewer"],
  /** Volunteer screening records are sensitive: never viewers (coordinators only for their programs). */
  manageScreening: ["owner", "admin", "coordinator"],
  /** Safeguarding incident reports: owners and admins only. */
  manageIncidents: ["owner", "admin"],
} as const satisfies Record<string, readonly StaffRole[]>;
export type Permission = keyof typeof PERMISSIONS;

export function can(role: StaffRole, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly StaffRole[]).includes(role);
}

/** Who may grant a role: only an owner makes owners; owners and admins make the rest. */
export function canGrantRole(granter: StaffRole, role: StaffRole): boolean {
  if (!can(granter, "manageStaff")) return false;
  return role !== "owner" || granter === "owner";
}

/** An origin a page may embed forms from: `https://host[:port]`, or `http://localhost` / `http://127.0.0.1` for testing. */
export const EmbedOriginSchema = v.pipe(
  v.string("must be text"),
  v.trim(),
  v.check((value) => {
    try {
      const url = new URL(value);
      const local = url.hostname === "localhost" || url.hostname === "127.0.0.1";
      return (url.protocol === "https:" || (url.protocol === "http:" && local)) && url.pathname === "/" && !url.search && !url.hash && !url.username;
    } catch {
      return false;
    }
  }, "must be an origin like https://www.example.edu (https, no path)"),
  v.transform((value) => new URL(value).origin),
);

/** A Turnstile widget's site key or secret key, as Cloudflare's dashboard shows it (no spaces). */
const turnstileKey = (what: string) =>
  v.nullable(
    v.pipe(
      v.string("must be text"),
      v.trim(),
      v.minLength(10, `must be the ${what} of your Turnstile widget, from the Cloudflare dashboard`),
      v.maxLength(200, "must be at most 200 characters"),
      v.regex(/^[\x21-\x7e]+$/, `must be the ${what} exactly as the Cloudflare dashboard shows it, with no spaces`),
    ),
  );

export const SettingsSchema = v.pipe(
  v.strictObject(
    {
      name: v.optional(v.pipe(v.string(), v.trim(), v.minLength(2, "must be at least 2 characters"), v.maxLength(120, "must be at most 120 characters"))),
      timezone: v.optional(TimeZoneSchema),
      brandColor: v.optional(v.pipe(v.string(), v.trim(), v.toLowerCase(), v.regex(/^#[0-9a-f]{6}$/, "must be a color like #0b6e4f"))),
      logoUrl: v.optional(v.nullable(v.pipe(v.string(), v.trim(), v.url("must be a URL"), v.startsWith("https://", "must start with https://"), v.maxLength(500)))),
      allowedEmbedOrigins: v.optional(v.pipe(v.array(EmbedOriginSchema), v.maxLength(20, "list at most 20 origins"), v.transform((origins) => [...new Set(origins)]))),
      turnstileEnabled: v.optional(v.boolean()),
      /** The institution's own Turnstile widget; null removes a key. The secret is write-only. */
      turnstileSiteKey: v.optional(turnstileKey("site key")),
      turnstileSecretKey: v.optional(turnstileKey("secret key")),
    },
    "only these settings can change: name, timezone, brandColor, logoUrl, allowedEmbedOrigins, turnstileEnabled, turnstileSiteKey, turnstileSecretKey",
  ),
  v.check((input) => Object.keys(input).length > 0, "change at least one setting"),
);
export type SettingsInput = v.InferOutput<typeof SettingsSchema>;

export interface TurnstileSettings {
  turnstileEnabled: boolean;
  turnstileSiteKey: string | null;
  turnstileSecretKey: string | null;
}

/**
 * What stops Turnstile from being on, for the settings as they would be after
 * a change (stored values merged with the request's): an institution cannot
 * turn it on, or remove a key while it is on, without both keys of its widget.
 */
export function turnstileSettingsProblems(settings: TurnstileSettings): { field: "turnstileSiteKey" | "turnstileSecretKey"; message: string }[] {
  if (!settings.turnstileEnabled) return [];
  const problems: { field: "turnstileSiteKey" | "turnstileSecretKey"; message: string }[] = [];
  if (!settings.turnstileSiteKey) problems.push({ field: "turnstileSiteKey", message: "is required while Turnstile is on: copy the site key of your Turnstile widget from the Cloudflare dashboard" });
  if (!settings.turnstileSecretKey) problems.push({ field: "turnstileSecretKey", message: "is required while Turnstile is on: copy the secret key of your Turnstile widget from the Cloudflare dashboard" });
  return problems;
}
