/** /signup.html: sign up an institution and its first administrator. */
import { $, announce, api, clearAnnouncement, clearFieldError, setBusy, showProblem, suggestSlug, swapToPanel, validateForm } from "./lib.js";

/** Institution addresses are at most 40 characters. */
const SLUG_MAX = 40;

const form = /** @type {HTMLFormElement} */ ($("signup-form"));
const region = $("status");
const nameInput = /** @type {HTMLInputElement} */ ($("institution-name"));
const slugInput = /** @type {HTMLInputElement} */ ($("institution-slug"));
const kindSelect = /** @type {HTMLSelectElement} */ ($("institution-kind"));
const zoneSelect = /** @type {HTMLSelectElement} */ ($("institution-timezone"));
const adminName = /** @type {HTMLInputElement} */ ($("admin-name"));
const adminEmail = /** @type {HTMLInputElement} */ ($("admin-email"));
const submit = /** @type {HTMLButtonElement} */ ($("signup-submit"));
const slugPreview = $("slug-preview");


// Suggest the address from the name until the person types their own.
let slugEdited = false;
function showPreview() {
  slugPreview.textContent = slugInput.value || "<address>";
}
nameInput.addEventListener("input", () => {
  if (slugEdited) return;
  slugInput.value = suggestSlug(nameInput.value, SLUG_MAX);
  showPreview();
});
slugInput.addEventListener("input", () => {
  slugEdited = slugInput.value !== "";
  showPreview();
});
// Clear a field's error as soon as the person changes it.
for (const field of [nameInput, slugInput, kindSelect, zoneSelect, adminName, adminEmail]) {
  field.addEventListener("input", () => clearFieldError(field));
}

// Time zones: every zone the browser knows, with the browser's own selected.
function fillTimeZones() {
  const current = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  /** @type {string[]} */
  let zones = [];
  try {
    zones = Intl.supportedValuesOf("timeZone");
  } catch {
    zones = [];
  }
  const all = [...new Set([...zones, "UTC", current])].sort((a, b) => a.localeCompare(b));
  zoneSelect.replaceChildren(
    ...all.map((zone) => {
      const option = new Option(zone.replace(/_/g, " "), zone, zone === current, zone === current);
      return option;
    }),
  );
}
fillTimeZones();

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  if (!validateForm(form, region)) return;
  setBusy(submit, true, "Creating your institution…");
  announce(region, "Creating your institution…");
  const result = await api("POST", "/api/v1/signup", {
    institution: { name: nameInput.value, slug: slugInput.value, kind: kindSelect.value, timezone: zoneSelect.value },
    admin: { name: adminName.value, email: adminEmail.value },
  });
  setBusy(submit, false);
  if (result.ok) {
    clearAnnouncement(region);
    const institution = result.data?.institution ?? {};
    $("done-message").textContent = result.data?.message ?? `We sent a sign-in link to ${adminEmail.value}.`;
    $("done-institution").textContent = institution.name ?? nameInput.value;
    swapToPanel(form, $("done"));
    return;
  }
  // 409: the address is taken. The detail names it; it belongs on the address field.
  showProblem(form, region, result.problem, { fallbackField: result.status === 409 ? slugInput : undefined });
});
