/** /invitations/accept.html?tenant=<slug>&token=…: accept a staff invitation and sign in. */
import { $, announce, api, clearAnnouncement, clearFieldError, setBusy, showProblem, swapToPanel, validateForm } from "./lib.js";

const form = /** @type {HTMLFormElement} */ ($("accept-form"));
const region = $("status");
const nameInput = /** @type {HTMLInputElement} */ ($("name"));
const submit = /** @type {HTMLButtonElement} */ ($("accept-submit"));

const params = new URLSearchParams(location.search);
const tenant = params.get("tenant") ?? "";
const token = params.get("token") ?? "";
const slugOk = /^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$/.test(tenant);

/** @param {string} detail */
function cannotUse(detail) {
  $("failed-detail").textContent = detail;
  swapToPanel(form, $("failed"));
  announce(region, detail, "error", { quiet: true });
}

nameInput.addEventListener("input", () => clearFieldError(nameInput));

if (!slugOk || !token) {
  cannotUse("This invitation link is incomplete. Copy the whole link from the email.");
} else {
  // Name the institution when we can; the public profile needs no sign-in.
  void api("GET", `/api/v1/t/${encodeURIComponent(tenant)}`).then((result) => {
    const name = result.ok ? result.data?.name : undefined;
    if (typeof name === "string" && name) {
      $("title").textContent = `Join ${name} on Tandem`;
      document.title = `Join ${name} — Tandem`;
    }
  });
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  if (!validateForm(form, region)) return;
  setBusy(submit, true, "Joining…");
  announce(region, "Accepting your invitation…");
  const result = await api("POST", `/api/v1/t/${encodeURIComponent(tenant)}/invitations/accept`, { token, name: nameInput.value });
  if (result.ok) {
    const slug = result.data?.institution?.slug ?? tenant;
    announce(region, `You joined ${result.data?.institution?.name ?? "your institution"}. Opening the console…`, "success");
    location.assign(`/console/${encodeURIComponent(slug)}`);
    return;
  }
  setBusy(submit, false);
  const problem = result.problem;
  const fieldErrors = (problem.errors ?? []).some((error) => /(^|[./])name$/.test(error.path));
  // An invalid, expired or used invitation will not work on a retry: say what to do instead.
  if (!fieldErrors && [400, 403, 404, 410].includes(result.status)) {
    clearAnnouncement(region);
    cannotUse(problem.detail ?? "This invitation is not valid.");
    return;
  }
  showProblem(form, region, problem);
});
