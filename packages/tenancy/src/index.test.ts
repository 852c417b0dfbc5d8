import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { can, canGrantRole, isIanaTimeZone, SignupSchema, SlugSchema, STAFF_ROLES } from "./index.js";

const messages = (schema: v.GenericSchema, input: unknown) => {
  const result = v.safeParse(schema, input, { abortPipeEarly: true });
  return result.success ? [] : result.issues.map((issue) => `${v.getDotPath(issue) ?? ""}: ${issue.message}`);
};

describe("SlugSchema", () => {
  it("accepts 3–40 lowercase letters, digits and hyphens", () => {
    for (const slug of ["abc", "north-bridge-2026", "a".repeat(40)]) expect(messages(SlugSchema, slug)).toEqual([]);
  });

  it("explains each way a slug can be wrong", () => {
    expect(messages(SlugSchema, "ab")).toEqual([": must be at least 3 characters"]);
    expect(messages(SlugSchema, "a".repeat(41))).toEqual([": must be at most 40 characters"]);
    expect(messages(SlugSchema, "North_Bridge")).toEqual([": may contain only lowercase letters, digits and hyphens"]);
    expect(messages(SlugSchema, "-north")).toEqual([": must start and end with a letter or digit"]);
    for (const reserved of ["api", "admin", "www", "embed", "assets"]) {
      expect(messages(SlugSchema, reserved), reserved).toEqual([": is reserved; choose another address"]);
    }
    // `t` (our page prefix) is reserved too, and already too short.
    expect(messages(SlugSchema, "t")).toEqual([": must be at least 3 characters"]);
  });
});

describe("isIanaTimeZone", () => {
  it("accepts zone names and refuses offsets and inventions", () => {
    expect(["America/Chicago", "Pacific/Auckland", "Europe/Berlin", "UTC", "America/Argentina/Buenos_Aires"].every(isIanaTimeZone)).toBe(true);
    expect(["+01:00", "Mars/Olympus_Mons", "", "Europe/", "GMT+5 "].some(isIanaTimeZone)).toBe(false);
  });
});

describe("SignupSchema", () => {
  it("normalises a valid signup", () => {
    const parsed = v.parse(SignupSchema, {
      institution: { name: " Harbor Mentors ", slug: "harbor", kind: "community_org", timezone: "America/Los_Angeles" },
      admin: { name: "Dana Whitfield", email: " Dana@Harbor.ORG " },
    });
    expect(parsed).toEqual({
      institution: { name: "Harbor Mentors", slug: "harbor", kind: "community_org", timezone: "America/Los_Angeles" },
      admin: { name: "Dana Whitfield", email: "dana@harbor.org" },
    });
  });

  it("lists every bad field with its path", () => {
    const result = messages(SignupSchema, { institution: { name: "", slug: "api", kind: "club", timezone: "Nowhere" }, admin: { name: "x", email: "not-an-email" } });
    expect(result.map((line) => line.split(":")[0]).sort()).toEqual(["admin.email", "institution.kind", "institution.name", "institution.slug", "institution.timezone"]);
  });
});

describe("roles", () => {
  it("let owners and admins manage staff, coordinators run programs, viewers only read", () => {
    expect(STAFF_ROLES.filter((role) => can(role, "manageStaff"))).toEqual(["owner", "admin"]);
    expect(STAFF_ROLES.filter((role) => can(role, "managePrograms"))).toEqual(["owner", "admin", "coordinator"]);
    expect(STAFF_ROLES.filter((role) => can(role, "readReports"))).toEqual(STAFF_ROLES);
  });

  it("let only owners make owners", () => {
    expect(canGrantRole("owner", "owner")).toBe(true);
    expect(canGrantRole("admin", "owner")).toBe(false);
    expect(canGrantRole("admin", "coordinator")).toBe(true);
    expect(canGrantRole("coordinator", "viewer")).toBe(false);
  });
});

describe("SettingsSchema", () => {
  it("normalises embed origins and refuses paths, plain http and non-URLs", async () => {
    const { SettingsSchema } = await import("./index.js");
    expect(v.parse(SettingsSchema, { allowedEmbedOrigins: ["https://www.Example.edu", "https://www.example.edu/", "http://localhost:5173"] })).toEqual({
      allowedEmbedOrigins: ["https://www.example.edu", "http://localhost:5173"],
    });
    const paths = messages(SettingsSchema, { allowedEmbedOrigins: ["https://example.edu/apply", "http://example.edu", "nope"] }).map((line) => line.split(":")[0]);
    expect(paths).toEqual(["allowedEmbedOrigins.0", "allowedEmbedOrigins.1", "allowedEmbedOrigins.2"]);
    expect(messages(SettingsSchema, { brandColor: "green", logoUrl: "http://example.edu/logo.png" }).map((line) => line.split(":")[0]).sort()).toEqual(["brandColor", "logoUrl"]);
    expect(messages(SettingsSchema, {})).toEqual([": change at least one setting"]);
    expect(messages(SettingsSchema, { slug: "new" })[0]).toMatch(/^slug: only these settings can change/);
  });
});

describe("Turnstile settings", () => {
  it("take keys as the Cloudflare dashboard shows them, or null to remove one", async () => {
    const { SettingsSchema } = await import("./index.js");
    expect(v.parse(SettingsSchema, { turnstileSiteKey: " 0x4AAAAAAABkMYinukE8nzY ", turnstileSecretKey: null })).toEqual({ turnstileSiteKey: "0x4AAAAAAABkMYinukE8nzY", turnstileSecretKey: null });
    expect(messages(SettingsSchema, { turnstileSiteKey: "short", turnstileSecretKey: "0x4AAAAA with spaces" }).map((line) => line.split(":")[0]).sort()).toEqual(["turnstileSecretKey", "turnstileSiteKey"]);
  });

  it("need both keys while Turnstile is on", async () => {
    const { turnstileSettingsProblems } = await import("./index.js");
    expect(turnstileSettingsProblems({ turnstileEnabled: false, turnstileSiteKey: null, turnstileSecretKey: null })).toEqual([]);
    expect(turnstileSettingsProblems({ turnstileEnabled: true, turnstileSiteKey: "1x00000000000000000000AA", turnstileSecretKey: "1x0000000000000000000000000000000AA" })).toEqual([]);
    expect(turnstileSettingsProblems({ turnstileEnabled: true, turnstileSiteKey: "1x00000000000000000000AA", turnstileSecretKey: null }).map((problem) => problem.field)).toEqual(["turnstileSecretKey"]);
    expect(turnstileSettingsProblems({ turnstileEnabled: true, turnstileSiteKey: null, turnstileSecretKey: null }).map((problem) => problem.field)).toEqual(["turnstileSiteKey", "turnstileSecretKey"]);
  });
});
