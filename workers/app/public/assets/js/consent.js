/** /consent.html?tenant=<slug>&token=…: a guardian reviews a program and consents, signing with their name. */
import { $, announce, api, clearAnnouncement, setBusy, showProblem, swapToPanel, validateForm } from "./lib.js";

const params = new URLSearchParams(location.search);
const tenant = params.get("tenant") ?? "";
const token = params.get("token") ?? "";
const region = $("status");
const form = /** @type {HTMLFormElement} */ ($("consent-form"));
const submit = /** @type {HTMLButtonElement} */ ($("consent-submit"));
const base = `/api/v1/t/${encodeURIComponent(tenant)}/consent`;

/** @param {string} detail */
function cannotUse(detail) {
  $("failed-detail").textContent = detail;
  clearAnnouncement(region);
  swapToPanel(form, $("failed"));
}

async function load() {
  if (!/^[a-z0-9-]{3,40}$/.test(tenant) || !token) return cannotUse("This consent link is incomplete. Copy the whole link from the email.");
  const result = await api("GET", `${base}?token=${encodeURIComponent(token)}`);
  if (!result.ok) return cannotUse(result.problem.detail);
  const { institution, program, applicant, guardianName, consented } = result.data;
  const child = `${applicant.firstName} ${applicant.lastName}`;
  $("title").textContent = `Your consent for ${applicant.firstName} to join ${program.name}`;
  $("program-intro").textContent = `${child} applied to ${program.name}, run by ${institution.name}, and named you (${guardianName}) as their parent or guardian.`;
  $("program-description").textContent = program.description || "";
  $("program-expectations").textContent = program.expectations;
  $("consent-text").textContent = `I am ${applicant.firstName}'s parent or guardian, I have read about the program, and I consent to ${applicant.firstName} taking part.`;
  $("program").hidden = false;
  clearAnnouncement(region);
  if (consented) {
    swapToPanel(form, $("done"));
    return;
  }
  form.hidden = false;
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  if (!validateForm(form, region)) return;
  setBusy(submit, true, "Recording…");
  const signature = /** @type {HTMLInputElement} */ ($("signature")).value;
  const result = await api("POST", base, { token, signature, consent: true });
  setBusy(submit, false);
  if (result.ok) {
    clearAnnouncement(region);
    swapToPanel(form, $("done"));
  } else {
    showProblem(form, region, result.problem);
  }
});

void load().catch(() => announce(region, "The page could not load. Reload to try again.", "error"));
