/** /sign-in.html: ask for a sign-in link by email. The answer is the same whether or not the address has an account. */
import { $, announce, api, clearAnnouncement, clearFieldError, safeNextPath, setBusy, showProblem, swapToPanel, validateForm } from "./lib.js";

const form = /** @type {HTMLFormElement} */ ($("sign-in-form"));
const region = $("status");
const email = /** @type {HTMLInputElement} */ ($("email"));
const submit = /** @type {HTMLButtonElement} */ ($("sign-in-submit"));

email.addEventListener("input", () => clearFieldError(email));

// Where the emailed link should lead (e.g. back to /console/<slug> after a signed-out visit); only plain paths on this site.
const rawNext = new URLSearchParams(location.search).get("next");
const next = rawNext && safeNextPath(rawNext) === rawNext && /^\/(?!\/)[\w\-./?=&%]{0,299}$/.test(rawNext) ? rawNext : undefined;

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  if (!validateForm(form, region)) return;
  setBusy(submit, true, "Sending…");
  announce(region, "Sending your sign-in link…");
  const result = await api("POST", "/api/v1/auth/sign-in-link", next ? { email: email.value, next } : { email: email.value });
  setBusy(submit, false);
  if (result.ok) {
    clearAnnouncement(region);
    $("done-message").textContent = result.data?.message ?? `If ${email.value} has a Tandem account, we sent it a sign-in link.`;
    swapToPanel(form, $("done"));
    return;
  }
  showProblem(form, region, result.problem);
});
