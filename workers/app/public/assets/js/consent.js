/**
 * /consent.html?tenant=<slug>&token=…: a guardian reviews a program and consents, signing with their name.
 * /consent.html?tenant=<slug>#manage=…: from the receipt email, the guardian sees their consent on record
 * and can withdraw it at any time (the mentee's match is then paused and the coordinator told).
 *
 * The manage link lasts as long as the consent, so its token arrives in the fragment (never sent to a
 * server); the page moves it out of the address at once (history, bookmarks, a later Referer) and keeps
 * it for this tab only (sessionStorage, so a reload still works), as my-applications.js does.
 */
import { $, announce, api, clearAnnouncement, setBusy, showProblem, swapToPanel, validateForm } from "./lib.js";

const params = new URLSearchParams(location.search);
const tenant = params.get("tenant") ?? "";
const token = params.get("token") ?? "";
const storageKey = `tandem.consent-manage.${tenant}`;

/** The manage token from the address's fragment, else the one this tab kept; none on a consent request's link. */
function takeManageToken() {
  if (token) return "";
  const fromHash = new URLSearchParams(location.hash.slice(1)).get("manage");
  // Links sent before the token moved to the fragment carry it in the query: taken (and hidden) the same way.
  const fromQuery = params.get("manage");
  const given = (fromHash ?? fromQuery ?? "").trim();
  if (fromHash !== null || fromQuery !== null) {
    history.replaceState(null, "", `${location.pathname}?tenant=${encodeURIComponent(tenant)}`);
  }
  try {
    if (given) sessionStorage.setItem(storageKey, given);
    return given || (sessionStorage.getItem(storageKey) ?? "");
  } catch {
    // Storage refused (private mode): the link still works until the tab is reloaded.
    return given;
  }
}

function forgetManageToken() {
  try {
    sessionStorage.removeItem(storageKey);
  } catch {
    // Nothing kept.
  }
}

const manageToken = takeManageToken();
const region = $("status");
const form = /** @type {HTMLFormElement} */ ($("consent-form"));
const submit = /** @type {HTMLButtonElement} */ ($("consent-submit"));
const withdrawForm = /** @type {HTMLFormElement} */ ($("withdraw-form"));
const withdrawSubmit = /** @type {HTMLButtonElement} */ ($("withdraw-submit"));
const base = `/api/v1/t/${encodeURIComponent(tenant)}/consent`;
const validTenant = /^[a-z0-9-]{3,40}$/.test(tenant);

/** @param {string} detail */
function cannotUse(detail) {
  $("failed-detail").textContent = detail;
  clearAnnouncement(region);
  swapToPanel(form, $("failed"));
}

/** @param {string} iso */
function formatMoment(iso) {
  return new Intl.DateTimeFormat(undefined, { dateStyle: "long", timeStyle: "short" }).format(new Date(iso));
}

/** The program and the applicant, as both modes show them. @param {any} data @param {string} intro */
function showProgram(data, intro) {
  const { program } = data;
  $("program-intro").textContent = intro;
  $("program-description").textContent = program.description || "";
  $("program-expectations").textContent = program.expectations;
  $("program").hidden = false;
}

// ---------------------------------------------------------------- giving consent

async function loadRequest() {
  if (!validTenant || !token) return cannotUse("This consent link is incomplete. Copy the whole link from the email.");
  const result = await api("GET", `${base}?token=${encodeURIComponent(token)}`);
  if (!result.ok) return cannotUse(result.problem.detail);
  const { institution, program, applicant, guardianName, consented, consentingAgain } = result.data;
  const child = `${applicant.firstName} ${applicant.lastName}`;
  $("title").textContent = `Your consent for ${applicant.firstName} to join ${program.name}`;
  showProgram(
    result.data,
    consentingAgain
      ? `You withdrew your consent for ${child} to take part in ${program.name}, run by ${institution.name}. The program asks whether you consent again: if you do, ${applicant.firstName}'s mentoring can continue.`
      : `${child} applied to ${program.name}, run by ${institution.name}, and named you (${guardianName}) as their parent or guardian.`,
  );
  $("consent-text").textContent = `I am ${applicant.firstName}'s parent or guardian, I have read about the program, and I consent to ${applicant.firstName} taking part.`;
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
    if (result.data?.resumed) {
      $("done-detail").textContent = "Your consent is recorded, and the paused mentoring resumes. The program's coordinator will keep you informed.";
    }
    swapToPanel(form, $("done"));
  } else {
    showProblem(form, region, result.problem);
  }
});

// ---------------------------------------------------------------- the consent on record, and withdrawing it

/** @type {any} */
let record = null;

/** @param {any} data */
function showRecord(data) {
  record = data;
  const { applicant, program } = data;
  $("record-signature").textContent = data.signature ?? "—";
  $("record-consented").textContent = data.consentedAt ? formatMoment(data.consentedAt) : "—";
  $("record-state").textContent = data.withdrawnAt
    ? `Withdrawn on ${formatMoment(data.withdrawnAt)}.${data.match === "paused" ? ` ${applicant.firstName}'s match is paused.` : ""}`
    : `Given: ${applicant.firstName} takes part in ${program.name}${data.match === "active" ? " and has a mentor" : ""}.`;
  // This link cannot give consent again: a new request from the coordinator does.
  $("record-again").hidden = !data.withdrawnAt;
  $("record").hidden = false;
}

async function loadRecord() {
  if (!validTenant) return cannotUse("This link is incomplete. Copy the whole link from the email.");
  const result = await api("GET", `${base}/manage?token=${encodeURIComponent(manageToken)}`);
  if (!result.ok) {
    // A link replaced by a newer receipt (or mistyped) stays unusable: don't keep it for reloads.
    if (result.status === 404) forgetManageToken();
    return cannotUse(result.problem.detail);
  }
  const { institution, program, applicant } = result.data;
  const child = `${applicant.firstName} ${applicant.lastName}`;
  $("title").textContent = `Your consent for ${applicant.firstName} to take part in ${program.name}`;
  document.title = `Your consent for ${applicant.firstName} — Tandem`;
  showProgram(result.data, `You gave your consent for ${child} to take part in ${program.name}, run by ${institution.name}.`);
  showRecord(result.data);
  clearAnnouncement(region);
  if (result.data.withdrawnAt) return;
  const paused =
    result.data.match === "none"
      ? `${applicant.firstName}'s application goes back to waiting for your consent: it is not reviewed or matched until you consent again.`
      : `${applicant.firstName}'s mentoring match is paused at once: no meetings are arranged or logged until you consent again.`;
  $("withdraw-warning").textContent = `If you withdraw your consent, ${paused} The program's coordinator is told and will be in touch.`;
  $("withdraw-confirm-text").textContent = `I withdraw my consent for ${applicant.firstName} to take part in ${program.name}.`;
  withdrawForm.hidden = false;
}

withdrawForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  if (!validateForm(withdrawForm, region)) return;
  setBusy(withdrawSubmit, true, "Withdrawing…");
  const reason = /** @type {HTMLTextAreaElement} */ ($("withdraw-reason")).value.trim();
  const result = await api("POST", `${base}/withdraw`, { token: manageToken, confirm: true, ...(reason ? { reason } : {}) });
  setBusy(withdrawSubmit, false);
  if (!result.ok) {
    showProblem(withdrawForm, region, result.problem);
    return;
  }
  showRecord(result.data);
  const first = record?.applicant?.firstName ?? "The applicant";
  $("withdrawn-detail").textContent =
    result.data.match === "paused"
      ? `${first}'s mentoring match is paused, and the program's coordinator has been told. They will be in touch.`
      : `${first}'s application is on hold, and the program's coordinator has been told. They will be in touch.`;
  clearAnnouncement(region);
  swapToPanel(withdrawForm, $("withdrawn"));
});

// A manage link opened in a tab already showing this page changes only the fragment: keep its token and load afresh.
window.addEventListener("hashchange", () => {
  if (!new URLSearchParams(location.hash.slice(1)).get("manage")) return;
  takeManageToken();
  location.reload();
});

const load = manageToken ? loadRecord : loadRequest;
void load().catch(() => announce(region, "The page could not load. Reload to try again.", "error"));
