/**
 * /checkin?t=<slug>&link=<signed link>: the one-click answers of a check-in
 * reminder ("We met · 30 min", "Not yet", "We need help"). The page records
 * the answer with a POST when it opens: the server never acts on a GET, so
 * mail scanners that fetch links ahead of the reader cannot use them up. Then
 * it says what was recorded (or that this email was already answered) and
 * offers the full form in the person's mentoring space.
 */
import { $, announce, api, clearAnnouncement, setBusy, showProblem, swapToPanel, validateForm } from "./lib.js";

const params = new URLSearchParams(location.search);
const slug = (params.get("t") ?? "").trim().toLowerCase();
const link = (params.get("link") ?? "").trim();
const tenantBase = `/api/v1/t/${encodeURIComponent(slug)}`;
const region = $("status");

/** @param {number} minutes */
function duration(minutes) {
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `${hours} ${hours === 1 ? "hour" : "hours"}${rest ? ` ${rest} minutes` : ""}`;
}

/** What the answer means, in a sentence. @param {any} data */
function answerSentence(data) {
  const partner = data.match?.partnerFirstName || "your partner";
  if (data.answer === "met") return data.minutes ? `You met ${partner} for ${duration(data.minutes)}.` : `You met ${partner}.`;
  if (data.answer === "need_help") return `You asked for help with your match with ${partner}.`;
  return `You haven't met ${partner} yet.`;
}

/** @param {any} data */
function showRecorded(data) {
  const program = data.match?.programName;
  const title = data.recorded ? "Thanks — recorded" : "Already recorded";
  document.title = `${title} — Tandem`;
  $("title").textContent = program ? `Your check-in: ${program}` : "Your check-in";
  $("done-title").textContent = title;
  $("done-detail").textContent = data.recorded
    ? answerSentence(data)
    : `This email's answer was already recorded: ${answerSentence(data).replace(/^You/, "you")} Each email's buttons count once.`;
  const next = {
    met: "Well done for meeting. Keep it going: agree on your next date before you forget.",
    not_yet: "No problem. Try to set a date in the next few days; we'll remind you again if we don't hear from you.",
    need_help: "Your program's coordinator has been told and will get in touch with you soon.",
  };
  $("done-next").textContent = data.recorded ? (next[/** @type {keyof typeof next} */ (data.answer)] ?? "") : "To log another meeting, use your mentoring space.";
  const portal = /** @type {HTMLAnchorElement} */ ($("portal-link"));
  if (data.portalUrl) {
    portal.href = data.portalUrl;
    portal.textContent = data.answer === "met" ? "Add details in your mentoring space" : "Open your mentoring space";
  } else {
    portal.hidden = true;
  }
  clearAnnouncement(region);
  announce(region, `${title}. ${$("done-detail").textContent}`, "success", { quiet: true });
  swapToPanel($("failed"), $("done"));
}

/** @param {string} title @param {string} detail @param {{ retry?: boolean, newLink?: boolean }} [options] */
function showFailed(title, detail, options = {}) {
  document.title = `${title} — Tandem`;
  $("failed-title").textContent = title;
  $("failed-detail").textContent = detail;
  $("retry-row").hidden = !options.retry;
  $("new-link-form").hidden = !options.newLink || !slug;
  clearAnnouncement(region);
  swapToPanel($("done"), $("failed"));
}

async function record() {
  if (!slug || !link) {
    showFailed("This link is incomplete", "The address is missing part of the link. Use the button in your email again, or open the whole link it contains.", { newLink: Boolean(slug) });
    return;
  }
  const result = await api("POST", `${tenantBase}/checkin-links`, { link });
  if (result.ok) {
    showRecorded(result.data);
    return;
  }
  const { status, problem } = result;
  if (status === 410) {
    showFailed("This link has expired", problem.detail ?? "The buttons in a reminder work for two weeks. Log your meeting in your mentoring space instead.", { newLink: true });
  } else if (status === 409) {
    showFailed("This mentoring match has ended", problem.detail ?? "The match this email is about has ended, so there is nothing to record.", { newLink: true });
  } else if (status === 400 || status === 404) {
    showFailed("This link doesn't work", problem.detail ?? "The link is not one we recognise. It may have been cut short by your email app.", { newLink: true });
  } else {
    showFailed("We couldn't record your answer", problem.detail ?? "Something went wrong. Please try again.", { retry: true });
  }
}

const retry = /** @type {HTMLButtonElement} */ ($("retry"));
retry.addEventListener("click", async () => {
  setBusy(retry, true, "Trying again…");
  await record();
  setBusy(retry, false);
});

const newLinkForm = /** @type {HTMLFormElement} */ ($("new-link-form"));
newLinkForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const linkRegion = $("new-link-status");
  if (!validateForm(newLinkForm, linkRegion)) return;
  const button = /** @type {HTMLButtonElement} */ ($("new-link-submit"));
  const email = /** @type {HTMLInputElement} */ ($("new-link-email")).value.trim();
  setBusy(button, true, "Sending…");
  const result = await api("POST", `${tenantBase}/portal/link`, { email });
  setBusy(button, false);
  if (!result.ok) {
    showProblem(newLinkForm, linkRegion, result.problem, { fallbackField: /** @type {HTMLInputElement} */ ($("new-link-email")) });
    return;
  }
  announce(linkRegion, [result.data?.message ?? "If that address belongs to a mentoring match here, we've emailed it a link.", `Check your inbox for ${email}.`], "success");
});

void record().catch(() => announce(region, "The page could not load. Reload to try again.", "error"));
