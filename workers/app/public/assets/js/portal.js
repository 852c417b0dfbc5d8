/**
 * /portal?t=<slug>&token=<portal link>: a participant's mentoring space, no
 * account needed. The signed link from an email is kept in memory and sent as
 * `Authorization: Bearer` on every call. Sections: the agreement, the partner
 * and meeting link (with a calendar invite), goals, check-ins, the open survey
 * (the program's typed questions, as the enrollment form renders them), email
 * settings, and ending the match early. An expired or broken link offers a new
 * one by email.
 */
import { $, announce, clearAnnouncement, confirmAction, clearFieldError, clearFormErrors, el, setBusy, setFieldError, showProblem, validateForm } from "./lib.js";
import { formatDay, formatMoment } from "./admin-lib.js";

const params = new URLSearchParams(location.search);
const slug = (params.get("t") ?? "").trim().toLowerCase();
const token = (params.get("token") ?? "").trim();
const tenantBase = `/api/v1/t/${encodeURIComponent(slug)}`;
const base = `${tenantBase}/portal`;
const region = $("status");

/**
 * @typedef {{ path: string, message: string }} FieldProblem
 * @typedef {{ type?: string, title?: string, status: number, detail?: string, errors?: FieldProblem[], requestId?: string }} Problem
 * @typedef {{ ok: true, status: number, data: any } | { ok: false, status: number, problem: Problem }} Result
 */

/** @type {{ data: any, prefs: any, surveyKey: string | null, formsReady: boolean }} */
const state = { data: null, prefs: null, surveyKey: null, formsReady: false };

// ---------------------------------------------------------------- calling the API with the portal link

/**
 * The API as lib.js `api` calls it, plus the portal link as a bearer token. Never throws.
 * Field errors keep the API's `path` (`body.title`).
 * @param {string} method @param {string} path @param {unknown} [body] @param {{ auth?: boolean }} [options]
 * @returns {Promise<Result>}
 */
async function call(method, path, body, options = { auth: true }) {
  /** @type {Record<string, string>} */
  const headers = { accept: "application/json, application/problem+json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (options.auth !== false) headers.authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(path, { method, credentials: "omit", headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    return { ok: false, status: 0, problem: { status: 0, title: "Network error", detail: "We couldn't reach Tandem. Check your internet connection and try again." } };
  }
  let data = null;
  if (response.status !== 204 && /json/.test(response.headers.get("content-type") ?? "")) data = await response.json().catch(() => null);
  if (response.ok) return { ok: true, status: response.status, data };
  /** @type {Problem} */
  const problem = data && typeof data === "object" ? { ...data, status: response.status } : { status: response.status };
  problem.errors = (problem.errors ?? []).map((/** @type {any} */ item) => ({ path: String(item.path ?? ""), message: String(item.message ?? "") }));
  if (!problem.detail) {
    problem.detail = response.status >= 500 ? "Something went wrong on our side. Please try again in a minute." : problem.title || `The request failed (HTTP ${response.status}). Please try again.`;
  }
  if (!problem.requestId) problem.requestId = response.headers.get("x-request-id") ?? undefined;
  return { ok: false, status: response.status, problem };
}

/** The problem's code: the last segment of its `type` (`…/problems/portal-link-expired`). @param {Problem} problem */
const codeOf = (problem) => String(problem.type ?? "").split("/").pop() ?? "";

/**
 * A list field's errors (`body.milestones.2.title`, `body.topics.1`) point at
 * the one control that edits the whole list.
 * @param {Problem} problem @param {string[]} lists
 */
function pointListsAt(problem, lists) {
  return {
    ...problem,
    errors: (problem.errors ?? []).map((item) => {
      const segments = item.path.split(/[.\/\[\]]+/).filter(Boolean);
      const list = lists.find((name) => segments.includes(name));
      return list ? { ...item, path: list } : item;
    }),
  };
}

/**
 * A failed call the page handles as a whole: an unusable link replaces the page
 * with the "new link" form; a match closed meanwhile (409 match-closed) is
 * shown closed. Anything else is for the caller to show where the person acted.
 * @param {Result & { ok: false }} result
 * @returns {boolean} true when handled here
 */
function linkGone(result) {
  // 401: the link expired or was never valid. (A 404 after the page loaded is about the thing acted on, so it is shown there.)
  if (result.status === 401) {
    showLinkProblem(result.problem);
    return true;
  }
  if (result.status === 409 && (codeOf(result.problem) === "match-closed" || codeOf(result.problem) === "match-paused")) {
    void refresh().then(() => {
      announce(region, result.problem.detail ?? "This match can't be changed right now.", "error");
      focusHeading($("title"));
    });
    return true;
  }
  return false;
}

// ---------------------------------------------------------------- words and dates

const ROLE_WORD = { mentor: "mentor", mentee: "mentee" };
const GOAL_STATUS = { open: "In progress", achieved: "Achieved", dropped: "Dropped" };
const RATING_WORDS = ["", "Not well", "Not great", "Okay", "Well", "Very well"];

/**
 * Today on the institution's calendar (the API's `today`), `YYYY-MM-DD`, moved by `offsetDays`.
 * Meetings are dated on that calendar: the reader's own may already be a day ahead or behind.
 * @param {number} [offsetDays]
 */
function localToday(offsetDays = 0) {
  const date = new Date(`${state.data.today}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + offsetDays);
  return date.toISOString().slice(0, 10);
}

/** @param {number} minutes */
function duration(minutes) {
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `${hours} ${hours === 1 ? "hour" : "hours"}${rest ? ` ${rest} minutes` : ""}`;
}

/** @param {any} person */
const fullName = (person) => `${person?.firstName ?? ""} ${person?.lastName ?? ""}`.trim() || "your partner";

/** @param {string} value */
function modeLabel(value) {
  const modes = /** @type {{ value: string, label: string }[]} */ (state.data?.meetingModes ?? []);
  return modes.find((mode) => mode.value === value)?.label ?? value.replace(/_/g, " ");
}

/** @param {string} value */
function reasonLabel(value) {
  const reasons = /** @type {{ value: string, label: string }[]} */ (state.data?.closeReasons ?? []);
  return reasons.find((reason) => reason.value === value)?.label ?? value.replace(/_/g, " ");
}

/** Focus on a heading, so keyboard and screen reader users land on the news. @param {HTMLElement} heading */
function focusHeading(heading) {
  heading.tabIndex = -1;
  heading.focus();
}

const isClosed = () => state.data?.match?.status === "closed";
/** Paused while a guardian's consent is withdrawn: readable, but nothing can be added until the coordinator resumes it. */
const isPaused = () => !isClosed() && Boolean(state.data?.match?.paused);
/** Closed or paused: the forms that add or change things are hidden. */
const isReadOnly = () => isClosed() || isPaused();

// ---------------------------------------------------------------- the link no longer works

/** @param {Problem | null} problem */
function showLinkProblem(problem) {
  const code = problem ? codeOf(problem) : "";
  const titles = {
    "portal-link-expired": "This link has expired",
    "portal-link-invalid": "This link doesn't work",
  };
  let title = titles[/** @type {keyof typeof titles} */ (code)] ?? (problem?.status === 404 ? "We couldn't find your mentoring space" : "This link doesn't work");
  let detail = problem?.detail ?? "";
  if (!problem) {
    title = "This link is incomplete";
    detail = "The address is missing part of the link. Copy the whole link from your email, or ask for a new one below.";
  }
  clearAnnouncement(region);
  $("portal").hidden = true;
  $("lead").hidden = true;
  $("title").textContent = "Your mentoring";
  document.title = `${title} — Tandem`;
  $("link-problem-title").textContent = title;
  $("link-problem-detail").textContent = detail;
  // Without the institution in the address there is nowhere to ask for a new link.
  $("new-link-form").hidden = !slug;
  $("new-link-missing").hidden = Boolean(slug);
  $("link-problem").hidden = false;
  focusHeading($("link-problem-title"));
}

const newLinkForm = /** @type {HTMLFormElement} */ ($("new-link-form"));
newLinkForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const linkRegion = $("new-link-status");
  if (!validateForm(newLinkForm, linkRegion)) return;
  const button = /** @type {HTMLButtonElement} */ ($("new-link-submit"));
  const email = /** @type {HTMLInputElement} */ ($("new-link-email")).value.trim();
  setBusy(button, true, "Sending…");
  const result = await call("POST", `${base}/link`, { email }, { auth: false });
  setBusy(button, false);
  if (!result.ok) {
    showProblem(newLinkForm, linkRegion, result.problem, { fallbackField: /** @type {HTMLInputElement} */ ($("new-link-email")) });
    return;
  }
  announce(
    linkRegion,
    [result.data?.message ?? "If that address belongs to a mentoring match here, we've emailed it a new link.", `Check your inbox for ${email} (and the spam folder). The link works for 30 days.`],
    "success",
  );
});

// ---------------------------------------------------------------- loading

async function load() {
  if (!slug || !token) {
    showLinkProblem(null);
    return;
  }
  const [portal, prefs] = await Promise.all([call("GET", base), call("GET", `${base}/preferences`)]);
  if (!portal.ok) {
    // 404: a link of another institution, or a match that no longer exists.
    if (portal.status === 401 || portal.status === 404) {
      showLinkProblem(portal.problem);
      return;
    }
    const again = el("button", { type: "button", class: "button small", text: "Try again" });
    again.addEventListener("click", () => {
      announce(region, [el("p", {}, [el("span", { class: "spinner", "aria-hidden": "true" }), " Loading your mentoring space…"])]);
      void load();
    });
    announce(region, [portal.problem.detail ?? "We couldn't load your mentoring space.", el("p", {}, [again])], "error");
    return;
  }
  state.prefs = prefs.ok ? prefs.data : null;
  show(portal.data);
  clearAnnouncement(region);
  $("link-problem").hidden = true;
  $("portal").hidden = false;
}

/** Shows a fresh GET /portal answer everywhere. @param {any} data */
function show(data) {
  state.data = data;
  if (!state.formsReady) {
    prepareForms(data);
    state.formsReady = true;
  }
  renderHeader();
  renderAgreement();
  renderPartner();
  renderGoals();
  renderCheckins();
  renderSurvey();
  renderPreferences();
  renderClosed();
}

/** Reloads the portal after a change whose effects reach several sections. */
async function refresh() {
  const result = await call("GET", base);
  if (result.ok) show(result.data);
  else linkGone(result);
}

// ---------------------------------------------------------------- header

function renderHeader() {
  const { institution, me, program, match } = state.data;
  const partner = match.partner;
  const partnerRole = me.role === "mentor" ? "mentee" : "mentor";
  document.title = `Your mentoring with ${partner.firstName} — ${program.name} — Tandem`;
  $("title").textContent = `Hi ${me.firstName}: your mentoring with ${partner.firstName}`;
  $("lead").textContent = `${program.name} at ${institution.name}. You are ${partner.firstName}'s ${ROLE_WORD[/** @type {keyof typeof ROLE_WORD} */ (me.role)] ?? me.role}; ${partner.firstName} is your ${partnerRole}.`;
  $("lead").hidden = false;
  const name = $("institution-name");
  name.textContent = institution.name;
  name.hidden = false;
  // The institution's color, as a decorative line under the header (CSSOM: allowed by the page's CSP).
  if (/^#[0-9a-f]{6}$/i.test(institution.brandColor ?? "")) document.body.style.setProperty("--brand", institution.brandColor);
}

// ---------------------------------------------------------------- agreement

const agreeButton = /** @type {HTMLButtonElement} */ ($("agree"));

function renderAgreement() {
  const { agreement, match } = state.data;
  const partner = match.partner.firstName;
  $("expectations").textContent = agreement.expectations || "Your program has not written its expectations down yet. Agree together how often you will meet and how you will keep in touch.";
  $("first-meeting-prompt").textContent = agreement.firstMeetingPrompt ?? "";
  $("prompt-block").hidden = !agreement.firstMeetingPrompt;
  $("agreement-state").replaceChildren(
    el("li", { class: agreement.acknowledgedByMe ? "done" : "waiting" }, [
      el("span", { class: "state-mark", "aria-hidden": "true", text: agreement.acknowledgedByMe ? "✓" : "…" }),
      agreement.acknowledgedByMe
        ? `You agreed${agreement.acknowledgedAt ? ` on ${formatMoment(agreement.acknowledgedAt)}` : ""}.`
        : "You haven't agreed yet.",
    ]),
    el("li", { class: agreement.partnerAcknowledged ? "done" : "waiting" }, [
      el("span", { class: "state-mark", "aria-hidden": "true", text: agreement.partnerAcknowledged ? "✓" : "…" }),
      agreement.partnerAcknowledged ? `${partner} has agreed.` : `${partner} hasn't agreed yet.`,
    ]),
  );
  $("agree-row").hidden = agreement.acknowledgedByMe || isReadOnly();
}

agreeButton.addEventListener("click", async () => {
  const agreementRegion = $("agreement-status");
  setBusy(agreeButton, true, "Saving…");
  const result = await call("POST", `${base}/agreement`, {});
  setBusy(agreeButton, false);
  if (!result.ok) {
    if (!linkGone(result)) announce(agreementRegion, [result.problem.detail ?? "We couldn't save that.", "Please try again."], "error");
    return;
  }
  // The answer is the whole portal.
  show(result.data);
  announce(agreementRegion, "Thank you: you agreed to the program's expectations.", "success");
  focusHeading($("agreement-title"));
});

// ---------------------------------------------------------------- partner, meeting link, calendar

const meetingForm = /** @type {HTMLFormElement} */ ($("meeting-link-form"));
const meetingInput = /** @type {HTMLInputElement} */ ($("meeting-url"));
const meetingClear = /** @type {HTMLButtonElement} */ ($("meeting-link-clear"));

function renderPartner() {
  const { me, match, program, nextCheckinDueOn } = state.data;
  const partner = match.partner;
  const partnerRole = me.role === "mentor" ? "mentee" : "mentor";
  $("partner-title").textContent = `Your ${partnerRole}: ${partner.firstName}`;
  $("nav-partner").textContent = `Your ${partnerRole}`;
  $("partner-line").replaceChildren(el("strong", { text: fullName(partner) }), `, since ${formatMoment(match.startedAt)}.`);
  $("partner-contact").replaceChildren(
    ...(partner.email
      ? ["Email: ", el("a", { href: `mailto:${partner.email}`, text: partner.email })]
      : ["In this program you arrange meetings through your coordinator, who can pass on messages."]),
  );
  const late = nextCheckinDueOn && nextCheckinDueOn < localToday();
  const due = !nextCheckinDueOn || isReadOnly() ? "" : late ? `Your next meeting was due by ${formatDay(nextCheckinDueOn)}: meet soon, then log it below` : `Your next meeting is due by ${formatDay(nextCheckinDueOn)}`;
  $("next-due").textContent = due ? `${due} (the program asks you to meet every ${program.checkinCadenceDays} days).` : "";
  $("next-due").hidden = !due;

  const url = match.meetingUrl;
  $("meeting-link-current").replaceChildren(
    ...(url
      ? ["Your meeting room: ", el("a", { href: url, target: "_blank", rel: "noopener noreferrer", text: url })]
      : [el("span", { class: "muted", text: "No link yet. If you meet by video, save your meeting room's link here so you both have it." })]),
  );
  meetingClear.hidden = !url || isReadOnly();
  meetingForm.hidden = isReadOnly();
  // No meetings are arranged while paused.
  $("calendar-title").hidden = isPaused();
  $("calendar-form").hidden = isPaused();
  $("meeting-link-save").textContent = url ? "Change link" : "Save link";
}

/** @param {string | null} url @param {HTMLButtonElement} button */
async function saveMeetingLink(url, button) {
  const meetingRegion = $("meeting-link-status");
  setBusy(button, true, "Saving…");
  const result = await call("PUT", `${base}/meeting-link`, { url });
  setBusy(button, false);
  if (!result.ok) {
    if (!linkGone(result)) showProblem(meetingForm, meetingRegion, result.problem, { fallbackField: meetingInput });
    return;
  }
  state.data.match.meetingUrl = result.data.meetingUrl;
  meetingInput.value = "";
  clearFormErrors(meetingForm);
  renderPartner();
  announce(meetingRegion, url ? "Meeting link saved. Your partner sees it here too." : "Meeting link removed.", "success");
  (url ? meetingInput : $("meeting-link-title")).focus();
}

meetingForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const meetingRegion = $("meeting-link-status");
  clearFormErrors(meetingForm);
  const url = meetingInput.value.trim();
  meetingInput.value = url;
  if (!url) {
    setFieldError(meetingInput, "Enter the link to your meeting room, starting with https://.");
    announce(meetingRegion, "Please fix the field marked below.", "error");
    meetingInput.focus();
    return;
  }
  if (!/^https:\/\/[^\s]+$/i.test(url)) {
    setFieldError(meetingInput, "Use a secure link that starts with https://.");
    announce(meetingRegion, "Please fix the field marked below.", "error");
    meetingInput.focus();
    return;
  }
  void saveMeetingLink(url, /** @type {HTMLButtonElement} */ ($("meeting-link-save")));
});
meetingClear.addEventListener("click", () => {
  $("meeting-link-title").tabIndex = -1;
  void saveMeetingLink(null, meetingClear);
});

const calendarForm = /** @type {HTMLFormElement} */ ($("calendar-form"));
calendarForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const calendarRegion = $("calendar-status");
  if (!validateForm(calendarForm, calendarRegion)) return;
  const date = /** @type {HTMLInputElement} */ ($("calendar-date")).value;
  const time = /** @type {HTMLInputElement} */ ($("calendar-time")).value;
  const start = new Date(`${date}T${time}`);
  if (Number.isNaN(start.getTime())) {
    setFieldError(/** @type {HTMLInputElement} */ ($("calendar-date")), "Enter a date like 2026-10-05.");
    announce(calendarRegion, "Please fix the field marked below.", "error");
    return;
  }
  const minutes = /** @type {HTMLSelectElement} */ ($("calendar-duration")).value;
  const query = new URLSearchParams({ token, start: start.toISOString(), durationMinutes: minutes });
  // A link the browser downloads (the API answers with a text/calendar attachment).
  const link = el("a", { href: `${base}/next-meeting.ics?${query}`, download: "next-meeting.ics", hidden: "" });
  document.body.append(link);
  link.click();
  link.remove();
  const when = new Intl.DateTimeFormat("en-US", { dateStyle: "full", timeStyle: "short" }).format(start);
  announce(calendarRegion, `Downloading the invitation for ${when}. Open it to add the meeting to your calendar.`, "success");
});

// ---------------------------------------------------------------- goals

const goalForm = /** @type {HTMLFormElement} */ ($("goal-form"));
const goalList = $("goal-list");
const goalsRegion = $("goals-status");

function renderGoals() {
  /** @type {any[]} */
  const goals = state.data.goals ?? [];
  $("goals-empty").hidden = goals.length > 0;
  goalList.hidden = goals.length === 0;
  const order = { open: 0, achieved: 1, dropped: 2 };
  const sorted = [...goals].sort((a, b) => (order[/** @type {keyof typeof order} */ (a.status)] ?? 3) - (order[/** @type {keyof typeof order} */ (b.status)] ?? 3) || String(a.createdAt).localeCompare(String(b.createdAt)));
  goalList.replaceChildren(...sorted.map(goalItem));
  $("goal-add").hidden = isReadOnly();
}

/** @param {any} goal */
function goalItem(goal) {
  const id = `goal-${goal.id}`;
  const editable = goal.status === "open" && !isReadOnly();
  const milestones = /** @type {{ id: string, title: string, done: boolean }[]} */ (goal.milestones ?? []);
  const doneCount = milestones.filter((milestone) => milestone.done).length;
  const progress = Math.max(0, Math.min(100, Number(goal.progress) || 0));

  const head = el("div", { class: "goal-head" }, [
    el("h3", { id: `${id}-title`, class: "goal-title", text: goal.title }),
    el("span", { class: `badge goal-${goal.status}`, text: GOAL_STATUS[/** @type {keyof typeof GOAL_STATUS} */ (goal.status)] ?? goal.status }),
  ]);
  /** @type {Node[]} */
  const parts = [head];
  if (goal.why) parts.push(el("p", { class: "goal-why prose", text: goal.why }));
  const meta = [goal.targetOn ? `Target: ${formatDay(goal.targetOn)}` : "No target date", milestones.length ? `${doneCount} of ${milestones.length} steps done` : ""].filter(Boolean);
  parts.push(el("p", { class: "small muted", text: meta.join(" · ") }));

  // Progress: a bar to read, and (while the goal is open) a slider to change it.
  const bar = el("progress", { max: "100", value: String(progress), "aria-labelledby": `${id}-progress-text` });
  parts.push(el("div", { class: "goal-progress" }, [bar, el("span", { id: `${id}-progress-text`, class: "small", text: `${progress}% done` })]));

  if (milestones.length) {
    parts.push(
      el(
        "ul",
        { class: "milestones", "aria-label": `Steps of “${goal.title}”` },
        milestones.map((milestone) => {
          const box = /** @type {HTMLInputElement} */ (el("input", { type: "checkbox", id: `${id}-m-${milestone.id}` }));
          box.checked = milestone.done;
          box.disabled = !editable;
          box.addEventListener("change", () => void toggleMilestone(goal, milestone.id, box));
          return el("li", { class: "check-row" }, [box, el("label", { for: box.id, text: milestone.title })]);
        }),
      ),
    );
  }

  if (editable) {
    const slider = /** @type {HTMLInputElement} */ (el("input", { type: "range", id: `${id}-progress`, min: "0", max: "100", step: "10", value: String(progress), "aria-describedby": `${id}-progress-value` }));
    const output = el("output", { id: `${id}-progress-value`, for: slider.id, text: `${progress}%` });
    slider.addEventListener("input", () => {
      output.textContent = `${slider.value}%`;
      slider.setAttribute("aria-valuetext", `${slider.value}%`);
    });
    const save = /** @type {HTMLButtonElement} */ (el("button", { type: "submit", class: "button secondary small", id: `${id}-progress-save`, text: "Save progress" }));
    const progressForm = el("form", { class: "goal-edit", "aria-label": `Progress of “${goal.title}”` }, [
      el("div", { class: "field" }, [el("label", { for: slider.id, text: "Progress" }), el("div", { class: "slider-row" }, [slider, output])]),
      save,
    ]);
    progressForm.addEventListener("submit", (event) => {
      event.preventDefault();
      void patchGoal(goal, { progress: Number(slider.value) }, save, `Progress of “${goal.title}” saved: ${slider.value}%.`, save.id);
    });
    const achieve = /** @type {HTMLButtonElement} */ (el("button", { type: "button", class: "button small", id: `${id}-achieve`, text: "Mark as achieved" }));
    achieve.addEventListener("click", () => void patchGoal(goal, { status: "achieved", progress: 100 }, achieve, `Well done! “${goal.title}” is achieved.`, `${id}-title`));
    parts.push(el("div", { class: "goal-actions" }, [progressForm, achieve]));
  } else if (goal.status === "achieved") {
    parts.push(el("p", { class: "small", text: `Achieved${goal.updatedAt ? ` on ${formatMoment(goal.updatedAt)}` : ""}.` }));
  }
  return el("li", { class: `goal goal-is-${goal.status}`, id }, parts);
}

/**
 * @param {any} goal @param {Record<string, unknown>} change @param {HTMLElement | null} control
 * @param {string} done what to say when it worked @param {string} focusId where focus goes after the list is redrawn
 */
async function patchGoal(goal, change, control, done, focusId) {
  if (control instanceof HTMLButtonElement) setBusy(control, true, "Saving…");
  else if (control instanceof HTMLInputElement) control.disabled = true;
  const result = await call("PATCH", `${base}/goals/${encodeURIComponent(goal.id)}`, change);
  if (control instanceof HTMLButtonElement) setBusy(control, false);
  else if (control instanceof HTMLInputElement) control.disabled = false;
  if (!result.ok) {
    if (!linkGone(result)) announce(goalsRegion, [result.problem.detail ?? "We couldn't save that change.", "Please try again."], "error");
    return false;
  }
  const saved = result.data.goal;
  state.data.goals = state.data.goals.map((/** @type {any} */ item) => (item.id === goal.id ? saved : item));
  renderGoals();
  announce(goalsRegion, done, "success");
  document.getElementById(focusId)?.focus();
  if (document.activeElement === document.body) focusHeading($(`goal-${goal.id}-title`));
  return true;
}

/** @param {any} goal @param {string} milestoneId @param {HTMLInputElement} box */
async function toggleMilestone(goal, milestoneId, box) {
  const milestones = goal.milestones.map((/** @type {any} */ m) => ({ id: m.id, title: m.title, done: m.id === milestoneId ? box.checked : m.done }));
  const title = goal.milestones.find((/** @type {any} */ m) => m.id === milestoneId)?.title ?? "";
  const ok = await patchGoal(goal, { milestones }, box, box.checked ? `Step done: “${title}”.` : `Step not done yet: “${title}”.`, box.id);
  if (!ok) box.checked = !box.checked;
}

goalForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const formRegion = $("goal-form-status");
  if (!validateForm(goalForm, formRegion)) return;
  const milestoneField = /** @type {HTMLTextAreaElement} */ ($("goal-milestones"));
  const milestones = milestoneField.value.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
  if (milestones.length > 10) {
    setFieldError(milestoneField, `At most 10 steps: you have ${milestones.length}. Combine some, or add them later.`);
    announce(formRegion, "Please fix the field marked below.", "error");
    milestoneField.focus();
    return;
  }
  const tooLong = milestones.find((title) => title.length > 120);
  if (tooLong) {
    setFieldError(milestoneField, `Keep each step under 120 characters: “${tooLong.slice(0, 40)}…” is longer.`);
    announce(formRegion, "Please fix the field marked below.", "error");
    milestoneField.focus();
    return;
  }
  const value = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ ($(id)).value.trim();
  const body = {
    title: value("goal-title"),
    ...(value("goal-why") ? { why: value("goal-why") } : {}),
    targetOn: value("goal-target") || null,
    milestones: milestones.map((title) => ({ title })),
  };
  const button = /** @type {HTMLButtonElement} */ ($("goal-submit"));
  setBusy(button, true, "Adding…");
  const result = await call("POST", `${base}/goals`, body);
  setBusy(button, false);
  if (!result.ok) {
    if (!linkGone(result)) showProblem(goalForm, formRegion, pointListsAt(result.problem, ["milestones"]));
    return;
  }
  const goal = result.data.goal;
  state.data.goals = [...state.data.goals, goal];
  goalForm.reset();
  clearAnnouncement(formRegion);
  /** @type {HTMLDetailsElement} */ ($("goal-add")).open = false;
  renderGoals();
  announce(goalsRegion, `Goal added: “${body.title}”. ${state.data.match.partner.firstName} sees it too.`, "success");
  focusHeading($(`goal-${goal.id}-title`));
});

// ---------------------------------------------------------------- check-ins

const checkinForm = /** @type {HTMLFormElement} */ ($("checkin-form"));
const ratingBox = $("checkin-rating");

function renderCheckins() {
  const { match } = state.data;
  /** @type {any[]} */
  const dayOf = (/** @type {any} */ checkin) => String(checkin.meetingOn ?? checkin.createdAt ?? "").slice(0, 10);
  const checkins = [...(state.data.checkins ?? [])].sort((a, b) => dayOf(b).localeCompare(dayOf(a)) || String(b.createdAt).localeCompare(String(a.createdAt)));
  $("checkins-empty").hidden = checkins.length > 0;
  $("checkin-list").hidden = checkins.length === 0;
  $("checkin-list").replaceChildren(...checkins.map((checkin) => checkinItem(checkin, match.partner.firstName)));
  $("checkin-add").hidden = isReadOnly();
}

/** @param {any} checkin @param {string} partnerName */
function checkinItem(checkin, partnerName) {
  const mine = checkin.author === "me";
  const who = mine ? "You" : partnerName;
  /** @type {Node[]} */
  const parts = [];
  if (checkin.outcome === "met") {
    const facts = [checkin.meetingOn ? formatDay(checkin.meetingOn) : formatMoment(checkin.createdAt), checkin.durationMinutes ? duration(checkin.durationMinutes) : "", checkin.mode ? modeLabel(checkin.mode) : ""].filter(Boolean);
    parts.push(el("p", { class: "checkin-head" }, [el("strong", { text: `Met: ${facts.join(" · ")}` }), " ", el("span", { class: `badge author-${mine ? "me" : "partner"}`, text: `Logged by ${who}` })]));
    if (checkin.rating) parts.push(el("p", { class: "small", text: `How it went: ${checkin.rating} out of 5 (${RATING_WORDS[checkin.rating] ?? ""})` }));
  } else {
    const text = checkin.outcome === "need_help" ? `${who} asked the coordinator for help` : `${who} answered: we haven't met yet`;
    parts.push(el("p", { class: "checkin-head" }, [el("strong", { text }), " ", el("span", { class: "small muted", text: `on ${formatMoment(checkin.createdAt)}` })]));
  }
  if (checkin.topics?.length) parts.push(el("p", { class: "small", text: `Topics: ${checkin.topics.join(", ")}` }));
  if (checkin.sharedNote) parts.push(el("p", { class: "prose quote", text: checkin.sharedNote }));
  if (mine && checkin.privateReflection) {
    parts.push(
      el("div", { class: "private-note" }, [
        el("p", { class: "private-label", text: "Your private reflection — only you can see this" }),
        el("p", { class: "prose", text: checkin.privateReflection }),
      ]),
    );
  }
  return el("li", { class: `checkin checkin-${checkin.outcome}` }, parts);
}

checkinForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const formRegion = $("checkin-form-status");
  clearFieldError(/** @type {any} */ (ratingBox));
  const valid = validateForm(checkinForm, formRegion);
  const rating = /** @type {HTMLInputElement | null} */ (checkinForm.querySelector('input[name="rating"]:checked'));
  if (!rating) {
    setFieldError(/** @type {any} */ (ratingBox), "Choose how it went, from 1 to 5.");
    if (valid) {
      announce(formRegion, "Please fix the field marked below.", "error");
      /** @type {HTMLInputElement} */ (checkinForm.querySelector('input[name="rating"]')).focus();
    }
    return;
  }
  if (!valid) return;
  const value = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ ($(id)).value.trim();
  const topics = value("checkin-topics").split(",").map((topic) => topic.trim()).filter(Boolean);
  const body = {
    meetingOn: value("checkin-date"),
    durationMinutes: Number(value("checkin-duration")),
    mode: value("checkin-mode"),
    topics,
    ...(value("checkin-note") ? { sharedNote: value("checkin-note") } : {}),
    ...(value("checkin-reflection") ? { privateReflection: value("checkin-reflection") } : {}),
    rating: Number(rating.value),
  };
  const button = /** @type {HTMLButtonElement} */ ($("checkin-submit"));
  setBusy(button, true, "Saving…");
  const result = await call("POST", `${base}/checkins`, body);
  setBusy(button, false);
  if (!result.ok) {
    if (linkGone(result)) return;
    const problem = pointListsAt(result.problem, ["topics"]);
    const ratingError = problem.errors?.find((item) => /(^|\.)rating$/.test(item.path));
    showProblem(checkinForm, formRegion, { ...problem, errors: problem.errors?.filter((item) => item !== ratingError) });
    if (ratingError) setFieldError(/** @type {any} */ (ratingBox), ratingError.message);
    return;
  }
  checkinForm.reset();
  clearAnnouncement(formRegion);
  /** @type {HTMLInputElement} */ ($("checkin-date")).value = localToday();
  /** @type {HTMLDetailsElement} */ ($("checkin-add")).open = false;
  // The next due date moves with a meeting: reload the whole portal.
  await refresh();
  announce($("checkins-status"), `Meeting logged: ${formatDay(body.meetingOn)}, ${duration(body.durationMinutes)}. Thank you!`, "success");
  focusHeading($("checkin-list-title"));
});

// ---------------------------------------------------------------- the open survey

/** The server's language list (as embed.js), names from Intl. */
const LANGUAGE_CODES = "sq am ar bn bs my zh hr cs nl en fa fr de el gu ht ha he hi hu id it ja km ko ms mr ne ps pl pt pa ro ru sr so es sw sv tl ta te th ti tr uk ur vi yo".split(" ");
const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const DAY_PARTS = ["morning", "afternoon", "evening"];
const LIST_TYPES = ["multiple_choice", "languages", "availability"];
const GROUP_TYPES = ["single_choice", "scale", ...LIST_TYPES];
const MAX_RADIOS = 6;
const INPUT_TYPES = { email: "email", phone: "tel", number: "number", date: "date" };
const MAX_LENGTHS = { short_text: 200, long_text: 4000, email: 254, phone: 20 };

/** @type {Map<string, { question: any, box: HTMLElement, target: HTMLElement }>} */
const surveyFields = new Map();
const surveyForm = /** @type {HTMLFormElement} */ ($("survey-form"));

function languageChoices() {
  /** @type {{ of: (code: string) => string | undefined }} */
  let names;
  try {
    names = new Intl.DisplayNames(["en"], { type: "language" });
  } catch {
    names = { of: (code) => code };
  }
  return LANGUAGE_CODES.map((code) => ({ value: code, label: names.of(code) ?? code })).sort((a, b) => a.label.localeCompare(b.label));
}

/** One question, as the enrollment form shows it: a labelled control, or a fieldset for a group. @param {any} question */
function surveyField(question) {
  const id = `sq-${question.key}`;
  const label = question.required ? question.label : `${question.label} (optional)`;
  const hintText = question.help ?? (question.type === "scale" ? "1 is the lowest, 5 the highest." : "");
  const hint = hintText ? el("span", { class: "hint", id: `${id}-hint`, text: hintText }) : null;
  const many = (question.choices ?? []).length > MAX_RADIOS;
  /** @type {HTMLElement} */ let box;
  /** @type {HTMLElement} */ let target;
  if (GROUP_TYPES.includes(question.type) && !(question.type === "single_choice" && many)) {
    target = box = el("fieldset", { class: "field question", id }, [el("legend", { class: "field-legend", text: label }), ...(hint ? [hint] : []), surveyGroup(question, id)]);
  } else if (question.type === "consent") {
    target = el("input", { type: "checkbox", id, name: id });
    box = el("div", { class: "field question" }, [el("div", { class: "check-row" }, [target, el("label", { for: id, text: label })]), ...(hint ? [hint] : [])]);
  } else {
    target = surveyControl(question, id);
    box = el("div", { class: "field question" }, [el("label", { for: id, text: label }), ...(hint ? [hint] : []), target]);
  }
  if (hint) target.setAttribute("aria-describedby", hint.id);
  surveyFields.set(question.key, { question, box, target });
  return box;
}

/** @param {any} question @param {string} id */
function surveyControl(question, id) {
  /** @type {Record<string, string>} */
  const attrs = { id, name: id };
  if (question.required) attrs["aria-required"] = "true";
  if (question.type === "single_choice") {
    return el("select", attrs, [el("option", { value: "", text: "Choose…" }), ...question.choices.map((/** @type {any} */ c) => el("option", { value: c.value, text: c.label }))]);
  }
  if (question.type === "long_text") return el("textarea", { ...attrs, rows: "4", maxlength: String(question.max ?? MAX_LENGTHS.long_text) });
  const type = INPUT_TYPES[/** @type {keyof typeof INPUT_TYPES} */ (question.type)] ?? "text";
  if (type === "number") {
    return el("input", { ...attrs, type, step: "any", ...(question.min !== undefined ? { min: String(question.min) } : {}), ...(question.max !== undefined ? { max: String(question.max) } : {}) });
  }
  const maxlength = question.max ?? MAX_LENGTHS[/** @type {keyof typeof MAX_LENGTHS} */ (question.type)];
  return el("input", { ...attrs, type, ...(maxlength ? { maxlength: String(maxlength) } : {}) });
}

/** Radios or checkboxes for choices, a 1–5 scale, languages, or the weekly availability grid. @param {any} question @param {string} id */
function surveyGroup(question, id) {
  if (question.type === "availability") return availabilityGrid(id);
  const isScale = question.type === "scale";
  const choices = question.type === "languages" ? languageChoices() : isScale ? [1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: String(n) })) : question.choices;
  const type = LIST_TYPES.includes(question.type) ? "checkbox" : "radio";
  return el(
    "div",
    { class: isScale ? "scale-options" : "choice-options" },
    choices.map((/** @type {any} */ choice, /** @type {number} */ index) =>
      el("div", { class: "check-row" }, [el("input", { type, id: `${id}-${index}`, name: id, value: String(choice.value) }), el("label", { for: `${id}-${index}`, text: String(choice.label) })]),
    ),
  );
}

/** @param {string} id */
function availabilityGrid(id) {
  const format = new Intl.DateTimeFormat("en-US", { weekday: "long", timeZone: "UTC" });
  const days = DAYS.map((_, i) => format.format(Date.UTC(2024, 0, 1 + i)));
  const partName = (/** @type {string} */ part) => part[0].toUpperCase() + part.slice(1);
  return el("table", { class: "availability" }, [
    el("thead", {}, [el("tr", {}, [el("th", { scope: "col" }, [el("span", { class: "sr-only", text: "Day" })]), ...DAY_PARTS.map((part) => el("th", { scope: "col", text: partName(part) }))])]),
    el(
      "tbody",
      {},
      DAYS.map((day, i) =>
        el("tr", {}, [
          el("th", { scope: "row", text: days[i] }),
          ...DAY_PARTS.map((part) => el("td", {}, [el("input", { type: "checkbox", name: id, value: `${day}_${part}`, "aria-label": `${days[i]}, ${partName(part)}` })])),
        ]),
      ),
    ),
  ]);
}

/** @param {Record<string, unknown>} answers */
function prefillSurvey(answers) {
  for (const { question, box } of surveyFields.values()) {
    const value = answers[question.key];
    if (value === undefined || value === null) continue;
    const values = [].concat(/** @type {any} */ (value)).map(String);
    for (const input of box.querySelectorAll("input, select, textarea")) {
      const control = /** @type {HTMLInputElement} */ (input);
      if (control.type === "checkbox" || control.type === "radio") control.checked = question.type === "consent" ? value === true : values.includes(control.value);
      else control.value = String(value);
    }
  }
}

function renderSurvey() {
  // A paused match answers no survey until it resumes.
  const survey = isPaused() ? null : state.data.survey;
  $("survey").hidden = !survey;
  $("nav-survey").hidden = !survey;
  if (!survey) {
    state.surveyKey = null;
    return;
  }
  $("survey-title").textContent = survey.title || "Survey";
  const answered = survey.response ? ` You answered on ${formatMoment(survey.response.updatedAt)}, and can change your answers until it closes.` : "";
  $("survey-meta").textContent = `Open until ${formatDay(survey.closesOn)}. Your coordinator reads the answers to see how pairs are doing.${answered}`;
  $("survey-submit").textContent = survey.response ? "Save changes" : "Send answers";
  // Drawn once per survey, so answers being typed survive a refresh of the page's data.
  if (state.surveyKey === survey.key) return;
  state.surveyKey = survey.key;
  surveyFields.clear();
  $("survey-questions").replaceChildren(...(survey.questions ?? []).map(surveyField));
  if (survey.response?.answers) prefillSurvey(survey.response.answers);
}

/** @param {any} question */
function missingMessage(question) {
  if (question.type === "consent") return "Check this box to continue.";
  if (LIST_TYPES.includes(question.type)) return "Choose at least one.";
  return question.type === "single_choice" || question.type === "scale" ? "Choose an answer." : "Enter an answer.";
}

/** @param {HTMLElement} target @param {string} message */
function markSurveyField(target, message) {
  setFieldError(/** @type {any} */ (target), message);
}

function clearSurveyErrors() {
  for (const { target } of surveyFields.values()) clearFieldError(/** @type {any} */ (target));
}

surveyForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const survey = state.data.survey;
  if (!survey) return;
  const surveyRegion = $("survey-status");
  clearSurveyErrors();
  const data = new FormData(surveyForm);
  /** @type {Record<string, unknown>} */
  const answers = {};
  /** @type {{ target: HTMLElement, message: string }[]} */
  const problems = [];
  for (const { question, target } of surveyFields.values()) {
    const name = `sq-${question.key}`;
    /** @type {unknown} */
    let value;
    if (LIST_TYPES.includes(question.type)) value = data.getAll(name).map(String);
    else if (question.type === "consent") value = data.has(name) ? true : undefined;
    else if (question.type === "scale" || question.type === "number") value = data.get(name) ? Number(data.get(name)) : undefined;
    else value = String(data.get(name) ?? "").trim() || undefined;
    const blank = value === undefined || (Array.isArray(value) && value.length === 0);
    if (!blank) answers[question.key] = value;
    else if (question.required) problems.push({ target, message: missingMessage(question) });
  }
  if (problems.length) {
    for (const problem of problems) markSurveyField(problem.target, problem.message);
    announce(surveyRegion, problems.length === 1 ? "Please answer the question marked below." : `Please answer the ${problems.length} questions marked below.`, "error");
    focusFirst(problems[0].target);
    return;
  }
  const button = /** @type {HTMLButtonElement} */ ($("survey-submit"));
  setBusy(button, true, "Saving…");
  const result = await call("PUT", `${base}/surveys/${encodeURIComponent(survey.key)}`, { answers });
  setBusy(button, false);
  if (!result.ok) {
    if (linkGone(result)) return;
    if (result.status === 409) {
      announce(surveyRegion, [result.problem.detail ?? "This survey is closed.", "Your earlier answers, if any, are kept."], "error");
      return;
    }
    /** @type {string[]} */
    const general = [];
    /** @type {HTMLElement | null} */
    let first = null;
    for (const item of result.problem.errors ?? []) {
      const key = /answers\.([^.]+)/.exec(item.path)?.[1];
      const field = key ? surveyFields.get(key) : undefined;
      if (field) {
        const text = item.message.trim();
        markSurveyField(field.target, `${text[0]?.toUpperCase() ?? ""}${text.slice(1)}${/[.!?]$/.test(text) ? "" : "."}`);
        first ??= field.target;
      } else general.push(item.message);
    }
    announce(surveyRegion, [result.problem.detail ?? "We couldn't save your answers.", ...(first ? ["Fix the answers marked below, then try again."] : []), ...general], "error");
    if (first) focusFirst(first);
    return;
  }
  state.data.survey = { ...survey, response: result.data.response };
  renderSurvey();
  announce(surveyRegion, `Thank you: your answers are saved. You can change them until ${formatDay(survey.closesOn)}.`, "success");
  focusHeading($("survey-title"));
});

/** @param {HTMLElement} target */
function focusFirst(target) {
  const control = target.matches("input, select, textarea") ? target : target.querySelector("input:checked, input, select, textarea");
  /** @type {HTMLElement | null} */ (control)?.focus();
}

// ---------------------------------------------------------------- email preferences

const preferencesForm = /** @type {HTMLFormElement} */ ($("preferences-form"));
const allBox = /** @type {HTMLInputElement} */ ($("pref-all"));

/** @param {string} kind */
const prefId = (kind) => `pref-${kind.replace(/[^a-z0-9]+/gi, "-")}`;

function renderPreferences() {
  const prefs = state.prefs;
  $("preferences").hidden = !prefs;
  if (!prefs) return;
  /** @type {string[]} */
  const off = prefs.unsubscribed ?? [];
  const all = off.includes("all");
  $("preference-options").replaceChildren(
    ...(prefs.kinds ?? []).map((/** @type {{ value: string, label: string }} */ kind) => {
      const box = /** @type {HTMLInputElement} */ (el("input", { type: "checkbox", id: prefId(kind.value), name: "kind", value: kind.value }));
      box.checked = !all && !off.includes(kind.value);
      box.disabled = all;
      return el("div", { class: "check-row" }, [box, el("label", { for: box.id, text: kind.label })]);
    }),
  );
  allBox.checked = all;
}

allBox.addEventListener("change", () => {
  for (const box of preferencesForm.querySelectorAll('input[name="kind"]')) {
    const input = /** @type {HTMLInputElement} */ (box);
    input.disabled = allBox.checked;
    if (allBox.checked) input.checked = false;
    else if (!state.prefs?.unsubscribed?.includes(input.value) || state.prefs?.unsubscribed?.includes("all")) input.checked = true;
  }
});

preferencesForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const prefRegion = $("preferences-status");
  const unsubscribed = allBox.checked
    ? ["all"]
    : [...preferencesForm.querySelectorAll('input[name="kind"]')].filter((box) => !(/** @type {HTMLInputElement} */ (box).checked)).map((box) => /** @type {HTMLInputElement} */ (box).value);
  const button = /** @type {HTMLButtonElement} */ ($("preferences-save"));
  setBusy(button, true, "Saving…");
  const result = await call("PUT", `${base}/preferences`, { unsubscribed });
  setBusy(button, false);
  if (!result.ok) {
    if (!linkGone(result)) announce(prefRegion, [result.problem.detail ?? "We couldn't save your email settings.", "Please try again."], "error");
    return;
  }
  state.prefs = result.data;
  renderPreferences();
  const message = unsubscribed.includes("all")
    ? "Saved: we won't send you reminder emails. You can still come here any time."
    : unsubscribed.length === 0
      ? "Saved: you get every reminder."
      : `Saved: you won't get ${unsubscribed.length === 1 ? "that reminder" : `those ${unsubscribed.length} reminders`}.`;
  announce(prefRegion, message, "success");
});

// ---------------------------------------------------------------- closing early, and a closed match

const closeForm = /** @type {HTMLFormElement} */ ($("close-form"));

closeForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const closeRegion = $("close-status");
  if (!validateForm(closeForm, closeRegion)) return;
  const reason = /** @type {HTMLSelectElement} */ ($("close-reason")).value;
  const note = /** @type {HTMLTextAreaElement} */ ($("close-note")).value.trim();
  const partner = state.data.match.partner.firstName;
  const sure = await confirmAction({
    title: `End your match with ${partner}?`,
    body: [`Reason: ${reasonLabel(reason)}.`, `${partner} and your coordinator are told, and you both get a short closing survey. This can't be undone here: to continue, ask your coordinator.`],
    ok: "Yes, end the match",
  });
  if (!sure) return;
  const button = /** @type {HTMLButtonElement} */ ($("close-submit"));
  setBusy(button, true, "Ending…");
  const result = await call("POST", `${base}/close`, { reason, ...(note ? { note } : {}) });
  setBusy(button, false);
  if (!result.ok) {
    if (!linkGone(result)) showProblem(closeForm, closeRegion, result.problem);
    return;
  }
  closeForm.reset();
  await refresh();
  announce(region, `Your match with ${partner} has ended. Thank you for taking part. Check your email for a short closing survey.`, "success");
  focusHeading($("title"));
});

function renderClosed() {
  const { match } = state.data;
  const closed = isClosed();
  const note = $("closed-note");
  note.hidden = !closed;
  if (closed) {
    const when = match.closedAt ? ` on ${formatMoment(match.closedAt)}` : "";
    const why = match.closeReason ? ` (${reasonLabel(match.closeReason)})` : "";
    note.textContent = `This match ended${when}${why}. You can still read everything here${state.data.survey ? " and answer the survey below" : ""}.`;
  }
  $("close").hidden = closed || isPaused();
  renderPaused();
}

/** The paused match's banner, above everything else in the space (made once, then shown or hidden). */
function renderPaused() {
  let banner = document.getElementById("paused-note");
  if (!banner) {
    banner = el("p", { id: "paused-note", class: "warning", hidden: "" });
    $("closed-note").before(banner);
  }
  const paused = isPaused();
  banner.hidden = !paused;
  if (paused) {
    const since = state.data.match.paused.since ? ` since ${formatMoment(state.data.match.paused.since)}` : "";
    banner.textContent = `This match is paused${since} while the program's coordinator follows up. Nothing can be added until it resumes; you can still read everything here.`;
  }
}

// ---------------------------------------------------------------- forms filled once from the first answer

/** @param {any} data */
function prepareForms(data) {
  const today = localToday();
  const checkinDate = /** @type {HTMLInputElement} */ ($("checkin-date"));
  checkinDate.value = today;
  checkinDate.max = today;
  checkinDate.setAttribute("aria-describedby", "checkin-date-hint");
  checkinDate.after(el("span", { id: "checkin-date-hint", class: "hint", text: "Today or earlier." }));

  const modeSelect = $("checkin-mode");
  modeSelect.replaceChildren(...(data.meetingModes ?? []).map((/** @type {any} */ mode) => el("option", { value: mode.value, text: mode.label })));

  $("checkin-rating-options").replaceChildren(
    ...[1, 2, 3, 4, 5].map((n) => el("div", { class: "check-row" }, [el("input", { type: "radio", name: "rating", id: `checkin-rating-${n}`, value: String(n) }), el("label", { for: `checkin-rating-${n}`, text: `${n} — ${RATING_WORDS[n]}` })])),
  );

  const reasonSelect = $("close-reason");
  reasonSelect.replaceChildren(
    el("option", { value: "", text: "Choose a reason…" }),
    ...(data.closeReasons ?? []).filter((/** @type {any} */ reason) => reason.value !== "completed").map((/** @type {any} */ reason) => el("option", { value: reason.value, text: reason.label })),
  );

  // The next meeting: when the program expects it, else in a week.
  const due = data.nextCheckinDueOn && data.nextCheckinDueOn >= today ? data.nextCheckinDueOn : localToday(7);
  const calendarDate = /** @type {HTMLInputElement} */ ($("calendar-date"));
  calendarDate.value = due;
  calendarDate.min = today;
}

void load().catch(() => announce(region, "The page could not load. Reload to try again.", "error"));
