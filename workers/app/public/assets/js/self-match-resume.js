/**
 * /self-match-resume.html?tenant=<slug>&token=…: a mentor paused for leaving
 * requests unanswered reads why and resumes with one click. The link is
 * signed over the pause, so it works once.
 */
import { $, announce, api, clearAnnouncement, setBusy, swapToPanel } from "./lib.js";

const params = new URLSearchParams(location.search);
const tenant = params.get("tenant") ?? "";
const token = params.get("token") ?? "";
const region = $("status");
const paused = $("paused");
const resume = /** @type {HTMLButtonElement} */ ($("resume"));
const base = `/api/v1/t/${encodeURIComponent(tenant)}/self-match/resume`;

/** @param {string} detail */
function cannotUse(detail) {
  $("failed-detail").textContent = detail;
  clearAnnouncement(region);
  swapToPanel(paused, $("failed"));
}

async function load() {
  if (!/^[a-z0-9-]{3,40}$/.test(tenant) || !token) return cannotUse("This link is incomplete. Copy the whole link from the email.");
  const result = await api("GET", `${base}?token=${encodeURIComponent(token)}`);
  if (!result.ok) return cannotUse(result.problem.detail);
  const { mentor, program, institution, pausedAt, unanswered } = result.data;
  const when = new Date(pausedAt).toLocaleDateString("en-US", { month: "long", day: "numeric", year: "numeric" });
  const requests = unanswered === 1 ? "a mentee's request" : `${unanswered} mentees' requests`;
  $("paused-detail").textContent = `Hi ${mentor.firstName}, on ${when} we stopped suggesting you to mentees in ${program.name} at ${institution.name}, because ${requests} lapsed without an answer from you.`;
  clearAnnouncement(region);
  paused.hidden = false;
}

resume.addEventListener("click", async () => {
  setBusy(resume, true, "Resuming…");
  const result = await api("POST", base, { token });
  setBusy(resume, false);
  if (!result.ok) {
    if (result.status === 404) return cannotUse(result.problem.detail);
    announce(region, result.problem.detail, "error");
    return;
  }
  clearAnnouncement(region);
  $("done-detail").textContent = `Mentees in ${result.data.program.name} can find and ask you again. We will email you each request.`;
  swapToPanel(paused, $("done"));
});

void load().catch(() => announce(region, "The page could not load. Reload to try again.", "error"));
