/**
 * /unsubscribe?t=<slug>&token=…: a reminder email's unsubscribe link. Opening
 * the page changes nothing (mail scanners open links); the person confirms
 * with a button, and can undo it here.
 */
import { $, announce, api, clearAnnouncement, setBusy, swapToPanel } from "./lib.js";

const params = new URLSearchParams(location.search);
const tenant = params.get("t") ?? "";
const token = params.get("token") ?? "";
const region = $("status");
const confirm = $("confirm");
const done = $("done");
const unsubscribeButton = /** @type {HTMLButtonElement} */ ($("unsubscribe"));
const resubscribeButton = /** @type {HTMLButtonElement} */ ($("resubscribe"));
const base = `/api/v1/t/${encodeURIComponent(tenant)}/unsubscribe`;

/** @param {string} detail */
function cannotUse(detail) {
  $("failed-detail").textContent = detail;
  clearAnnouncement(region);
  confirm.hidden = true;
  done.hidden = true;
  $("failed").hidden = false;
}

/** @param {{ kindLabel: string, institution: string }} view */
function showConfirm(view) {
  $("confirm-detail").textContent = `You will no longer get ${view.kindLabel} from ${view.institution}. You can undo this on this page.`;
  swapToPanel(done, confirm);
  unsubscribeButton.focus();
}

/** @param {{ kindLabel: string, institution: string }} view */
function showDone(view) {
  $("done-detail").textContent = `You will get no more ${view.kindLabel} from ${view.institution}. Other emails about your mentoring, such as introductions, still come.`;
  swapToPanel(confirm, done);
}

async function load() {
  if (!/^[a-z0-9-]{3,40}$/.test(tenant) || !token) return cannotUse("This link is incomplete. Copy the whole link from the email.");
  const result = await api("GET", `${base}?token=${encodeURIComponent(token)}`);
  if (!result.ok) return cannotUse(result.problem.detail ?? "This link is not recognised.");
  clearAnnouncement(region);
  if (result.data.unsubscribed) showDone(result.data);
  else {
    confirm.hidden = false;
    $("confirm-detail").textContent = `You will no longer get ${result.data.kindLabel} from ${result.data.institution}. You can undo this on this page.`;
  }
}

unsubscribeButton.addEventListener("click", async () => {
  setBusy(unsubscribeButton, true, "Unsubscribing…");
  const result = await api("POST", `${base}?token=${encodeURIComponent(token)}`, {});
  setBusy(unsubscribeButton, false);
  if (!result.ok) return announce(region, result.problem.detail ?? "That did not work. Try again.", "error");
  clearAnnouncement(region);
  showDone(result.data);
});

resubscribeButton.addEventListener("click", async () => {
  setBusy(resubscribeButton, true, "Subscribing again…");
  const result = await api("POST", `${base}/resubscribe`, { token });
  setBusy(resubscribeButton, false);
  if (!result.ok) return announce(region, result.problem.detail ?? "That did not work. Try again.", "error");
  if (result.data.unsubscribed) {
    // Still stopped through "all reminders": say so rather than pretend.
    announce(region, `You still get no reminders from ${result.data.institution}: you stopped all of them. Use the "stop all reminders" link of a reminder email to undo that.`, "info");
    return;
  }
  announce(region, `${result.data.kindLabel[0].toUpperCase()}${result.data.kindLabel.slice(1)} will come again.`, "success");
  showConfirm(result.data);
});

void load().catch(() => announce(region, "The page could not load. Reload to try again.", "error"));
