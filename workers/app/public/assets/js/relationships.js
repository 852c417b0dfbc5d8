/**
 * relationships.html?tenant=<slug>&program=<program>: a coordinator's "Pairs"
 * page. How many pairs are on track, need attention or are at risk; every pair
 * most at risk first, with why, days since they last met, whether a support
 * contact is due, and open calls for help. A pair's details open in a dialog:
 * goals, meetings (never private reflections: the API has none), survey
 * answers and support contacts, with forms to log a contact, resolve a call
 * for help, and close the match. Below the pairs: the reminder emails sent
 * about the program (to whom, when, and why each reminder was due), with a
 * warning panel when some could not be sent; a pair's dialog lists those sent
 * to its two people. A second dialog holds the program's survey calendar
 * settings and first-meeting prompt, with the calendar they give.
 * Safeguarding (issue #8): a support contact says who was reached (the
 * guardian too in youth programs); closing records the closure conversation
 * and each person's next step (re-match or leave), which can also be
 * completed after closing; paused pairs (a guardian withdrew consent) are
 * marked as such.
 */
import { $, announce, api, clearAnnouncement, clearFormErrors, el, setBusy, setFieldError, showProblem, validateForm } from "./lib.js";
import { formatDay, formatMoment, loadProgramPageSession, pageParams, plural, programApi, programPage, showPageFailure, tenantApi, wireSignOut } from "./admin-lib.js";

const { tenant, program: programSlug } = pageParams();
const region = $("status");
const listRegion = $("list-status");
const detailRegion = $("detail-status");

/**
 * @typedef {{ id: string, firstName: string, lastName: string }} Person
 * @typedef {{ code: string, message: string }} Reason
 * @typedef {{ status: string, reasons: Reason[], daysSinceCheckin: number | null }} Health
 * @typedef {{ lastContactOn: string | null, due: boolean, dueOn: string, daysOverdue: number, waitingOn?: string[] }} Support
 * @typedef {{ since: string, reason: string }} Paused
 * @typedef {{ id: string, status: string, startedAt: string, closedAt: string | null, closeReason: string | null, closureComplete?: boolean | null, paused?: Paused | null, mentor: Person, mentee: Person, health: Health, lastCheckinAt: string | null, openHelpRequests: number, support: Support, agreement: { mentor: boolean, mentee: boolean }, goals: { open: number, achieved: number } }} PairRow
 */

const state = {
  /** @type {"active" | "closed"} */ show: "active",
  /** @type {{ slug: string, name: string, checkinCadenceDays: number } | null} */ program: null,
  /** @type {PairRow[]} */ matches: [],
  /** @type {string | null} */ openId: null,
  /** @type {any} */ detail: null,
  /** Everyone in the pairs seen so far, by application id: reminder failures name only an id. @type {Map<string, { name: string, role: string }>} */ people: new Map(),
  /** The settings as last loaded or saved. @type {any} */ settings: null,
};

// ---------------------------------------------------------------- words

const HEALTH = {
  at_risk: { label: "At risk", mark: "▲", meaning: "No check-in for twice the cadence, or two low pulse answers in a row." },
  needs_attention: { label: "Needs attention", mark: "●", meaning: "No check-in for one and a half times the cadence, or a pulse answer of 2 or less." },
  on_track: { label: "On track", mark: "✓", meaning: "Meeting on cadence, and pulse answers above 2." },
};

/** Why a match may close (the API's list); `completed` is for a match that ran its course. */
const CLOSE_REASONS = [
  { value: "completed", label: "Completed with the program" },
  { value: "schedule_conflict", label: "We could not find time to meet" },
  { value: "lost_contact", label: "We lost contact" },
  { value: "not_a_good_fit", label: "Not a good fit" },
  { value: "personal_circumstances", label: "Personal circumstances" },
  { value: "left_program", label: "Left the program" },
  { value: "goals_met_early", label: "Goals met early" },
  { value: "safeguarding_concern", label: "A safety or wellbeing concern" },
  { value: "other", label: "Other" },
];

/** What each reminder kind is about, as a title for one email. */
const REMINDER_TITLES = {
  "checkin.due": "Check-in reminder",
  "agreement.unacknowledged": "Agreement reminder",
  "goal.target_near": "Goal due soon",
  "survey.open": "Survey invitation",
  "survey.closing": "Survey closing soon",
  "support.overdue": "Support contact due",
  "program.starting": "Program starting",
  "program.ending": "Program ending",
  "self_match.unanswered": "Mentor request waiting",
};

const MODES = { in_person: "In person", video: "Video call", phone: "Phone call", chat: "Chat or messages" };
/** Why a pair is paused, as the badge says it. */
const PAUSE_REASONS = { guardian_consent_withdrawn: "guardian consent withdrawn" };
/** What comes next for a person after a closure. */
const NEXT_STEPS = { rematch: "Re-match", exit: "Leaves the program" };
const PARTY_NAMES = { mentor: "mentor", mentee: "mentee", guardian: "guardian" };

/** "Paused — guardian consent withdrawn". @param {Paused} paused */
const pausedLabel = (paused) => `Paused — ${PAUSE_REASONS[/** @type {keyof typeof PAUSE_REASONS} */ (paused.reason)] ?? String(paused.reason).replace(/_/g, " ")}`;
/** @param {Paused} paused */
const pausedBadge = (paused) => el("span", { class: "badge paused", text: pausedLabel(paused) });
const GOAL_STATUS = { open: "In progress", achieved: "Achieved", dropped: "Dropped" };

/** @param {Person | null | undefined} person */
const nameOf = (person) => (person ? `${person.firstName ?? ""} ${person.lastName ?? ""}`.trim() || "Someone" : "Someone no longer in the program");
/** @param {PairRow | any} match */
const pairName = (match) => `${nameOf(match.mentee)} and ${nameOf(match.mentor)}`;
/** @param {string | null | undefined} value */
const reasonLabel = (value) => (value ? (closeReasons().find((reason) => reason.value === value)?.label ?? value.replace(/_/g, " ")) : "");
/** @param {string} status */
const healthOf = (status) => HEALTH[/** @type {keyof typeof HEALTH} */ (status)] ?? { label: status, mark: "", meaning: "" };

function closeReasons() {
  const fromApi = state.detail?.closeReasons;
  return Array.isArray(fromApi) && fromApi.length ? fromApi : CLOSE_REASONS;
}

/** Today on the reader's calendar, `YYYY-MM-DD`. */
function localToday() {
  const date = new Date();
  const pad = (/** @type {number} */ n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

const dateTime = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short" });
/** A moment as the reader's clock shows it: "Mar 14, 2026, 10:02 AM". @param {string | null | undefined} iso */
function formatDateTime(iso) {
  const date = new Date(iso ?? "");
  return Number.isNaN(date.getTime()) ? (iso ?? "") : dateTime.format(date);
}

/** @param {HTMLElement} heading */
function focusHeading(heading) {
  heading.tabIndex = -1;
  heading.focus();
}

/** @param {string} status */
function healthBadge(status) {
  const health = healthOf(status);
  return el("span", { class: `badge health health-${status}` }, [el("span", { "aria-hidden": "true", text: `${health.mark} ` }), health.label]);
}

/** "Overdue by 3 days", "Due now", "Next by Oct 4". @param {Support | undefined} support */
function supportText(support) {
  if (!support) return { text: "—", overdue: false };
  if (support.due && support.daysOverdue > 0) return { text: `Overdue by ${plural(support.daysOverdue, "day")}`, overdue: true };
  if (support.due) return { text: "Due now", overdue: true };
  return { text: `Next by ${formatDay(support.dueOn)}`, overdue: false };
}

// ---------------------------------------------------------------- the page

/** @param {string} title @param {string} detail @param {Array<string | Node>} next */
const fail = (title, detail, next) => showPageFailure(region, title, detail, next);

async function load() {
  const session = await loadProgramPageSession({ tenant, program: programSlug, region, page: "relationships.html", openFrom: "open Pairs from the program's page", what: "the pairs" });
  if (!session) return;
  const { membership, overview } = session;

  const result = await fetchList();
  if (!result.ok) {
    if (result.status === 404) {
      fail("We couldn't find this program", result.problem.detail ?? "There is no such program.", ["check the link, or pick the program from ", el("a", { href: overview, text: membership.name ?? tenant }), "."]);
    } else if (result.status === 403) {
      fail("Pairs are for the program's coordinators", result.problem.detail ?? "Your role can't see this program's pairs.", [
        "ask an administrator of ",
        el("a", { href: overview, text: membership.name ?? tenant }),
        " to add you as a coordinator of this program.",
      ]);
    } else {
      announce(region, [result.problem.detail ?? "We couldn't load the pairs."], "error");
      $("retry-row").hidden = false;
    }
    return;
  }
  takeList(result.data);
  const program = state.program;
  document.title = `Pairs — ${program?.name ?? programSlug} — Tandem`;
  $("title").textContent = `Pairs: ${program?.name ?? programSlug}`;
  $("crumb-program").textContent = program?.name ?? programSlug;
  $("crumb-program").setAttribute("href", programPage(tenant, programSlug));
  $("breadcrumbs").hidden = false;
  $("lead").hidden = false;
  clearAnnouncement(region);
  $("page").hidden = false;
  void loadReminders();
  // A link to one pair (the "needs help" email names it) opens its details.
  const wanted = new URLSearchParams(location.search).get("match");
  if (wanted && /^[A-Za-z0-9_-]{1,100}$/.test(wanted)) {
    const button = document.querySelector(`button[data-open="${CSS.escape(wanted)}"]`);
    await openDetail(wanted, button instanceof HTMLElement ? button : null);
  }
}

function fetchList() {
  return api("GET", `${programApi(tenant, programSlug)}/relationships?status=${state.show}`);
}

/** @param {any} data */
function takeList(data) {
  state.program = data.program ?? state.program;
  state.matches = data.matches ?? [];
  for (const match of state.matches) {
    for (const role of /** @type {const} */ (["mentor", "mentee"])) if (match[role]?.id) state.people.set(match[role].id, { name: nameOf(match[role]), role });
  }
  renderCounts(data.counts ?? {});
  renderRows();
}

/** Reloads the list (after a change in the dialog, or the Active/Closed switch). */
async function refreshList() {
  const result = await fetchList();
  if (!result.ok) {
    announce(listRegion, [result.problem.detail ?? "We couldn't load the pairs.", "Reload the page to try again."], "error");
    return false;
  }
  takeList(result.data);
  return true;
}

/** @param {Record<string, number>} counts */
function renderCounts(counts) {
  const cadence = state.program?.checkinCadenceDays;
  /** @type {[string, number, string, string][]} */
  const figures = [
    ["at_risk", counts.at_risk ?? 0, "At risk", "Reach out first"],
    ["needs_attention", counts.needs_attention ?? 0, "Needs attention", "Check in with them soon"],
    ["on_track", counts.on_track ?? 0, "On track", "Meeting as planned"],
    ["support", counts.supportOverdue ?? 0, "Support contact due", "Someone in the pair not reached on time"],
    ["help", counts.helpRequested ?? 0, "Asked for help", "Waiting for your answer"],
    ["closed", counts.closed ?? 0, "Closed", "Kept for reports"],
  ];
  // Only where it happens (youth programs): pairs paused because a guardian withdrew consent.
  if ((counts.paused ?? 0) > 0) figures.splice(5, 0, ["paused", counts.paused ?? 0, "Paused", "A guardian withdrew consent"]);
  $("counts").replaceChildren(
    ...figures.map(([key, value, label, hint]) =>
      el("div", { class: `figure figure-${key}${value > 0 && ["at_risk", "needs_attention", "support", "help", "paused"].includes(key) ? " figure-alert" : ""}` }, [
        el("dt", {}, [key in HEALTH ? healthBadge(key) : el("span", { text: label })]),
        el("dd", {}, [el("span", { class: "figure-value", text: value.toLocaleString("en-US") }), el("span", { class: "figure-hint", text: hint })]),
      ]),
    ),
  );
  $("health-rules").textContent = `Pairs in this program are expected to meet every ${cadence ? plural(cadence, "day") : "few weeks"}. ${HEALTH.needs_attention.label}: ${HEALTH.needs_attention.meaning.toLowerCase()} ${HEALTH.at_risk.label}: ${HEALTH.at_risk.meaning.toLowerCase()}`;
}

function renderRows() {
  const matches = state.matches;
  const closed = state.show === "closed";
  $("pairs-title").textContent = closed ? "Closed pairs" : "Active pairs, most at risk first";
  $("pairs-caption").textContent = closed ? `Closed pairs (${matches.length})` : `Active pairs, most at risk first (${matches.length})`;
  const empty = $("pairs-empty");
  empty.hidden = matches.length > 0;
  $("pairs-wrap").hidden = matches.length === 0;
  if (matches.length === 0) {
    empty.replaceChildren(
      ...(closed
        ? [el("p", { class: "empty-title", text: "No closed pairs yet." }), el("p", { text: "Matches that end early or at the program's end appear here." })]
        : [
            el("p", { class: "empty-title", text: "No active pairs yet." }),
            el("p", {}, ["Pairs appear here once you approve matches on the ", el("a", { href: `/matching.html?tenant=${encodeURIComponent(tenant)}&program=${encodeURIComponent(programSlug)}`, text: "matching page" }), "."]),
          ]),
    );
  }
  $("pair-rows").replaceChildren(...matches.map(pairRow));
}

/** @param {PairRow} match */
function pairRow(match) {
  const support = supportText(match.support);
  const days = match.health?.daysSinceCheckin;
  const agreement = match.agreement ?? { mentor: false, mentee: false };
  const agreed = agreement.mentor && agreement.mentee ? "Both agreed" : agreement.mentor ? "Mentor agreed; mentee not yet" : agreement.mentee ? "Mentee agreed; mentor not yet" : "Neither has agreed yet";
  const open = el("button", { type: "button", class: "button secondary small", "data-open": match.id, "aria-label": `Details of ${pairName(match)}`, text: "Details" });
  const healthCell =
    match.status === "closed"
      ? [
          el("span", { class: "badge health health-closed", text: "Closed" }),
          ...(match.closureComplete === false ? [" ", el("span", { class: "badge support-due", text: "Closure to complete" })] : []),
          el("p", { class: "small", text: `${match.closedAt ? `On ${formatMoment(match.closedAt)}` : ""}${match.closeReason ? ` · ${reasonLabel(match.closeReason)}` : ""}` }),
        ]
      : [
          ...(match.paused ? [pausedBadge(match.paused), el("p", { class: "small", text: `Since ${formatMoment(match.paused.since)}` })] : []),
          healthBadge(match.health?.status ?? "on_track"),
          el("ul", { class: "reasons small" }, (match.health?.reasons ?? []).map((reason) => el("li", { text: reason.message }))),
        ];
  return el("tr", { "data-match": match.id, "data-health": match.status === "closed" ? "closed" : (match.health?.status ?? ""), ...(match.paused ? { "data-paused": "true" } : {}) }, [
    el("th", { scope: "row" }, [
      el("span", { class: "person-name", text: nameOf(match.mentee) }),
      el("span", { class: "person-meta", text: `mentee, with ${nameOf(match.mentor)} (mentor)` }),
      el("span", { class: "person-meta", text: `Since ${formatMoment(match.startedAt)}` }),
    ]),
    el("td", { class: "health-cell" }, healthCell),
    el("td", {}, [
      el("span", { class: "cell-main", text: match.lastCheckinAt ? (days === 0 ? "Today" : days === 1 ? "Yesterday" : `${days ?? "?"} days ago`) : "None yet" }),
      ...(match.lastCheckinAt ? [el("span", { class: "person-meta", text: formatMoment(match.lastCheckinAt) })] : days !== null && days !== undefined ? [el("span", { class: "person-meta", text: `${plural(days, "day")} since the start` })] : []),
    ]),
    el("td", {}, [
      support.overdue ? el("span", { class: "badge support-due", text: support.text }) : el("span", { class: "cell-main", text: support.text }),
      el("span", { class: "person-meta", text: match.support?.lastContactOn ? `Last: ${formatDay(match.support.lastContactOn)}` : "No contact yet" }),
      // Each of the pair (and a youth program's guardian) has its own rhythm: say who a due contact must reach.
      ...(support.overdue && match.support?.lastContactOn && match.support.waitingOn?.length ? [el("span", { class: "person-meta", text: `To reach: ${partiesText(match.support.waitingOn)}` })] : []),
    ]),
    el("td", {}, [match.openHelpRequests > 0 ? el("span", { class: "badge help-open", text: `${plural(match.openHelpRequests, "open request")}` }) : el("span", { class: "muted", text: "None" })]),
    el("td", {}, [el("span", { class: "cell-main", text: agreed }), el("span", { class: "person-meta", text: `Goals: ${match.goals?.open ?? 0} in progress, ${match.goals?.achieved ?? 0} achieved` })]),
    el("td", {}, [open]),
  ]);
}

$("pair-rows").addEventListener("click", (event) => {
  const button = /** @type {HTMLElement} */ (event.target).closest("button[data-open]");
  if (button instanceof HTMLButtonElement) void openDetail(button.dataset.open ?? "", button);
});

for (const radio of document.querySelectorAll('input[name="show"]')) {
  radio.addEventListener("change", async () => {
    state.show = /** @type {HTMLInputElement} */ (radio).value === "closed" ? "closed" : "active";
    announce(listRegion, [el("p", {}, [el("span", { class: "spinner", "aria-hidden": "true" }), ` Loading ${state.show} pairs…`])]);
    if (await refreshList()) announce(listRegion, `Showing ${plural(state.matches.length, `${state.show} pair`)}.`, "info", { quiet: true });
  });
}

// ---------------------------------------------------------------- reminders sent, and those that failed

/**
 * @typedef {{ key: string, kind: string, kindLabel: string, reason: string, status: string }} DeliveryItem
 * @typedef {{ key: string, recipient: { id: string, role: string, name: string | null, email: string | null }, status: string, attempts: number, reason: string, createdAt: string, sentAt: string | null, items: DeliveryItem[] }} Delivery
 * @typedef {{ id: string, kind: string | null, reason: string, attempts: number, failedAt: string, localDate: string | null, recipient: { id: string, role: string, email: string | null } | null, items: { kind: string, kindLabel: string }[] }} Failure
 */

const REMINDER_LIMIT = 50;
const remindersRegion = $("reminders-status");

/** "Check-in reminder"; a kind this page does not know reads as the API's label. @param {{ kind: string, kindLabel?: string }} item */
function reminderTitle(item) {
  const known = REMINDER_TITLES[/** @type {keyof typeof REMINDER_TITLES} */ (item.kind)];
  if (known) return known;
  const label = item.kindLabel || item.kind;
  return label.charAt(0).toUpperCase() + label.slice(1);
}

/** What an email was about: its one reminder, or how many it carried. @param {{ kind: string, kindLabel?: string }[]} items */
function emailAbout(items) {
  if (items.length === 0) return "Reminder email";
  if (items.length === 1) return reminderTitle(items[0]);
  return `${items.length} reminders in one email`;
}

/** @param {string} iso */
const timeEl = (iso) => el("time", { datetime: iso, text: formatDateTime(iso) });

/** One reminder email: what it was about, to whom, when, and why each reminder in it was due. @param {Delivery} delivery */
function deliveryEntry(delivery) {
  const items = delivery.items ?? [];
  const who = delivery.recipient?.name || delivery.recipient?.email || "Someone no longer in the program";
  const when = delivery.sentAt ?? delivery.createdAt;
  /** @type {Node[]} */
  const why =
    items.length > 1
      ? [el("ul", { class: "reminder-items" }, items.map((item) => el("li", {}, [el("strong", { text: `${reminderTitle(item)}: ` }), item.reason])))]
      : [el("p", { class: "reminder-why" }, [el("strong", { text: "Why: " }), items[0]?.reason || delivery.reason])];
  return el("li", { class: "reminder", "data-reminder": delivery.key }, [
    el("p", { class: "reminder-head" }, [
      el("strong", { class: "reminder-subject", text: emailAbout(items) }),
      ...(delivery.status === "sending" ? [" ", el("span", { class: "badge support-due", text: `Not confirmed yet: being retried (attempt ${delivery.attempts})` })] : []),
    ]),
    el("p", { class: "person-meta" }, [
      `To ${who} (${delivery.recipient?.role ?? "someone"})`,
      ...(delivery.recipient?.name && delivery.recipient.email ? [`, ${delivery.recipient.email}`] : []),
      " · ",
      delivery.sentAt ? "sent " : "queued ",
      timeEl(when),
    ]),
    ...why,
  ]);
}

/** One reminder email that failed for good. @param {Failure} failure */
function failureEntry(failure) {
  const items = failure.items ?? [];
  const recipient = failure.recipient;
  const known = recipient ? state.people.get(recipient.id) : undefined;
  const who = recipient ? `${known?.name ?? recipient.email ?? "someone no longer in the program"} (${recipient.role})${known && recipient.email ? `, ${recipient.email}` : ""}` : "an unknown recipient";
  return el("li", { class: "reminder", "data-failure": failure.id }, [
    el("p", { class: "reminder-head" }, [
      el("strong", { class: "reminder-subject", text: items.length ? items.map(reminderTitle).join(", ") : emailAbout(items) }),
      " ",
      el("span", { class: "badge help-open", text: "Not sent" }),
    ]),
    el("p", { class: "person-meta" }, [`To ${who} · failed `, timeEl(failure.failedAt), ` after ${plural(failure.attempts, "attempt")}`, ...(failure.localDate ? [` (for ${formatDay(failure.localDate)})`] : [])]),
    el("p", { class: "reminder-why" }, [el("strong", { text: "Reason: " }), failure.reason || "not recorded"]),
  ]);
}

/** The reminders sent about this program, and the warning panel when reminder emails failed. */
async function loadReminders() {
  announce(remindersRegion, [el("p", {}, [el("span", { class: "spinner", "aria-hidden": "true" }), " Loading the reminders sent…"])]);
  const [sent, failed] = await Promise.all([
    api("GET", `${tenantApi(tenant)}/reminders/deliveries?program=${encodeURIComponent(programSlug)}&limit=${REMINDER_LIMIT}`),
    api("GET", `${tenantApi(tenant)}/reminders/failures`),
  ]);
  renderFailures(failed.ok ? (failed.data.failures ?? []) : []);
  if (!sent.ok) {
    $("reminders-empty").hidden = true;
    $("reminder-list").replaceChildren();
    announce(remindersRegion, [sent.problem.detail ?? "We couldn't load the reminders sent.", "Reload the page to try again."], "error");
    return;
  }
  clearAnnouncement(remindersRegion);
  /** @type {Delivery[]} */
  const deliveries = sent.data.deliveries ?? [];
  $("reminders-empty").hidden = deliveries.length > 0;
  $("reminder-list").replaceChildren(...deliveries.map(deliveryEntry));
  $("reminders-more").hidden = deliveries.length < REMINDER_LIMIT;
  $("reminders-more").textContent = `Showing the latest ${REMINDER_LIMIT} emails. A pair's details list every email sent to its two people.`;
}

/** Only reminder emails: other jobs' failures are the administrators' (and name no program). @param {Failure[]} failures */
function renderFailures(failures) {
  const reminders = failures.filter((failure) => failure.kind === "reminders.deliver");
  $("failures").hidden = reminders.length === 0;
  $("failures-title").textContent = `${plural(reminders.length, "reminder email")} could not be sent`;
  $("failures-lead").textContent =
    "Tandem tried each of these several times, then gave up. Reminders that are still due are planned again on the next run; if one keeps failing, check the person's email address. The list covers every program you run.";
  $("failure-list").replaceChildren(...reminders.map(failureEntry));
}

// ---------------------------------------------------------------- one pair, in a dialog

const dialog = /** @type {HTMLDialogElement} */ ($("detail-dialog"));
const supportForm = /** @type {HTMLFormElement} */ ($("support-form"));
const closeForm = /** @type {HTMLFormElement} */ ($("close-form"));
const closureForm = /** @type {HTMLFormElement} */ ($("closure-form"));
/** @type {HTMLElement | null} */
let opener = null;

/** @param {string} id @param {HTMLElement | null} from the button that opened it (focus returns there) */
async function openDetail(id, from) {
  opener = from;
  if (from instanceof HTMLButtonElement) setBusy(from, true, "Opening…");
  const result = await loadDetail(id);
  if (from instanceof HTMLButtonElement) setBusy(from, false);
  if (!result) return;
  clearAnnouncement(detailRegion);
  clearFormErrors(supportForm);
  clearFormErrors(closeForm);
  clearFormErrors(closureForm);
  clearAnnouncement($("support-status"));
  clearAnnouncement($("close-status"));
  clearAnnouncement($("closure-status"));
  supportForm.reset();
  closeForm.reset();
  hideCloseConfirm();
  fillClosureForm();
  const date = /** @type {HTMLInputElement} */ ($("support-date"));
  date.value = localToday();
  for (const id of ["support-date", "close-conversation-on", "closure-conversation-on"]) /** @type {HTMLInputElement} */ ($(id)).max = localToday();
  dialog.showModal();
  focusHeading($("detail-title"));
  void loadPairReminders(id);
}

/** The reminder emails sent to the pair's two people about this program, newest first. @param {string} id */
async function loadPairReminders(id) {
  const { mentor, mentee } = detailParts();
  const status = $("pair-reminders-status");
  $("pair-reminders-empty").hidden = true;
  $("pair-reminder-list").replaceChildren();
  announce(status, [el("p", {}, [el("span", { class: "spinner", "aria-hidden": "true" }), " Loading the reminders sent to them…"])]);
  const results = await Promise.all(
    [mentor?.id, mentee?.id]
      .filter(Boolean)
      .map((person) => api("GET", `${tenantApi(tenant)}/reminders/deliveries?program=${encodeURIComponent(programSlug)}&recipient=${encodeURIComponent(person)}&limit=${REMINDER_LIMIT}`)),
  );
  if (state.openId !== id) return;
  const failed = results.find((result) => !result.ok);
  if (failed && !failed.ok) {
    announce(status, [failed.problem.detail ?? "We couldn't load the reminders sent to them."], "error");
    return;
  }
  clearAnnouncement(status);
  /** @type {Delivery[]} */
  const deliveries = results.flatMap((result) => (result.ok ? (result.data.deliveries ?? []) : [])).sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
  $("pair-reminders-empty").hidden = deliveries.length > 0;
  $("pair-reminder-list").replaceChildren(...deliveries.map(deliveryEntry));
}

/** @param {string} id */
async function loadDetail(id) {
  const result = await api("GET", `${tenantApi(tenant)}/matches/${encodeURIComponent(id)}`);
  if (!result.ok) {
    announce(listRegion, [result.problem.detail ?? "We couldn't open this pair.", "Reload the page to try again."], "error");
    return false;
  }
  state.openId = id;
  state.detail = result.data;
  renderDetail();
  return true;
}

$("detail-close").addEventListener("click", () => dialog.close());
dialog.addEventListener("close", () => {
  state.openId = null;
  if (opener?.isConnected) opener.focus();
  else {
    // The list was redrawn: go back to the same pair's button.
    const again = document.querySelector(`button[data-open="${CSS.escape(state.detail?.match?.id ?? "")}"]`);
    if (again instanceof HTMLElement) again.focus();
    else focusHeading($("pairs-title"));
  }
});

/** The parts of GET /matches/:matchId the dialog shows. */
function detailParts() {
  const d = state.detail;
  return {
    match: d.match,
    mentor: d.mentor,
    mentee: d.mentee,
    health: d.health,
    support: d.support,
    agreement: d.agreement,
    /** @type {any[]} */ goals: d.goals ?? [],
    /** @type {any[]} */ checkins: d.checkins ?? [],
    /** @type {any[]} */ surveys: d.surveys ?? [],
    /** @type {any[]} */ contacts: d.support?.contacts ?? [],
    closure: d.closure ?? null,
    /** @type {Paused | null} */ paused: d.paused ?? null,
    youth: Boolean(d.program?.youth),
    status: d.match.status,
  };
}

/**
 * Who wrote a check-in (`author`) or answered a survey (`by`): "Maya (mentee)", or just "Maya" when short.
 * @param {{ author?: string, by?: string }} item @param {{ short?: boolean }} [options]
 */
function authorOf(item, options = {}) {
  const { mentor, mentee } = detailParts();
  const role = item.author ?? item.by;
  const person = role === "mentor" ? mentor : role === "mentee" ? mentee : null;
  if (!person) return "";
  return options.short ? person.firstName : `${person.firstName} (${role})`;
}

/** "Closed on Oct 3, 2026: Lost contact. “They moved away.”" @param {any} match @param {any} closure */
function closureSentence(match, closure) {
  const when = closure?.closedAt ?? match.closedAt;
  const reason = closure?.reasonLabel ?? reasonLabel(closure?.reason);
  const note = closure?.note;
  return `Closed${when ? ` on ${formatMoment(when)}` : ""}${reason ? `: ${reason}` : ""}.${note ? ` “${note}”` : ""}`;
}

/** "the mentor, the mentee and the guardian". @param {string[]} parties */
function partiesText(parties) {
  const names = parties.map((party) => `the ${PARTY_NAMES[/** @type {keyof typeof PARTY_NAMES} */ (party)] ?? party}`);
  return names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}` : (names[0] ?? "");
}

/** @param {string | null | undefined} step */
const nextStepText = (step) => (step ? (NEXT_STEPS[/** @type {keyof typeof NEXT_STEPS} */ (step)] ?? step) : "Not decided yet");

/** Lost sends are redone for a week after a close (the hourly sweep); after that an unrecorded survey is not coming. */
const CLOSURE_SURVEY_RETRY_DAYS = 7;

/** @param {{ surveySentAt?: string | null, closedAt?: string | null }} closure */
function closureSurveyText(closure) {
  if (closure.surveySentAt) return `Sent to both people on ${formatMoment(closure.surveySentAt)}.`;
  const closedAt = closure.closedAt ? Date.parse(closure.closedAt) : Date.now();
  return Date.now() - closedAt > CLOSURE_SURVEY_RETRY_DAYS * 86_400_000 ? "Not recorded as sent." : "Being sent to both people by email.";
}

/** A closed match's closure procedure: the survey, the conversation, each person's next step, and what is left to do. @param {any} closure */
function closureSummary(closure) {
  const { mentor, mentee } = detailParts();
  const missing = [
    ...(closure.conversationOn ? [] : ["the closure conversation"]),
    ...(closure.mentorNextStep ? [] : [`${nameOf(mentor)}'s next step`]),
    ...(closure.menteeNextStep ? [] : [`${nameOf(mentee)}'s next step`]),
  ];
  return el("section", { class: "detail-part", "aria-labelledby": "detail-closure-title" }, [
    el("h3", { id: "detail-closure-title", text: "Closure" }),
    el("p", {}, closure.complete ? [el("span", { class: "badge goal-achieved", text: "Closure complete" })] : [el("span", { class: "badge support-due", text: "Closure to complete" }), ` Still to record: ${missing.join(", ")}.`]),
    el("dl", { class: "survey-answers small" }, [
      el("dt", { text: "Closure survey" }),
      el("dd", { text: closureSurveyText(closure) }),
      el("dt", { text: "Closure conversation" }),
      el("dd", { text: closure.conversationOn ? `${formatDay(closure.conversationOn)}${closure.conversationNote ? `: “${closure.conversationNote}”` : ""}` : "Not recorded yet." }),
      el("dt", { text: `Next step for ${nameOf(mentor)} (mentor)` }),
      el("dd", { text: nextStepText(closure.mentorNextStep) }),
      el("dt", { text: `Next step for ${nameOf(mentee)} (mentee)` }),
      el("dd", { text: nextStepText(closure.menteeNextStep) }),
    ]),
  ]);
}

/** The "Complete the closure" form shows what is recorded; a decided next step can be changed, not undecided. */
function fillClosureForm() {
  closureForm.reset();
  const closure = state.detail?.closure;
  if (!closure) return;
  /** @type {HTMLInputElement} */ ($("closure-conversation-on")).value = closure.conversationOn ?? "";
  /** @type {HTMLTextAreaElement} */ ($("closure-conversation-note")).value = closure.conversationNote ?? "";
  for (const side of /** @type {const} */ (["mentor", "mentee"])) {
    const step = closure[`${side}NextStep`] ?? "";
    $(`closure-${side}-later-choice`).hidden = Boolean(step);
    /** @type {HTMLInputElement} */ ($(`closure-${side}-${step || "later"}`)).checked = true;
  }
  $("closure-form-title").textContent = closure.complete ? "Change the closure record" : "Complete the closure";
}

/** The checked value of a radio group in a form, or "". @param {HTMLFormElement} form @param {string} name */
function radioValue(form, name) {
  const checked = form.querySelector(`input[name="${name}"]:checked`);
  return checked instanceof HTMLInputElement ? checked.value : "";
}

function renderDetail() {
  const parts = detailParts();
  const { match, mentor, mentee, health, goals, checkins, surveys, status } = parts;
  const closed = status === "closed";
  $("detail-title").textContent = `${nameOf(mentee)} and ${nameOf(mentor)}`;

  /** @type {Node[]} */
  const body = [];
  // Who, since when, and health.
  const agreement = parts.agreement;
  body.push(
    el("section", { class: "detail-part", "aria-labelledby": "detail-health-title" }, [
      el("h3", { id: "detail-health-title", text: "How they are doing" }),
      el("p", {}, [
        closed ? el("span", { class: "badge health health-closed", text: "Closed" }) : healthBadge(health?.status ?? "on_track"),
        ` Mentee ${nameOf(mentee)}, mentor ${nameOf(mentor)}; matched on ${formatMoment(match.startedAt ?? "")}.`,
      ]),
      ...(!closed && parts.paused
        ? [
            el("p", { class: "paused-note" }, [
              pausedBadge(parts.paused),
              ` since ${formatMoment(parts.paused.since)}. The pair is on hold: the mentee's guardian withdrew their consent. Talk with the guardian before the pair meets again, or close the match.`,
            ]),
          ]
        : []),
      ...(closed
        ? [el("p", { text: closureSentence(match, parts.closure) })]
        : [el("ul", { class: "reasons" }, (health?.reasons ?? []).map((/** @type {Reason} */ reason) => el("li", { text: reason.message })))]),
      ...(agreement
        ? [el("p", { class: "small", text: `Agreement: mentor ${agreement.mentorAcknowledgedAt ? "agreed" : "not yet"}, mentee ${agreement.menteeAcknowledgedAt ? "agreed" : "not yet"}.` })]
        : []),
    ]),
  );

  if (closed && parts.closure) body.push(closureSummary(parts.closure));

  // Calls for help first: they wait for the coordinator.
  const help = checkins.filter((checkin) => checkin.outcome === "need_help");
  const openHelp = help.filter((checkin) => !checkin.resolvedAt);
  if (help.length) {
    body.push(
      el("section", { class: "detail-part", "aria-labelledby": "detail-help-title" }, [
        el("h3", { id: "detail-help-title", text: openHelp.length ? `Asked for help (${openHelp.length} open)` : "Asked for help" }),
        el(
          "ul",
          { class: "help-list" },
          help.map((checkin) => {
            const who = authorOf(checkin) || "Someone";
            const first = authorOf(checkin, { short: true }) || "someone";
            const when = formatMoment(checkin.createdAt);
            if (checkin.resolvedAt) return el("li", {}, [el("span", { text: `${who} asked for help on ${when}. ` }), el("span", { class: "badge", text: `Resolved ${formatMoment(checkin.resolvedAt)}` })]);
            const resolve = /** @type {HTMLButtonElement} */ (el("button", { type: "button", class: "button small", "data-resolve": checkin.id, "aria-label": `Resolve ${first}'s request for help of ${when}`, text: "Resolve" }));
            resolve.addEventListener("click", () => void resolveHelp(checkin.id, resolve));
            return el("li", {}, [el("span", { class: "badge help-open", text: "Open" }), ` ${who} asked for help on ${when}. `, ...(checkin.sharedNote ? [el("q", { text: checkin.sharedNote }), " "] : []), resolve]);
          }),
        ),
      ]),
    );
  }

  // Goals.
  body.push(
    el("section", { class: "detail-part", "aria-labelledby": "detail-goals-title" }, [
      el("h3", { id: "detail-goals-title", text: "Goals" }),
      goals.length
        ? el(
            "ul",
            { class: "detail-list" },
            goals.map((goal) => {
              const milestones = goal.milestones ?? [];
              return el("li", {}, [
                el("strong", { text: goal.title }),
                " ",
                el("span", { class: `badge goal-${goal.status}`, text: GOAL_STATUS[/** @type {keyof typeof GOAL_STATUS} */ (goal.status)] ?? goal.status }),
                el("span", {
                  class: "person-meta",
                  text: [`${goal.progress ?? 0}% done`, goal.targetOn ? `target ${formatDay(goal.targetOn)}` : "", milestones.length ? `${milestones.filter((/** @type {any} */ m) => m.done).length} of ${milestones.length} steps` : ""].filter(Boolean).join(" · "),
                }),
              ]);
            }),
          )
        : el("p", { class: "empty", text: "No goals yet. Suggest the pair sets one or two at their next meeting." }),
    ]),
  );

  // Meetings.
  const met = [...checkins].filter((checkin) => checkin.outcome !== "need_help").sort((a, b) => String(b.meetingOn ?? b.createdAt).localeCompare(String(a.meetingOn ?? a.createdAt)));
  body.push(
    el("section", { class: "detail-part", "aria-labelledby": "detail-checkins-title" }, [
      el("h3", { id: "detail-checkins-title", text: "Meetings" }),
      met.length
        ? el(
            "ul",
            { class: "detail-list" },
            met.map((checkin) => {
              const who = authorOf(checkin);
              if (checkin.outcome !== "met") return el("li", { text: `${who ? `${who}: ` : ""}not met yet (answered ${formatMoment(checkin.createdAt)})` });
              const facts = [checkin.meetingOn ? formatDay(checkin.meetingOn) : formatMoment(checkin.createdAt), checkin.durationMinutes ? `${checkin.durationMinutes} min` : "", checkin.mode ? (MODES[/** @type {keyof typeof MODES} */ (checkin.mode)] ?? checkin.mode) : "", checkin.rating ? `rated ${checkin.rating}/5` : ""].filter(Boolean);
              return el("li", {}, [
                el("strong", { text: facts.join(" · ") }),
                ...(who ? [el("span", { class: "person-meta", text: `Logged by ${who}` })] : []),
                ...(checkin.topics?.length ? [el("span", { class: "person-meta", text: `Topics: ${checkin.topics.join(", ")}` })] : []),
                ...(checkin.sharedNote ? [el("span", { class: "quote small", text: checkin.sharedNote })] : []),
              ]);
            }),
          )
        : el("p", { class: "empty", text: "No meeting logged yet." }),
    ]),
  );

  // Survey answers.
  body.push(
    el("section", { class: "detail-part", "aria-labelledby": "detail-surveys-title" }, [
      el("h3", { id: "detail-surveys-title", text: "Survey answers" }),
      surveys.length
        ? el(
            "ul",
            { class: "detail-list" },
            surveys.map((response) => {
              const who = authorOf(response);
              const key = response.title ?? response.key ?? "Survey";
              /** @type {{ key: string, label: string, value: string }[]} */
              const answers = (response.answerList ?? []).filter((/** @type {any} */ answer) => answer.key !== "rating" && String(answer.value ?? "").trim());
              return el("li", {}, [
                el("strong", { text: `${key}${who ? ` — ${who}` : ""}: ${response.rating ? `rated ${response.rating}/5` : "no rating"}` }),
                ...(answers.length ? [el("dl", { class: "survey-answers small" }, answers.flatMap((answer) => [el("dt", { text: answer.label }), el("dd", { text: String(answer.value) })]))] : []),
                ...(response.updatedAt ? [el("span", { class: "person-meta", text: `Answered ${formatMoment(response.updatedAt)}` })] : []),
              ]);
            }),
          )
        : el("p", { class: "empty", text: "No survey answers yet." }),
    ]),
  );
  $("detail-body").replaceChildren(...body);
  renderSupport();
  $("close-section").hidden = closed;
  $("closure-section").hidden = !closed;
  $("support-form").hidden = closed;
  // Who can be reached: names the two people, and the guardian only in youth programs.
  $("support-party-mentor-label").textContent = `${nameOf(mentor)} (mentor)`;
  $("support-party-mentee-label").textContent = `${nameOf(mentee)} (mentee)`;
  $("support-party-guardian-choice").hidden = !parts.youth;
  if (!parts.youth) /** @type {HTMLInputElement} */ ($("support-party-guardian")).checked = false;
  for (const prefix of ["close", "closure"]) {
    $(`${prefix}-mentor-step-legend`).textContent = `Next step for ${nameOf(mentor)} (mentor)`;
    $(`${prefix}-mentee-step-legend`).textContent = `Next step for ${nameOf(mentee)} (mentee)`;
  }
  const reasons = /** @type {HTMLSelectElement} */ ($("close-reason"));
  const chosen = reasons.value;
  reasons.replaceChildren(el("option", { value: "", text: "Choose a reason…" }), ...closeReasons().map((reason) => el("option", { value: reason.value, text: reason.label })));
  reasons.value = chosen;
}

function renderSupport() {
  const { support, contacts, status } = detailParts();
  const due = supportText(support);
  const who = support?.waitingOn?.length ? ` (${partiesText(support.waitingOn)})` : "";
  $("support-due").textContent =
    status === "closed" ? "" : support ? `${due.text}${who}. Best practice: a contact with the mentor and the mentee — in youth programs the guardian too — at least once a month.` : "";
  const sorted = [...contacts].sort((a, b) => String(b.contactedOn).localeCompare(String(a.contactedOn)));
  $("contacts-empty").hidden = sorted.length > 0;
  $("contact-list").replaceChildren(
    ...sorted.map((contact) =>
      el("li", {}, [
        el("strong", { text: formatDay(contact.contactedOn) }),
        ...(contact.by?.name ? [el("span", { class: "muted", text: ` — ${contact.by.name}` })] : []),
        ...(contact.parties?.length ? [el("span", { class: "person-meta", text: `Reached: ${partiesText(contact.parties)}` })] : []),
        ...(contact.note ? [el("span", { class: "quote small", text: contact.note })] : []),
      ]),
    ),
  );
}

/** After a change: the dialog and the list (counts, order) both show it. */
async function reloadBoth() {
  const id = state.openId;
  if (id) await loadDetail(id);
  await refreshList();
}

/** @param {string} checkinId @param {HTMLButtonElement} button */
async function resolveHelp(checkinId, button) {
  setBusy(button, true, "Resolving…");
  const id = state.openId ?? "";
  const result = await api("POST", `${tenantApi(tenant)}/matches/${encodeURIComponent(id)}/help-requests/${encodeURIComponent(checkinId)}/resolve`, {});
  setBusy(button, false);
  if (!result.ok) {
    announce(detailRegion, [result.problem.detail ?? "We couldn't mark it resolved.", "Please try again."], "error");
    return;
  }
  await reloadBoth();
  announce(detailRegion, "Marked resolved. Consider logging the support contact below.", "success");
  focusHeading($("detail-title"));
}

supportForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const supportRegion = $("support-status");
  if (!validateForm(supportForm, supportRegion)) return;
  const contactedOn = /** @type {HTMLInputElement} */ ($("support-date")).value;
  const note = /** @type {HTMLTextAreaElement} */ ($("support-note")).value.trim();
  const parties = [...supportForm.querySelectorAll('input[name="parties"]:checked')].map((box) => /** @type {HTMLInputElement} */ (box).value);
  if (parties.length === 0) {
    const first = /** @type {HTMLInputElement} */ ($("support-party-mentor"));
    setFieldError(first, "Tick at least one person you reached.");
    announce(supportRegion, "Please fix the field marked below.", "error");
    first.focus();
    return;
  }
  const button = /** @type {HTMLButtonElement} */ ($("support-submit"));
  setBusy(button, true, "Saving…");
  const result = await api("POST", `${tenantApi(tenant)}/matches/${encodeURIComponent(state.openId ?? "")}/support-contacts`, { contactedOn, note, parties });
  setBusy(button, false);
  if (!result.ok) {
    showProblem(supportForm, supportRegion, result.problem);
    return;
  }
  /** @type {HTMLTextAreaElement} */ ($("support-note")).value = "";
  await reloadBoth();
  announce(supportRegion, `Support contact of ${formatDay(contactedOn)} with ${partiesText(parties)} logged.`, "success");
  $("support-title").tabIndex = -1;
  $("support-title").focus();
});

function hideCloseConfirm() {
  $("close-confirm").hidden = true;
  $("close-actions").hidden = false;
}

closeForm.addEventListener("submit", (event) => {
  event.preventDefault();
  if (!validateForm(closeForm, $("close-status"))) return;
  const reason = /** @type {HTMLSelectElement} */ ($("close-reason")).value;
  const { mentor, mentee } = detailParts();
  const leaving = [...(radioValue(closeForm, "mentorNextStep") === "exit" ? [nameOf(mentor)] : []), ...(radioValue(closeForm, "menteeNextStep") === "exit" ? [nameOf(mentee)] : [])];
  $("close-question").textContent =
    `Close the match of ${nameOf(mentee)} and ${nameOf(mentor)} (${reasonLabel(reason)})? Both are told and get a closing survey. It can't be reopened.` +
    (leaving.length ? ` ${leaving.join(" and ")} ${leaving.length > 1 ? "leave" : "leaves"} the program: the application is withdrawn unless they are in another active pair.` : "");
  $("close-actions").hidden = true;
  $("close-confirm").hidden = false;
  $("close-no").focus();
});
$("close-no").addEventListener("click", () => {
  hideCloseConfirm();
  $("close-submit").focus();
});
$("close-yes").addEventListener("click", async () => {
  const button = /** @type {HTMLButtonElement} */ ($("close-yes"));
  const reason = /** @type {HTMLSelectElement} */ ($("close-reason")).value;
  const note = /** @type {HTMLTextAreaElement} */ ($("close-note")).value.trim();
  setBusy(button, true, "Closing…");
  const result = await api("POST", `${tenantApi(tenant)}/matches/${encodeURIComponent(state.openId ?? "")}/close`, { reason, ...(note ? { note } : {}), ...closureFields(closeForm, "close") });
  setBusy(button, false);
  hideCloseConfirm();
  if (!result.ok) {
    showProblem(closeForm, $("close-status"), result.problem);
    return;
  }
  const name = $("detail-title").textContent;
  await reloadBoth();
  fillClosureForm();
  const complete = result.data?.closure?.complete;
  announce(detailRegion, `The match of ${name} is closed. Both people get a closing survey by email.${complete ? "" : " Complete the closure below when you have talked with them."}`, "success");
  focusHeading($("detail-title"));
});

/**
 * The closure procedure fields of the close form or the "Complete the closure" form, as the API takes them:
 * only what is filled in (a next step left undecided is left out).
 * @param {HTMLFormElement} form @param {"close" | "closure"} prefix
 */
function closureFields(form, prefix) {
  /** @type {Record<string, string>} */
  const fields = {};
  const on = /** @type {HTMLInputElement} */ ($(`${prefix}-conversation-on`)).value;
  const note = /** @type {HTMLTextAreaElement} */ ($(`${prefix}-conversation-note`)).value.trim();
  if (on) fields.closureConversationOn = on;
  if (note || (prefix === "closure" && state.detail?.closure?.conversationNote)) fields.closureConversationNote = note;
  for (const name of ["mentorNextStep", "menteeNextStep"]) {
    const value = radioValue(form, name);
    if (value) fields[name] = value;
  }
  return fields;
}

closureForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const closureRegion = $("closure-status");
  if (!validateForm(closureForm, closureRegion)) return;
  const fields = closureFields(closureForm, "closure");
  const button = /** @type {HTMLButtonElement} */ ($("closure-submit"));
  setBusy(button, true, "Saving…");
  const result = await api("PATCH", `${tenantApi(tenant)}/matches/${encodeURIComponent(state.openId ?? "")}/closure`, fields);
  setBusy(button, false);
  if (!result.ok) {
    showProblem(closureForm, closureRegion, result.problem);
    return;
  }
  await reloadBoth();
  fillClosureForm();
  const closure = result.data?.closure;
  announce(closureRegion, closure?.complete ? "Closure saved. It is complete: the conversation and both next steps are recorded." : "Closure saved. Record the rest when you can.", "success");
  focusHeading($("closure-form-title"));
});

// ---------------------------------------------------------------- survey calendar and first-meeting prompt, in a dialog

const settingsDialog = /** @type {HTMLDialogElement} */ ($("settings-dialog"));
const settingsForm = /** @type {HTMLFormElement} */ ($("settings-form"));
const settingsRegion = $("settings-status");
/** @param {string} id */
const input = (id) => /** @type {HTMLInputElement} */ ($(id));
/** The number fields, by the setting they hold. */
const NUMBER_FIELDS = /** @type {const} */ ([
  ["pulseEveryWeeks", "settings-pulse-weeks"],
  ["pulseOpenDays", "settings-pulse-days"],
  ["evaluationOpenDays", "settings-evaluation-days"],
  ["finalGraceDays", "settings-grace-days"],
]);
const SURVEY_KIND_NAMES = { pulse: "Pulse survey", midpoint: "Midpoint evaluation", final: "Final evaluation" };

$("settings-open").addEventListener("click", async () => {
  const button = /** @type {HTMLButtonElement} */ ($("settings-open"));
  setBusy(button, true, "Opening…");
  const result = await api("GET", `${programApi(tenant, programSlug)}/relationship-settings`);
  setBusy(button, false);
  clearFormErrors(settingsForm);
  clearAnnouncement(settingsRegion);
  if (result.ok) {
    clearAnnouncement($("settings-load-status"));
    takeSettings(result.data);
  } else {
    announce($("settings-load-status"), [result.problem.detail ?? "We couldn't load the settings.", "Close this and try again."], "error");
  }
  settingsForm.hidden = !result.ok;
  $("calendar-section").hidden = !result.ok;
  settingsDialog.showModal();
  focusHeading($("settings-title"));
});
$("settings-close").addEventListener("click", () => settingsDialog.close());
settingsDialog.addEventListener("close", () => $("settings-open").focus());

/** Fills the form and the calendar from GET or PUT …/relationship-settings. @param {any} data */
function takeSettings(data) {
  state.settings = data;
  const surveys = data.surveys ?? {};
  const defaults = data.defaults ?? {};
  input("settings-pulse-on").checked = surveys.pulseEveryWeeks !== null;
  for (const [key, id] of NUMBER_FIELDS) input(id).value = String(surveys[key] ?? defaults[key] ?? "");
  if (surveys.pulseEveryWeeks === null) input("settings-pulse-weeks").value = String(defaults.pulseEveryWeeks ?? 4);
  input("settings-midpoint").checked = surveys.midpoint !== false;
  input("settings-final").checked = surveys.final !== false;
  /** @type {HTMLTextAreaElement} */ ($("settings-prompt")).value = data.firstMeetingPrompt ?? "";
  syncSettingsFields();
  renderCalendar(data.schedule ?? []);
}

/** Numbers that a switched-off survey does not use are disabled (and keep their saved value). */
function syncSettingsFields() {
  const pulse = input("settings-pulse-on").checked;
  const midpoint = input("settings-midpoint").checked;
  const final = input("settings-final").checked;
  input("settings-pulse-weeks").disabled = !pulse;
  input("settings-pulse-days").disabled = !pulse;
  input("settings-evaluation-days").disabled = !midpoint && !final;
  input("settings-grace-days").disabled = !final;
}
for (const id of ["settings-pulse-on", "settings-midpoint", "settings-final"]) $(id).addEventListener("change", syncSettingsFields);

/** @param {{ key: string, kind: string, title: string, opensOn: string, closesOn: string }[]} schedule */
function renderCalendar(schedule) {
  const today = localToday();
  const program = state.program?.name ?? "this program";
  $("calendar-lead").textContent = schedule.length
    ? `The ${plural(schedule.length, "survey")} the saved settings give ${program}, from its start and end dates. At most one survey is open on any day.`
    : `No surveys: ${program} needs a start and an end date for a calendar, or every survey is switched off.`;
  $("survey-calendar").replaceChildren(
    ...schedule.map((survey) => {
      const when = survey.closesOn < today ? "Closed" : survey.opensOn <= today ? "Open now" : "";
      return el("li", { "data-survey": survey.key }, [
        el("strong", { text: survey.title || SURVEY_KIND_NAMES[/** @type {keyof typeof SURVEY_KIND_NAMES} */ (survey.kind)] || survey.key }),
        ...(when ? [" ", el("span", { class: `badge ${when === "Open now" ? "goal-open" : "goal-dropped"}`, text: when })] : []),
        el("span", { class: "person-meta", text: `${formatDay(survey.opensOn)} – ${formatDay(survey.closesOn)}` }),
      ]);
    }),
  );
  $("survey-calendar").hidden = schedule.length === 0;
}

settingsForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  if (!validateForm(settingsForm, settingsRegion)) return;
  const saved = state.settings?.surveys ?? {};
  /** @type {Record<string, number | boolean | null>} */
  const surveys = { midpoint: input("settings-midpoint").checked, final: input("settings-final").checked };
  // A disabled number is not in use: it keeps its saved value (the server checks the numbers in use).
  for (const [key, id] of NUMBER_FIELDS) {
    const field = input(id);
    if (field.disabled) {
      if (typeof saved[key] === "number") surveys[key] = saved[key];
    } else surveys[key] = Number(field.value);
  }
  if (!input("settings-pulse-on").checked) surveys.pulseEveryWeeks = null;
  const firstMeetingPrompt = /** @type {HTMLTextAreaElement} */ ($("settings-prompt")).value.trim();
  const button = /** @type {HTMLButtonElement} */ ($("settings-submit"));
  setBusy(button, true, "Saving…");
  const result = await api("PUT", `${programApi(tenant, programSlug)}/relationship-settings`, { surveys, firstMeetingPrompt });
  setBusy(button, false);
  if (!result.ok) {
    showProblem(settingsForm, settingsRegion, result.problem);
    return;
  }
  takeSettings(result.data);
  const count = result.data.schedule?.length ?? 0;
  announce(settingsRegion, `Settings saved. The survey calendar below now has ${plural(count, "survey")}.`, "success");
});

wireSignOut(/** @type {HTMLButtonElement} */ ($("sign-out")), region);
$("retry").addEventListener("click", () => void load());
void load().catch(() => announce(region, "The page could not load. Reload to try again.", "error"));
