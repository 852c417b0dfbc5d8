/**
 * /self-match-respond.html?tenant=<slug>&token=…: a mentor reads a mentee's
 * request (who, what they have in common, their message) and accepts or
 * declines. Opening the link changes nothing: only a button press answers,
 * so mail scanners that follow links cannot answer for the mentor.
 */
import { $, announce, api, clearAnnouncement, el, setBusy, swapToPanel } from "./lib.js";

const params = new URLSearchParams(location.search);
const tenant = params.get("tenant") ?? "";
const token = params.get("token") ?? "";
const region = $("status");
const request = $("request");
const accept = /** @type {HTMLButtonElement} */ ($("accept"));
const decline = /** @type {HTMLButtonElement} */ ($("decline"));
const base = `/api/v1/t/${encodeURIComponent(tenant)}/self-match/requests/respond`;
let menteeName = "the mentee";

/** @param {string} detail */
function cannotUse(detail) {
  $("failed-detail").textContent = detail;
  clearAnnouncement(region);
  swapToPanel(request, $("failed"));
}

/** @param {string} iso */
const day = (iso) => new Date(iso).toLocaleDateString("en-US", { month: "long", day: "numeric", year: "numeric" });

async function load() {
  if (!/^[a-z0-9-]{3,40}$/.test(tenant) || !token) return cannotUse("This link is incomplete. Copy the whole link from the email.");
  const result = await api("GET", `${base}?token=${encodeURIComponent(token)}`);
  if (!result.ok) return cannotUse(result.problem.detail);
  const data = result.data;
  menteeName = data.mentee.firstName;
  $("title").textContent = `${data.mentee.name} would like you as their mentor`;
  $("request-title").textContent = `Would you like to mentor ${data.mentee.firstName}?`;
  $("request-intro").textContent = `Hi ${data.mentor.firstName}, ${data.mentee.name} chose you from their suggested mentors in ${data.program.name} at ${data.institution.name}.`;
  if (data.message) {
    $("message").textContent = data.message;
    $("message-block").hidden = false;
  }
  if (data.common.length > 0) {
    $("common").replaceChildren(...data.common.flatMap((/** @type {any} */ item) => [el("dt", { text: item.label }), el("dd", { text: item.values.join(", ") })]));
    $("common-block").hidden = false;
  }
  $("expectations").textContent = data.program.expectations;
  $("deadline").textContent = `Please answer by ${day(data.expiresAt)}. If you can't mentor ${data.mentee.firstName} right now, declining lets them choose someone else straight away.`;
  clearAnnouncement(region);
  request.hidden = false;
}

/** @param {"accept" | "decline"} decision */
async function answer(decision) {
  const button = decision === "accept" ? accept : decline;
  setBusy(button, true, decision === "accept" ? "Accepting…" : "Declining…");
  (decision === "accept" ? decline : accept).disabled = true;
  const result = await api("POST", base, { token, decision });
  setBusy(button, false);
  accept.disabled = false;
  decline.disabled = false;
  if (!result.ok) {
    // Answered elsewhere, lapsed, or withdrawn meanwhile: the problem says which.
    if (result.status === 409 || result.status === 404) return cannotUse(result.problem.detail);
    announce(region, result.problem.detail, "error");
    return;
  }
  clearAnnouncement(region);
  if (decision === "accept") {
    $("accepted-detail").textContent = `Thank you! We are emailing you and ${menteeName} an introduction with how to get in touch and what the program expects.`;
    swapToPanel(request, $("accepted"));
  } else {
    $("declined-detail").textContent = `Thank you for letting ${menteeName} know. We have told them they can choose another mentor.`;
    swapToPanel(request, $("declined"));
  }
}

accept.addEventListener("click", () => void answer("accept"));
decline.addEventListener("click", () => {
  if (confirm(`Decline ${menteeName}'s request? They will be told to choose another mentor.`)) void answer("decline");
});

void load().catch(() => announce(region, "The page could not load. Reload to try again.", "error"));
