/** An institution's settings: name, time zone, branding, which sites may embed its forms, and Turnstile. */
import { type SettingsInput, turnstileSettingsProblems } from "@tandem/tenancy";
import type { TenantData } from "../data/tenant-data.js";
import { AppError } from "../errors.js";

type TenantRow = Awaited<ReturnType<TenantData["settings"]>>;

function view(row: TenantRow) {
  return {
    slug: row.slug,
    name: row.name,
    kind: row.kind,
    timezone: row.timezone,
    brandColor: row.brandColor,
    logoUrl: row.logoUrl,
    allowedEmbedOrigins: row.allowedEmbedOrigins,
    turnstileEnabled: row.turnstileEnabled,
    turnstileSiteKey: row.turnstileSiteKey,
    // The secret is write-only: staff see whether one is stored, never the key.
    turnstileSecretSet: Boolean(row.turnstileSecretKey),
  };
}

export async function getSettings(tenantData: TenantData) {
  return view(await tenantData.settings());
}

/** The change as the audit log keeps it: the secret key becomes whether one is set. */
function auditable(values: Record<string, unknown>): Record<string, unknown> {
  const { turnstileSecretKey, ...rest } = values;
  return "turnstileSecretKey" in values ? { ...rest, turnstileSecretSet: Boolean(turnstileSecretKey) } : rest;
}

export async function updateSettings(tenantData: TenantData, changes: SettingsInput) {
  const row = await tenantData.settings();
  // Turnstile's rule spans stored and new values (turning it on when the keys were saved earlier is fine).
  const problems = turnstileSettingsProblems({
    turnstileEnabled: changes.turnstileEnabled ?? row.turnstileEnabled,
    turnstileSiteKey: changes.turnstileSiteKey === undefined ? row.turnstileSiteKey : changes.turnstileSiteKey,
    turnstileSecretKey: changes.turnstileSecretKey === undefined ? row.turnstileSecretKey : changes.turnstileSecretKey,
  });
  if (problems.length > 0) {
    throw new AppError(422, "turnstile-keys-missing", "Turnstile needs the site key and the secret key of your Turnstile widget before it can be on.", {
      errors: problems.map((problem) => ({ path: `body.${problem.field}`, message: problem.message })),
    });
  }
  const before = { ...view(row), turnstileSecretKey: row.turnstileSecretKey };
  await tenantData.write(
    [tenantData.updateSettings(changes)],
    [
      {
        action: "institution.settings_updated",
        entityType: "institution",
        entityId: tenantData.tenant.id,
        before: auditable(Object.fromEntries(Object.keys(changes).map((key) => [key, before[key as keyof typeof before]]))),
        after: auditable(changes),
      },
    ],
  );
  return getSettings(tenantData);
}
