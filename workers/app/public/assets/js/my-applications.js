/**
 * /my-applications?t=<slug>#token=<link>: everything a person has applied to
 * at an institution, without an account — a card per application with where
 * it stands, the next step, and the mentoring space of each match.
 *
 * The signed link from the email arrives in the fragment (never sent to a
 * server); the page moves it out of the address at once (history, bookmarks,
 * a later Referer), keeps it for this tab only (sessionStorage, so a reload
 * still works), and sends it as `Authorization: Bearer`. Without a link, or
 * with one that expired, the page offers a new one by email.
 */
import { formatDay, formatMoment, typeLabel } from "./admin-lib.js";
import { $, announce, api, clearAnnouncement, el, setBusy, showProblem, validateForm } from "./lib.js";

/** Same rule as the API's slugs: lowercase letters, digits and inner hyphens. */
const SLUG = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const params = new URLSearchParams(location.search);
const requested = (params.get("t") ?? "").trim().toLowerCase();
const slug = SLUG.test(requested) ? requested : "";
const tenantBase = `/api/v1/t/${encodeURIComponent(slug)}`;
const region = $("status");
const storageKey = `tandem.my-applications.${slug}`;

/** The token from the address's fragment (never the query: that would reach server logs), else the one this tab kept. */
function takeToken() {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get("token");
  const given = (fromHash ?? "").trim();
  if (fromHash !== null) {
    // Keep the link out of the history and out of any later Referer, as verify.js does.
    history.replaceState(null, "", `${location.pathname}${slug ? `?t=${encodeURIComponent(slug)}` : ""}`);
  }
  try {
    if (given) sessionStorage.setItem(storageKey, given);
    return given || (sessionStorage.getItem(storageKey) ?? "");
  } catch {
    // Storage refused (private mode): the link still works until the tab is reloaded.
    return given;
  }
}

function forgetToken() {
  try {
    sessionStorage.removeItem(storageKey);
  } catch {
    // Nothing kept.
  }
}

let token = takeToken();

/**
 * GET with the link as a bearer token, shaped like lib.js `api` results. Never throws.
 * @param {string} path
 * @returns {Promise<import("./lib.js").ApiResult>}
 */
async function getWithLink(path) {
  let response;
  try {
    response = await fetch(path, { credentials: "omit", headers: { accept: "application/json, application/problem+json", authorization: `Bearer ${token}` } });
  } catch {
    return { ok: false, status: 0, problem: { status: 0, title: "Network error", detail: "We couldn't reach Tandem. Check your internet connection and try again." } };
  }
  const data = /json/.test(response.headers.get("content-type") ?? "") ? await response.json().catch(() => null) : null;
  if (response.ok) return { ok: true, status: response.status, data };
  /** @type {import("./lib.js").Problem} */
  const problem = data && typeof data === "object" ? { ...data, status: response.status } : { status: response.status };
  if (!problem.detail) problem.detail = response.status >= 500 ? "Something went wrong on our side. Please try again in a minute." : `The request failed (HTTP ${response.status}). Please try again.`;
  if (!problem.requestId) problem.requestId = response.headers.get("x-request-id") ?? undefined;
  return { ok: false, status: response.status, problem };
}

/** Focus on a heading, so keyboard and screen reader users land on the news. @param {HTMLElement} heading */
function focusHeading(heading) {
  heading.tabIndex = -1;
  heading.focus();
}

// ---------------------------------------------------------------- the institution

/** @param {{ name: string, brandColor?: string | null, logoUrl?: string | null }} institution */
function showInstitution(institution) {
  $("institution-name").textContent = institution.name;
  const logo = /** @type {HTMLImageElement} */ ($("institution-logo"));
  if (institution.logoUrl && /^https:\/\//.test(institution.logoUrl)) {
    logo.src = institution.logoUrl;
    logo.hidden = false;
  }
  $("institution").hidden = false;
  // The institution's color, as a decorative line under the header (CSSOM: allowed by the page's CSP).
  if (/^#[0-9a-f]{6}$/i.test(institution.brandColor ?? "")) document.body.style.setProperty("--brand", /** @type {string} */ (institution.brandColor));
  $("title").textContent = `Your applications at ${institution.name}`;
  document.title = `Your applications at ${institution.name} — Tandem`;
}

// ---------------------------------------------------------------- without a working link

/** The address names no institution (or one that does not exist). */
function showNoInstitution() {
  clearAnnouncement(region);
  $("request").hidden = true;
  $("list").hidden = true;
  $("no-institution").hidden = false;
}

/**
 * The request form, alone (no link) or under the reason the link failed.
 * @param {import("./lib.js").Problem | null} problem
 */
async function showRequest(problem) {
  $("list").hidden = true;
  $("lead").hidden = true;
  if (problem) {
    const expired = String(problem.type ?? "").endsWith("/my-applications-link-expired");
    $("link-problem-title").textContent = expired ? "This link has expired" : "This link doesn't work";
    $("link-problem-detail").textContent = problem.detail ?? "";
    $("link-problem").hidden = false;
    $("request-title").textContent = "Email me a new link";
    document.title = `${expired ? "This link has expired" : "This link doesn't work"} — Tandem`;
  }
  // The institution's name and colors, so people know where they are asking.
  const profile = await api("GET", tenantBase);
  if (!profile.ok && profile.status === 404) return showNoInstitution();
  if (profile.ok) showInstitution(profile.data);
  if (problem) document.title = `${$("link-problem-title").textContent} — Tandem`;
  clearAnnouncement(region);
  $("request").hidden = false;
  if (problem) focusHeading($("link-problem-title"));
}

const requestForm = /** @type {HTMLFormElement} */ ($("request-form"));
requestForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const formRegion = $("request-status");
  if (!validateForm(requestForm, formRegion)) return;
  const button = /** @type {HTMLButtonElement} */ ($("request-submit"));
  const input = /** @type {HTMLInputElement} */ ($("request-email"));
  const email = input.value.trim();
  setBusy(button, true, "Sending…");
  const result = await api("POST", `${tenantBase}/my/link`, { email });
  setBusy(button, false);
  if (!result.ok) {
    showProblem(requestForm, formRegion, result.problem, { fallbackField: input });
    return;
  }
  announce(
    formRegion,
    [result.data?.message ?? "If this address has applications here, we have emailed it a link to see them all.", `Check your inbox for ${email} (and the spam folder), then open the link in the email.`],
    "success",
  );
});

// ---------------------------------------------------------------- the list

const ROLE_WORDS = { mentor: "Mentor", mentee: "Mentee" };

/** @param {string | null} from @param {string | null} to */
function dates(from, to) {
  if (from && to) return `${formatDay(from)} – ${formatDay(to)}`;
  if (from) return `Starts ${formatDay(from)}`;
  if (to) return `Ends ${formatDay(to)}`;
  return "";
}

/** The badge's look: matched and approved read as good news, an ended match as neutral. @param {any} application */
function badgeClass(application) {
  if (application.statusLabel === "Match ended") return "badge app-ended";
  return `badge app-${application.status}`;
}

/** One application as a card. @param {any} application @param {number} index */
function card(application, index) {
  const titleId = `application-${index}-title`;
  const { program } = application;
  const meta = [`${ROLE_WORDS[/** @type {keyof typeof ROLE_WORDS} */ (application.role)] ?? application.role}`, typeLabel(program.type), dates(program.startsOn, program.endsOn)].filter(Boolean).join(" · ");
  /** @type {HTMLElement[]} */
  const matchParts = [];
  const links = application.matches.filter((/** @type {any} */ match) => match.portalUrl);
  if (links.length > 0) {
    matchParts.push(
      el(
        "ul",
        { class: "portal-links" },
        links.map((/** @type {any} */ match) =>
          el("li", {}, [
            el("a", {
              class: match.status === "active" ? "button" : "button secondary",
              href: match.portalUrl,
              text: `Open your mentoring space with ${match.partnerFirstName || "your partner"}${match.status === "active" ? "" : " (ended)"}`,
            }),
          ]),
        ),
      ),
    );
  }
  for (const match of application.matches) {
    const since = match.status === "active" ? `Matched with ${match.partnerFirstName} since ${formatMoment(match.startedAt)}.` : `Matched with ${match.partnerFirstName} from ${formatMoment(match.startedAt)} to ${formatMoment(match.closedAt)}.`;
    matchParts.push(el("p", { class: "muted small match-line", text: since }));
  }
  return el("li", { class: "card application", "aria-labelledby": titleId }, [
    el("div", { class: "application-head" }, [
      el("h2", { id: titleId, class: "application-title", text: program.name }),
      el("p", { class: "application-status" }, [el("span", { class: "sr-only", text: "Status: " }), el("span", { class: badgeClass(application), text: application.statusLabel })]),
    ]),
    el("p", { class: "application-meta", text: meta }),
    el("p", { class: "next-step" }, [el("strong", { text: "Next step: " }), application.nextStep]),
    ...matchParts,
    el("p", { class: "muted small", text: `Applied on ${formatMoment(application.submittedAt)}.` }),
  ]);
}

/** @param {any} data */
function render(data) {
  showInstitution(data.institution);
  const count = data.applications.length;
  $("lead").textContent = count === 0 ? `Applications made with ${data.email}.` : count === 1 ? `Your application, made with ${data.email}.` : `Your ${count} applications, made with ${data.email}, newest first.`;
  $("lead").hidden = false;
  $("applications").replaceChildren(...data.applications.map(card));
  $("applications").hidden = count === 0;
  $("empty").hidden = count !== 0;
  $("link-problem").hidden = true;
  $("request").hidden = true;
  $("list").hidden = false;
  announce(region, count === 0 ? "No applications with this address yet." : `Showing your ${count === 1 ? "application" : `${count} applications`}.`, "info", { quiet: true });
}

async function load() {
  if (!slug) return showNoInstitution();
  if (!token) return showRequest(null);
  const result = await getWithLink(`${tenantBase}/my/applications`);
  if (result.ok) return render(result.data);
  if (result.status === 401) {
    forgetToken();
    token = "";
    return showRequest(result.problem);
  }
  if (result.status === 404) return showNoInstitution();
  const again = el("button", { type: "button", class: "button small", text: "Try again" });
  again.addEventListener("click", () => {
    announce(region, [el("p", {}, [el("span", { class: "spinner", "aria-hidden": "true" }), " Loading your applications…"])]);
    void load();
  });
  const reference = result.problem.requestId ? [el("p", { class: "small muted", text: `Reference: ${result.problem.requestId}` })] : [];
  announce(region, [result.problem.detail ?? "We couldn't load your applications.", ...reference, el("p", {}, [again])], "error");
}

// A link opened in a tab already showing this page changes only the fragment: no new page load.
window.addEventListener("hashchange", () => {
  if (!new URLSearchParams(location.hash.slice(1)).get("token")) return;
  token = takeToken();
  announce(region, [el("p", {}, [el("span", { class: "spinner", "aria-hidden": "true" }), " Loading your applications…"])]);
  void load();
});

void load();
