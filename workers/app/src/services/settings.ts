/** An institution's settings: name, time zone, branding, and which sites may embed its forms. */
import type { SettingsInput } from "@tandem/tenancy";
import type { TenantData } from "../data/tenant-data.js";

export async function getSettings(tenantData: TenantData) {
  const row = await tenantData.settings();
  return {
    slug: row.slug,
    name: row.name,
    kind: row.kind,
    timezone: row.timezone,
    brandColor: row.brandColor,
    logoUrl: row.logoUrl,
    allowedEmbedOrigins: row.allowedEmbedOrigins,
    turnstileEnabled: row.turnstileEnabled,
  };
}

export async function updateSettings(tenantData: TenantData, changes: SettingsInput) {
  const before = await getSettings(tenantData);
  await tenantData.write(
    [tenantData.updateSettings(changes)],
    [
      {
        action: "institution.settings_updated",
        entityType: "institution",
        entityId: tenantData.tenant.id,
        before: Object.fromEntries(Object.keys(changes).map((key) => [key, before[key as keyof typeof before]])),
        after: changes,
      },
    ],
  );
  return getSettings(tenantData);
}
