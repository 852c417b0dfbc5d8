/**
 * /auth/verify.html?token=…&next=/console/<slug>: trades the emailed token for a session.
 * Only this POST consumes the token (never a GET), so link scanners in mail systems cannot burn it.
 */
import { $, announce, api, clearAnnouncement, safeNextPath, swapToPanel } from "./lib.js";

const region = $("status");
const working = $("working");
const failed = $("failed");
const retry = /** @type {HTMLButtonElement} */ ($("retry"));

const params = new URLSearchParams(location.search);
const token = params.get("token") ?? "";
const next = safeNextPath(params.get("next"));
// Keep the one-time token out of the history and out of any later Referer.
history.replaceState(null, "", `${location.pathname}${next !== "/" ? `?next=${encodeURIComponent(next)}` : ""}`);

/** @param {string} detail @param {boolean} canRetry */
function fail(detail, canRetry) {
  $("failed-detail").textContent = detail;
  retry.hidden = !canRetry;
  working.hidden = true;
  swapToPanel(working, failed);
  announce(region, detail, "error", { quiet: true });
}

async function signIn() {
  failed.hidden = true;
  working.hidden = false;
  announce(region, "Signing you in…", "info", { quiet: true });
  const result = await api("POST", "/api/v1/auth/verify", { token });
  if (result.ok) {
    announce(region, "Signed in. Opening Tandem…", "success");
    location.replace(next);
    return;
  }
  // A 4xx means this link will never work; anything else (network, 5xx, 429) may work on a retry.
  const permanent = result.status >= 400 && result.status < 500 && result.status !== 429;
  fail(result.problem.detail ?? "This sign-in link doesn't work.", !permanent);
}

retry.addEventListener("click", () => {
  clearAnnouncement(region);
  void signIn();
});

if (!token) fail("This sign-in link is incomplete: it has no token. Copy the whole link from the email, or ask for a new one.", false);
else void signIn();
