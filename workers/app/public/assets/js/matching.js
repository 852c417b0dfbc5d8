/**
 * matching.html?tenant=<slug>&program=<program>: a coordinator matches a
 * program's approved mentees with mentors' open places — chooses how pairs
 * are scored, runs matching (polling a queued run's progress), reviews and
 * adjusts the proposal (lock, reassign, swap, unassign, assign), re-runs
 * around those decisions, approves, and sees the matches and past runs.
 */
import { $, announce, api, clearAnnouncement, confirmAction, clearFieldError, el, setBusy, setFieldError } from "./lib.js";
import { loadProgramPageSession, showPageFailure } from "./admin-lib.js";

const params = new URLSearchParams(location.search);
const slug = (params.get("tenant") ?? "").trim().toLowerCase();
const programSlug = (params.get("program") ?? "").trim().toLowerCase();
const base = `/api/v1/t/${encodeURIComponent(slug)}/programs/${encodeURIComponent(programSlug)}`;
const programPage = `/program.html?tenant=${encodeURIComponent(slug)}&program=${encodeURIComponent(programSlug)}`;

const region = $("status");
const settingsRegion = $("settings-status");
const runRegion = $("run-status");
const reviewRegion = $("review-status");

/**
 * @typedef {{ id: string, firstName: string, lastName: string, email: string } | null} Person
 * @typedef {{ key: string, label?: string, similarity: number, contribution: number }} Reason
 * @typedef {{ mentor: Person, mentee: Person, score: number, locked: boolean, adjusted: boolean, reasons: Reason[] }} Pair
 * @typedef {{ id: string, status: string, scope: string, progress: number, revision: number, error: string | null, matched: number | null, unmatched: number | null, createdAt: string, completedAt: string | null, decidedAt: string | null }} Run
 * @typedef {{ stats: { matched: number, totalScore: number, minScore: number | null, averageScore: number | null }, distribution: { from: number, to: number, count: number }[], pairs: Pair[], unmatched: { mentee: Person, reason: string }[], mentors: { mentor: Person, openPlaces: number, proposed: number }[], excluded: { mentor: string, mentee: string }[] }} Proposal
 * @typedef {{ run: Run, criteria: unknown[], proposal: Proposal | null }} RunDetail
 * @typedef {{ key: string, label: string, kind: string, weight: number, required: boolean, scale?: number }} Criterion
 * @typedef {{ key: string, label: string, type: string, kinds: string[] }} Question
 */

const state = {
  /** @type {any} */ program: null,
  /** @type {Question[]} */ questions: [],
  /** @type {Criterion[]} */ fromForms: [],
  /** Rows of the criteria table as the coordinator is editing them. @type {Array<Criterion & { scale?: number }>} */ rows: [],
  /** Whether the saved settings follow the forms (criteria null). */ followsForms: true,
  dirty: false,
  /** @type {Run[]} */ runs: [],
  /** The run on screen (proposed), or null. @type {RunDetail | null} */ detail: null,
  /** @type {any[]} */ matches: [],
  /** @type {{ mentees: number, mentors: number } | null} */ approved: null,
  /** @type {{ waitingMentees: number, mentors: number, openPlaces: number, activeMatches: number, mentorsNotReady?: number } | null} */ pool: null,
  sort: { key: "score", dir: "asc" },
  filter: "",
  /** Increments to stop an older poll when a new run starts or the page reloads the run. */
  pollToken: 0,
};

// ---------------------------------------------------------------- words and numbers

const KIND_LABELS = {
  overlap: "Shared answers",
  exact: "Same answer",
  numeric: "Close numbers",
  text: "Similar words",
};
const RUN_STATUS = {
  running: "Running",
  proposed: "Proposed — waiting for review",
  approved: "Approved",
  discarded: "Discarded",
  failed: "Failed",
};
const PROGRAM_STATUS = { draft: "a draft", enrolling: "enrolling", matching: "matching", active: "active", closed: "closed" };

/** @param {number | null | undefined} score */
const percent = (score) => (typeof score === "number" ? `${Math.round(score * 100)}%` : "—");
/** 0.6667 → "0.67", 0.5 → "0.5", 1 → "1". @param {number} value */
const decimal = (value) => String(Math.round(value * 100) / 100);
/** @param {number} n @param {string} one @param {string} [many] */
const plural = (n, one, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;
/** @param {Person} person */
const nameOf = (person) => (person ? `${person.firstName} ${person.lastName}`.trim() || person.email : "Someone no longer in the program");
/** @param {string} text */
const sentence = (text) => (text ? `${text[0].toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? "" : "."}` : "");

/** @param {string | null | undefined} iso */
function formatDate(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(date);
}

/** "Shared goals 0.67 · Availability 0.5": the criteria a pair has something in common on, strongest first. @param {Reason[]} reasons */
function reasonText(reasons, limit = 3) {
  const shared = reasons.filter((reason) => reason.similarity > 0).slice(0, limit);
  if (shared.length === 0) return "Nothing in common on the criteria";
  return shared.map((reason) => `${reason.label ?? reason.key} ${decimal(reason.similarity)}`).join(" · ");
}

/** A person's name with their email under it. @param {Person} person */
function personCell(person) {
  return [el("span", { class: "person-name", text: nameOf(person) }), el("span", { class: "person-meta", text: person?.email ?? "" })];
}

/** The heading of a panel gets focus, so keyboard and screen reader users land on the news. @param {HTMLElement} heading */
function focusHeading(heading) {
  heading.tabIndex = -1;
  heading.focus();
}

// ---------------------------------------------------------------- sign out

const signOut = /** @type {HTMLButtonElement} */ ($("sign-out"));
signOut.addEventListener("click", async () => {
  setBusy(signOut, true, "Signing out…");
  const result = await api("POST", "/api/v1/auth/sign-out");
  if (result.ok || result.status === 401) {
    location.replace("/sign-in.html");
    return;
  }
  setBusy(signOut, false);
  announce(region, [result.problem.detail ?? "We couldn't sign you out.", "Please try again."], "error");
});

// ---------------------------------------------------------------- 1. settings

const settingsForm = /** @type {HTMLFormElement} */ ($("settings-form"));
const addQuestion = /** @type {HTMLSelectElement} */ ($("add-question"));
const addQuestionButton = /** @type {HTMLButtonElement} */ ($("add-question-button"));
const saveButton = /** @type {HTMLButtonElement} */ ($("settings-save"));
const resetButton = /** @type {HTMLButtonElement} */ ($("settings-reset"));

/** Takes the server's settings answer as the table to edit. @param {any} data */
function takeSettings(data) {
  state.questions = data.questions ?? [];
  state.fromForms = data.fromForms ?? [];
  const stored = data.settings?.criteria ?? null;
  state.followsForms = stored === null;
  const labels = new Map([...state.questions, ...(data.criteria ?? [])].map((item) => [item.key, item.label]));
  // Saved criteria as saved (even ones the forms no longer allow, so they can be fixed); else as the forms set them.
  const source = stored ?? data.criteria ?? [];
  state.rows = source.map((/** @type {any} */ criterion) => ({
    key: criterion.key,
    label: labels.get(criterion.key) ?? criterion.key,
    kind: criterion.kind,
    weight: criterion.weight,
    required: Boolean(criterion.required),
    ...(stored && criterion.scale !== undefined ? { scale: criterion.scale } : {}),
  }));
  const objective = data.settings?.objective ?? "max_total";
  for (const radio of settingsForm.querySelectorAll('input[name="objective"]')) {
    /** @type {HTMLInputElement} */ (radio).checked = /** @type {HTMLInputElement} */ (radio).value === objective;
  }
  const problems = data.problems ?? [];
  const problemBox = $("settings-problems");
  problemBox.hidden = problems.length === 0;
  problemBox.replaceChildren(
    ...(problems.length
      ? [
          el("p", { text: "The forms changed after these settings were saved, so matching cannot run with them:" }),
          el("ul", {}, problems.map((/** @type {{ message: string }} */ problem) => el("li", { text: sentence(problem.message) }))),
          el("p", { text: "Change or remove the questions marked below and save, or use the forms' settings." }),
        ]
      : []),
  );
  state.dirty = false;
  renderSettings();
}

function renderSettings() {
  $("settings-source").textContent = state.followsForms
    ? "These are the forms' settings: the questions both enrollment forms mark for matching."
    : "You have changed these from the forms' settings.";
  resetButton.hidden = state.followsForms && !state.dirty;
  $("settings-reset-hint").hidden = resetButton.hidden;
  const questionsByKey = new Map(state.questions.map((question) => [question.key, question]));
  $("criteria-rows").replaceChildren(
    ...state.rows.map((row, index) => {
      const question = questionsByKey.get(row.key);
      const kinds = question?.kinds.length ? question.kinds : [row.kind];
      const id = `criterion-${index}`;
      const kind = /** @type {HTMLSelectElement} */ (
        el(
          "select",
          { id: `${id}-kind`, "data-index": String(index), "data-field": "kind" },
          kinds.map((value) => el("option", { value, text: KIND_LABELS[/** @type {keyof typeof KIND_LABELS} */ (value)] ?? value })),
        )
      );
      kind.value = row.kind;
      const weight = /** @type {HTMLInputElement} */ (
        el("input", { id: `${id}-weight`, type: "number", inputmode: "numeric", min: "1", max: "10", step: "1", required: "", "data-index": String(index), "data-field": "weight", class: "weight" })
      );
      weight.value = String(row.weight);
      const required = /** @type {HTMLInputElement} */ (el("input", { id: `${id}-required`, type: "checkbox", "data-index": String(index), "data-field": "required" }));
      required.checked = row.required;
      const remove = el("button", { type: "button", class: "button danger small", "data-index": String(index), "data-field": "remove", text: "Remove", "aria-label": `Remove “${row.label}”` });
      return el("tr", { "data-key": row.key }, [
        el("th", { scope: "row", id: `${id}-label` }, [
          el("span", { text: row.label }),
          ...(question ? [] : [el("span", { class: "person-meta", text: "No longer asked on both forms" })]),
        ]),
        el("td", {}, [el("label", { for: kind.id, class: "sr-only", text: `How to compare “${row.label}”` }), kind]),
        el("td", {}, [el("label", { for: weight.id, class: "sr-only", text: `Weight of “${row.label}”, 1 to 10` }), weight]),
        el("td", {}, [el("span", { class: "check" }, [required, el("label", { for: required.id }, [el("span", { class: "sr-only", text: `“${row.label}” is ` }), "Required"])])]),
        el("td", {}, [remove]),
      ]);
    }),
  );
  $("criteria-empty").hidden = state.rows.length > 0;
  /** @type {HTMLElement} */ ($("criteria-table").parentElement).hidden = state.rows.length === 0;

  // The questions not yet in the table, each with the kind the forms would use.
  const used = new Set(state.rows.map((row) => row.key));
  const available = state.questions.filter((question) => !used.has(question.key));
  addQuestion.replaceChildren(...available.map((question) => el("option", { value: question.key, text: question.label })));
  addQuestion.disabled = available.length === 0;
  addQuestionButton.disabled = available.length === 0;
  if (available.length === 0) addQuestion.replaceChildren(el("option", { value: "", text: "Every question both forms ask is in the table" }));
  $("unsaved-note").hidden = !state.dirty;
}

/** The row being edited from a control in it. @param {EventTarget | null} target */
function rowOf(target) {
  const element = /** @type {HTMLElement} */ (target);
  const index = Number(element?.dataset?.index);
  return Number.isInteger(index) ? { index, row: state.rows[index], field: element.dataset.field } : null;
}

function markDirty() {
  state.dirty = true;
  $("unsaved-note").hidden = false;
  resetButton.hidden = false;
  $("settings-reset-hint").hidden = false;
}

$("criteria-rows").addEventListener("change", (event) => {
  const found = rowOf(event.target);
  if (!found?.row) return;
  const control = /** @type {HTMLInputElement} */ (event.target);
  if (found.field !== "weight") clearFieldError(control);
  if (found.field === "kind") {
    found.row.kind = control.value;
    if (control.value !== "numeric") delete found.row.scale;
  } else if (found.field === "weight") found.row.weight = Number(control.value);
  else if (found.field === "required") found.row.required = control.checked;
  markDirty();
});
$("criteria-rows").addEventListener("input", (event) => {
  const found = rowOf(event.target);
  if (found?.row && found.field === "weight") {
    // Cleared while typing, not on change: a change fires on blur, and moving the page then would make the next click miss.
    clearFieldError(/** @type {HTMLInputElement} */ (event.target));
    found.row.weight = Number(/** @type {HTMLInputElement} */ (event.target).value);
    markDirty();
  }
});
$("criteria-rows").addEventListener("click", (event) => {
  const button = /** @type {HTMLElement} */ (event.target).closest("button[data-field='remove']");
  const found = rowOf(button);
  if (!found?.row) return;
  const removed = found.row;
  state.rows.splice(found.index, 1);
  markDirty();
  renderSettings();
  announce(settingsRegion, `Removed “${removed.label}”. Save the settings to use them.`);
  // Keep focus nearby: the next row's Remove button, else the question picker.
  const buttons = /** @type {HTMLButtonElement[]} */ ([...$("criteria-rows").querySelectorAll("button[data-field='remove']")]);
  (buttons[Math.min(found.index, buttons.length - 1)] ?? addQuestion).focus();
});
settingsForm.addEventListener("change", (event) => {
  if (/** @type {HTMLInputElement} */ (event.target).name === "objective") {
    clearObjectiveError();
    markDirty();
  }
});

addQuestionButton.addEventListener("click", () => {
  const question = state.questions.find((candidate) => candidate.key === addQuestion.value);
  if (!question) return;
  const fromForms = state.fromForms.find((criterion) => criterion.key === question.key);
  const kind = fromForms && question.kinds.includes(fromForms.kind) ? fromForms.kind : question.kinds[0];
  state.rows.push({ key: question.key, label: question.label, kind, weight: fromForms?.weight ?? 5, required: false });
  markDirty();
  renderSettings();
  announce(settingsRegion, `Added “${question.label}” with weight ${fromForms?.weight ?? 5}. Save the settings to use it.`);
  document.getElementById(`criterion-${state.rows.length - 1}-kind`)?.focus();
});

function clearObjectiveError() {
  $("objective").removeAttribute("aria-invalid");
  document.getElementById("objective-error")?.remove();
}

function clearSettingsErrors() {
  for (const control of settingsForm.querySelectorAll("[aria-invalid]")) {
    if (control instanceof HTMLInputElement || control instanceof HTMLSelectElement) clearFieldError(control);
  }
  for (const error of settingsForm.querySelectorAll(".row-error")) error.remove();
  clearObjectiveError();
}

/**
 * Shows the server's field errors where they belong: `body.criteria.2.weight`
 * on that row's weight, `….key` on the row's question, `body.objective` on the
 * choice. Returns the first control to focus.
 * @param {{ path: string, message: string }[]} errors
 */
function placeSettingsErrors(errors) {
  /** @type {HTMLElement | undefined} */
  let first;
  const unplaced = [];
  for (const error of errors) {
    const match = /criteria\.(\d+)(?:\.(\w+))?/.exec(error.path);
    const message = sentence(error.message);
    if (match) {
      const index = Number(match[1]);
      const field = match[2] ?? "key";
      const label = state.rows[index]?.label ?? "This question";
      const control = document.getElementById(`criterion-${index}-${field}`);
      if (control instanceof HTMLInputElement || control instanceof HTMLSelectElement) {
        const text = /^(must|is|are)\b/i.test(error.message) ? `${field === "weight" ? "Weight" : field === "kind" ? "How to compare" : "Required"} ${error.message}${/[.!?]$/.test(error.message) ? "" : "."}` : message;
        setFieldError(control, text);
        first ??= control;
        continue;
      }
      const cell = document.getElementById(`criterion-${index}-label`);
      const kind = document.getElementById(`criterion-${index}-kind`);
      if (cell && kind) {
        const id = `criterion-${index}-row-error`;
        document.getElementById(id)?.remove();
        cell.append(el("p", { id, class: "field-error row-error", text: /^"/.test(error.message) ? message : `${label}: ${message}` }));
        kind.setAttribute("aria-invalid", "true");
        kind.setAttribute("aria-describedby", id);
        first ??= kind;
        continue;
      }
    } else if (/objective/.test(error.path)) {
      const fieldset = $("objective");
      fieldset.setAttribute("aria-invalid", "true");
      fieldset.append(el("p", { id: "objective-error", class: "field-error", text: `The objective ${error.message}.` }));
      first ??= /** @type {HTMLElement} */ (fieldset.querySelector("input"));
      continue;
    }
    unplaced.push(`${message}`);
  }
  return { first, unplaced };
}

/** Checks the weights before sending. */
function validateSettings() {
  clearSettingsErrors();
  /** @type {HTMLElement | undefined} */
  let first;
  state.rows.forEach((row, index) => {
    if (!Number.isInteger(row.weight) || row.weight < 1 || row.weight > 10) {
      const input = /** @type {HTMLInputElement} */ ($(`criterion-${index}-weight`));
      setFieldError(input, "Weight must be a whole number from 1 to 10.");
      first ??= input;
    }
  });
  if (state.rows.length === 0) {
    announce(settingsRegion, "Add at least one question: with none, matching has nothing to compare.", "error");
    addQuestion.focus();
    return false;
  }
  if (first) {
    announce(settingsRegion, "Please fix the weights marked below.", "error");
    first.focus();
    return false;
  }
  return true;
}

/** @param {{ criteria?: unknown, objective?: string }} body @param {HTMLButtonElement} button @param {string} busyLabel @param {string} done */
async function putSettings(body, button, busyLabel, done) {
  setBusy(button, true, busyLabel);
  const result = await api("PUT", `${base}/matching/settings`, body);
  setBusy(button, false);
  if (!result.ok) {
    clearSettingsErrors();
    const { first, unplaced } = placeSettingsErrors(result.problem.errors ?? []);
    const lead = result.problem.errors?.length ? "The settings were not saved." : (result.problem.detail ?? "The settings were not saved.");
    const parts = [lead];
    if (first) parts.push("Fix what is marked below, then save again.");
    /** @type {Array<string | Node>} */
    const content = [...parts];
    if (unplaced.length) content.push(el("ul", {}, unplaced.map((text) => el("li", { text }))));
    if (!first && !unplaced.length) content.push(result.status === 0 || result.status >= 500 ? "Your changes are still here: try saving again in a moment." : "Reload the page and try again.");
    announce(settingsRegion, content, "error");
    first?.focus();
    return;
  }
  takeSettings(result.data);
  announce(settingsRegion, done, "success");
}

settingsForm.addEventListener("submit", (event) => {
  event.preventDefault();
  if (!validateSettings()) return;
  const objective = /** @type {HTMLInputElement | null} */ (settingsForm.querySelector('input[name="objective"]:checked'))?.value ?? "max_total";
  const criteria = state.rows.map((row) => ({
    key: row.key,
    kind: row.kind,
    weight: row.weight,
    required: row.required,
    ...(row.kind === "numeric" && row.scale !== undefined ? { scale: row.scale } : {}),
  }));
  void putSettings({ criteria, objective }, saveButton, "Saving…", "Settings saved. The next run uses them.");
});

resetButton.addEventListener("click", () => {
  clearSettingsErrors();
  void putSettings({ criteria: null }, resetButton, "Resetting…", "Back to the forms' settings. The next run uses them.").then(() => {
    // The button hides itself once the settings follow the forms again.
    if (resetButton.hidden) saveButton.focus();
  });
});

// ---------------------------------------------------------------- 2. run

const runButton = /** @type {HTMLButtonElement} */ ($("run-button"));
const progressBox = $("progress-box");
const progress = /** @type {HTMLProgressElement} */ ($("run-progress"));

/** Who is waiting and how many places mentors have, from the approved counts and the active matches. */
function renderPool() {
  const pool = $("pool");
  const program = state.program;
  const link = (text = "Open the program page") => el("a", { href: programPage, text });
  // Mentors who have not finished the program's screening or training stay out of matching (issue #8).
  const held = state.pool?.mentorsNotReady ?? 0;
  const screeningPage = `/console/${encodeURIComponent(slug)}/programs/${encodeURIComponent(programSlug)}/screening`;
  const matchable = ["enrolling", "matching", "active"].includes(program.status);
  let canRun = true;
  /** @type {Node[]} */
  const content = [];
  if (!matchable) {
    canRun = false;
    content.push(
      el("p", { class: "empty-state" }, [
        `${program.name} is ${PROGRAM_STATUS[/** @type {keyof typeof PROGRAM_STATUS} */ (program.status)] ?? program.status}. Matching runs while a program is enrolling, matching or active. `,
        link("Open the program page"),
        program.status === "draft" ? " to open enrollment." : ".",
      ]),
    );
  } else if (state.approved) {
    const capacity = program.mentorCapacity ?? 1;
    const active = state.matches.length;
    // The server's count is exact (withdrawn people, pending self-match requests); the estimate covers an older server.
    const waiting = state.pool ? state.pool.waitingMentees : Math.max(0, state.approved.mentees - active);
    const places = state.pool ? state.pool.openPlaces : Math.max(0, state.approved.mentors * capacity - active);
    if (state.approved.mentees === 0 && state.approved.mentors === 0) {
      canRun = false;
      content.push(
        el("p", { class: "empty-state" }, [
          el("strong", { text: "No approved applicants yet. " }),
          "Review the applications and approve the mentees and mentors you accept on the ",
          link("program page"),
          "; then come back here to run matching.",
        ]),
      );
    } else if (waiting === 0) {
      canRun = false;
      content.push(
        el("p", { class: "empty-state" }, [
          state.approved.mentees === 0 ? el("strong", { text: "No approved mentees yet. " }) : el("strong", { text: "Every approved mentee has a match. " }),
          state.approved.mentees === 0 ? "Approve the mentees you accept on the " : "When you approve more mentees on the ",
          link("program page"),
          state.approved.mentees === 0 ? ", then run matching here." : ", run matching again: it pairs them with the places mentors have left, without touching approved matches.",
        ]),
      );
    } else if (state.approved.mentors === 0) {
      canRun = false;
      content.push(
        el("p", { class: "empty-state" }, [el("strong", { text: `${plural(waiting, "approved mentee")} waiting, but no approved mentor yet. ` }), "Approve mentors on the ", link("program page"), ", then run matching."]),
      );
    } else if (state.pool && state.pool.mentors === 0 && held > 0) {
      canRun = false;
      content.push(
        el("p", { class: "empty-state" }, [
          el("strong", { text: `${plural(waiting, "approved mentee")} waiting, but no mentor is ready yet. ` }),
          `${held === 1 ? "The approved mentor has" : `All ${held} approved mentors have`} not finished the program's screening or training. See what is missing on the `,
          el("a", { href: screeningPage, text: "Screening page" }),
          ".",
        ]),
      );
    } else {
      content.push(
        el("ul", { class: "pool-figures" }, [
          el("li", {}, [el("strong", { text: waiting.toLocaleString() }), ` approved ${waiting === 1 ? "mentee is" : "mentees are"} waiting for a mentor`]),
          el("li", {}, [el("strong", { text: places.toLocaleString() }), ` open ${places === 1 ? "place" : "places"} with ${held > 0 && state.pool ? `${state.pool.mentors.toLocaleString()} ${state.pool.mentors === 1 ? "mentor" : "mentors"} ready for matching` : plural(state.approved.mentors, "approved mentor")} (up to ${plural(capacity, "mentee")} each)`]),
          ...(active ? [el("li", {}, [el("strong", { text: active.toLocaleString() }), ` active ${active === 1 ? "match stays" : "matches stay"} as ${active === 1 ? "it is" : "they are"}`])] : []),
        ]),
      );
      if (held > 0) {
        content.push(
          el("p", { class: "note" }, [
            `${plural(held, "approved mentor")} ${held === 1 ? "is" : "are"} held back until they finish the program's screening or training, and not counted above. See who and what is missing on the `,
            el("a", { href: screeningPage, text: "Screening page" }),
            ".",
          ]),
        );
      }
      if (waiting > places) {
        content.push(el("p", { class: "note", text: `There are more mentees waiting than places, so ${plural(waiting - places, "mentee")} will stay unmatched. To match everyone, approve more mentors or raise how many mentees each mentor takes on the program page.` }));
      }
    }
  }
  pool.replaceChildren(...content);
  runButton.hidden = !canRun;
  runButton.textContent = state.detail ? "Run matching from scratch" : "Run matching";
  delete runButton.dataset.label;

  const last = state.runs[0];
  const lastRun = $("last-run");
  lastRun.hidden = !last;
  if (last) {
    const result = last.matched === null ? "" : ` — ${last.matched} matched, ${last.unmatched ?? 0} unmatched`;
    lastRun.textContent = `Last run: ${RUN_STATUS[/** @type {keyof typeof RUN_STATUS} */ (last.status)] ?? last.status}, started ${formatDate(last.createdAt)}${result}.`;
  }
}

/** @param {{ basedOn?: string }} body @param {HTMLButtonElement} button */
async function startRun(body, button) {
  // A new run replaces any run this page was following.
  state.pollToken += 1;
  finishPoll();
  setBusy(button, true, "Matching…");
  announce(runRegion, body.basedOn ? "Re-running around your changes…" : "Matching the approved mentees with mentors' open places…");
  const result = await api("POST", `${base}/matching/runs`, body);
  setBusy(button, false);
  if (!result.ok) {
    const target = body.basedOn ? reviewRegion : runRegion;
    /** @type {Array<string | Node>} */
    const content = [result.problem.detail ?? "Matching could not start."];
    for (const error of result.problem.errors ?? []) content.push(el("p", { class: "small", text: `${error.path}: ${error.message}` }));
    if (result.status === 409 && /settings/i.test(result.problem.detail ?? "")) content.push(el("p", {}, [el("a", { href: "#settings-title", text: "Go to the matching settings" })]));
    if (result.status === 0 || result.status >= 500) content.push("Nothing changed. Try again in a moment.");
    announce(target, content, "error");
    if (!body.basedOn) clearAnnouncement(reviewRegion);
    return;
  }
  /** @type {RunDetail} */
  const detail = result.data;
  if (detail.run.status === "running") {
    void poll(detail.run);
    return;
  }
  await afterRun(detail, Boolean(body.basedOn));
}

/** A run has its proposal: show it and move to it. @param {RunDetail} detail @param {boolean} rerun */
async function afterRun(detail, rerun) {
  showRun(detail);
  const proposal = /** @type {Proposal} */ (detail.proposal);
  const total = proposal.pairs.length + proposal.unmatched.length;
  const text = `${rerun ? "Re-run done" : "Matching done"}: ${proposal.stats.matched} of ${plural(total, "mentee")} matched, ${proposal.unmatched.length} unmatched. Review the proposal below.`;
  announce(runRegion, text, "success");
  clearAnnouncement(reviewRegion);
  focusHeading($("review-title"));
  await refreshRuns();
}

/**
 * Follows a queued run: the progress bar moves every second until the run is
 * proposed (then the proposal opens) or failed (then it says what to do).
 * @param {Run} run
 */
async function poll(run) {
  const token = ++state.pollToken;
  runButton.disabled = true;
  progressBox.hidden = false;
  let lastAnnounced = -1;
  let failures = 0;
  /** @param {number} value */
  const show = (value) => {
    progress.value = value;
    $("progress-label").textContent = `Matching… ${value}% done`;
    if (value !== lastAnnounced) {
      announce(runRegion, `Matching is ${value}% done.`, "info", { quiet: true });
      lastAnnounced = value;
    }
  };
  show(run.progress ?? 0);
  while (token === state.pollToken) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    if (token !== state.pollToken) return;
    const result = await api("GET", `${base}/matching/runs/${encodeURIComponent(run.id)}`);
    if (!result.ok) {
      failures += 1;
      if (failures >= 5) {
        finishPoll();
        announce(runRegion, [result.problem.detail ?? "We lost touch with the run.", "The run carries on without this page. Reload the page in a minute to see how it went."], "error");
        return;
      }
      continue;
    }
    failures = 0;
    /** @type {RunDetail} */
    const detail = result.data;
    show(detail.run.progress);
    if (detail.run.status === "running") continue;
    finishPoll();
    if (detail.run.status === "proposed" && detail.proposal) {
      await afterRun(detail, false);
    } else if (detail.run.status === "failed") {
      announce(
        runRegion,
        [
          el("p", {}, [el("strong", { text: "Matching failed. " }), detail.run.error ?? "The run stopped before it could propose pairs."]),
          "What to do: fix what the message says (often the settings above or the approved applicants), then run matching again. If it fails again, contact support and quote run " + detail.run.id + ".",
        ],
        "error",
      );
      await refreshRuns();
    } else {
      announce(runRegion, `This run is ${RUN_STATUS[/** @type {keyof typeof RUN_STATUS} */ (detail.run.status)]?.toLowerCase() ?? detail.run.status} now.`);
      await refreshRuns();
    }
    return;
  }
}

function finishPoll() {
  progressBox.hidden = true;
  runButton.disabled = false;
}

runButton.addEventListener("click", () => {
  void startRun({}, runButton);
});

// ---------------------------------------------------------------- 3. review

const pairRows = $("pair-rows");
const filterInput = /** @type {HTMLInputElement} */ ($("pairs-filter"));

/** Mentors who can take one more mentee in the proposal. @param {string} [except] mentor id to leave out */
function mentorsWithPlaces(except) {
  const proposal = state.detail?.proposal;
  if (!proposal) return [];
  return proposal.mentors
    .filter((entry) => entry.mentor && entry.mentor.id !== except && entry.proposed < entry.openPlaces)
    .sort((a, b) => nameOf(a.mentor).localeCompare(nameOf(b.mentor)));
}

/** @param {RunDetail} detail */
function showRun(detail) {
  state.detail = detail;
  const url = new URL(location.href);
  url.searchParams.set("run", detail.run.id);
  history.replaceState(null, "", `${url.pathname}${url.search}`);
  renderReview();
  renderPool();
}

function hideReview() {
  state.detail = null;
  $("review").hidden = true;
  const url = new URL(location.href);
  url.searchParams.delete("run");
  history.replaceState(null, "", `${url.pathname}${url.search}`);
}

function renderReview() {
  const detail = state.detail;
  if (!detail?.proposal) return;
  const { run, proposal } = detail;
  const total = proposal.pairs.length + proposal.unmatched.length;
  $("review").hidden = false;
  $("review-meta").textContent = `${run.scope === "late_joiners" ? "Late joiners · " : ""}Proposed ${formatDate(run.completedAt ?? run.createdAt)}`;

  // Summary figures.
  const figure = (/** @type {string} */ label, /** @type {string} */ value, /** @type {string} */ hint = "") =>
    el("div", { class: "figure" }, [el("dt", { text: label }), el("dd", {}, [el("span", { class: "figure-value", text: value }), ...(hint ? [el("span", { class: "figure-hint", text: hint })] : [])])]);
  $("summary").replaceChildren(
    figure("Matched", `${proposal.stats.matched} of ${total}`, total === 1 ? "mentee" : "mentees"),
    figure("Average score", percent(proposal.stats.averageScore)),
    figure("Lowest pair", percent(proposal.stats.minScore)),
    figure("Unmatched", String(proposal.unmatched.length), proposal.unmatched.length ? "see why below" : "everyone placed"),
  );
  if (run.scope === "late_joiners") {
    $("summary").after(document.getElementById("late-note") ?? el("p", { id: "late-note", class: "note", text: "Approved matches already exist, so this run pairs only the mentees still waiting with the places mentors have left. Approved matches stay as they are." }));
  } else document.getElementById("late-note")?.remove();

  renderDistribution(proposal);
  renderPairs();
  renderUnmatched(proposal);
  renderPlaces(proposal);

  const excluded = proposal.excluded.length;
  $("rerun-hint").textContent = `Re-running keeps every locked pair (including the ones you placed)${excluded ? ` and never proposes the ${plural(excluded, "pair")} you unassigned again` : " and never proposes a pair you unassigned again"}.`;

  const approve = /** @type {HTMLButtonElement} */ ($("approve"));
  approve.textContent = `Approve ${plural(proposal.pairs.length, "match", "matches")}`;
  delete approve.dataset.label;
  approve.hidden = proposal.pairs.length === 0;
}

/** @param {Proposal} proposal */
function renderDistribution(proposal) {
  const bands = proposal.distribution;
  const most = Math.max(1, ...bands.map((band) => band.count));
  const biggest = bands.reduce((best, band) => (band.count > best.count ? band : best), bands[0] ?? { from: 0, to: 0, count: 0 });
  $("distribution-sentence").textContent = proposal.pairs.length
    ? `How many pairs score in each band. Most pairs score ${Math.round(biggest.from * 100)}–${Math.round(biggest.to * 100)}%; the lowest scores ${percent(proposal.stats.minScore)}.`
    : "No pairs to show.";
  $("distribution-rows").replaceChildren(
    ...bands.map((band) => {
      const bar = el("span", { class: "bar" });
      // CSSOM, not a style attribute: the page's CSP allows no inline styles.
      bar.style.setProperty("--share", String(band.count / most));
      return el("tr", { class: band.count ? "" : "zero" }, [
        el("th", { scope: "row", text: `${Math.round(band.from * 100)}–${Math.round(band.to * 100)}%` }),
        el("td", { class: "num", text: String(band.count) }),
        el("td", { class: "bar-cell", "aria-hidden": "true" }, [bar]),
      ]);
    }),
  );
}

/** The pairs as filtered and sorted. */
function visiblePairs() {
  const proposal = state.detail?.proposal;
  if (!proposal) return [];
  const needle = state.filter.trim().toLowerCase();
  const matches = (/** @type {Person} */ person) => Boolean(person) && `${nameOf(person)} ${person?.email}`.toLowerCase().includes(needle);
  const pairs = needle ? proposal.pairs.filter((pair) => matches(pair.mentee) || matches(pair.mentor)) : [...proposal.pairs];
  const sign = state.sort.dir === "asc" ? 1 : -1;
  pairs.sort((a, b) =>
    state.sort.key === "score"
      ? sign * (a.score - b.score) || nameOf(a.mentee).localeCompare(nameOf(b.mentee))
      : sign * nameOf(a.mentee).localeCompare(nameOf(b.mentee)),
  );
  return pairs;
}

function renderPairs() {
  const proposal = state.detail?.proposal;
  if (!proposal) return;
  const pairs = visiblePairs();
  for (const [key, th] of [["mentee", $("pairs-sort-mentee")], ["score", $("pairs-sort-score")]]) {
    const active = state.sort.key === key;
    th.setAttribute("aria-sort", active ? (state.sort.dir === "asc" ? "ascending" : "descending") : "none");
    th.classList.toggle("sorted", active);
    th.classList.toggle("desc", active && state.sort.dir === "desc");
  }
  pairRows.replaceChildren(
    ...pairs.map((pair) => {
      const mentee = pair.mentee?.id ?? "";
      const who = nameOf(pair.mentee);
      const badges = [
        ...(pair.locked ? [el("span", { class: "badge badge-locked", text: "Locked" })] : []),
        ...(pair.adjusted ? [el("span", { class: "badge badge-adjusted", text: "Adjusted" })] : []),
      ];
      return el("tr", { "data-mentee": mentee }, [
        el("th", { scope: "row" }, personCell(pair.mentee)),
        el("td", {}, personCell(pair.mentor)),
        el("td", { class: "score-cell" }, [el("span", { class: "score", text: percent(pair.score) }), ...badges]),
        el("td", { class: "reasons", text: reasonText(pair.reasons) }),
        el("td", {}, [
          el("div", { class: "row-actions" }, [
            el("button", { type: "button", class: "button secondary small", "data-act": pair.locked ? "unlock" : "lock", "data-mentee": mentee, "aria-label": `${pair.locked ? "Unlock" : "Lock"} ${who}'s pair`, text: pair.locked ? "Unlock" : "Lock" }),
            el("button", { type: "button", class: "button secondary small", "data-act": "change", "data-mentee": mentee, "aria-label": `Change ${who}'s mentor`, "aria-haspopup": "dialog", text: "Change…" }),
            el("button", { type: "button", class: "button danger small", "data-act": "unassign", "data-mentee": mentee, "aria-label": `Unassign ${who}`, text: "Unassign" }),
          ]),
        ]),
      ]);
    }),
  );
  $("pairs-caption").textContent = `Proposed pairs, ${state.sort.key === "score" ? (state.sort.dir === "asc" ? "lowest score first" : "highest score first") : state.sort.dir === "asc" ? "by mentee A–Z" : "by mentee Z–A"}`;
  $("pairs-count").textContent = state.filter.trim()
    ? `Showing ${pairs.length} of ${plural(proposal.pairs.length, "pair")}.`
    : `${plural(proposal.pairs.length, "pair")}.${state.sort.key === "score" && state.sort.dir === "asc" ? " Lowest scores first: start with the weakest pairs." : ""}`;
  const empty = $("pairs-empty");
  empty.hidden = pairs.length > 0;
  empty.textContent = proposal.pairs.length === 0 ? "This proposal pairs nobody. Assign mentees below, or change the settings and run matching again." : "No pair matches this name. Clear the search to see every pair.";
}

/** @param {Proposal} proposal */
function renderUnmatched(proposal) {
  const free = mentorsWithPlaces();
  $("unmatched-empty").hidden = proposal.unmatched.length > 0;
  $("unmatched-wrap").hidden = proposal.unmatched.length === 0;
  $("unmatched-rows").replaceChildren(
    ...proposal.unmatched.map((entry, index) => {
      const mentee = entry.mentee?.id ?? "";
      const who = nameOf(entry.mentee);
      /** @type {Node[]} */
      let assign;
      if (!entry.mentee) assign = [el("span", { class: "muted", text: "—" })];
      else if (free.length === 0) assign = [el("span", { class: "muted small", text: "No mentor has a place left. Unassign or swap a pair first." })];
      else {
        const id = `assign-${index}`;
        assign = [
          el("div", { class: "inline-assign" }, [
            el("label", { for: id, class: "sr-only", text: `Mentor for ${who}` }),
            el(
              "select",
              { id, "data-mentee": mentee },
              free.map((place) => el("option", { value: place.mentor?.id ?? "", text: `${nameOf(place.mentor)} — ${plural(place.openPlaces - place.proposed, "place")} left` })),
            ),
            el("button", { type: "button", class: "button secondary small", "data-act": "assign", "data-mentee": mentee, "data-select": id, "aria-label": `Assign the chosen mentor to ${who}`, text: "Assign" }),
          ]),
        ];
      }
      return el("tr", { "data-mentee": mentee }, [el("th", { scope: "row" }, personCell(entry.mentee)), el("td", { text: sentence(entry.reason) }), el("td", {}, assign)]);
    }),
  );
}

/** @param {Proposal} proposal */
function renderPlaces(proposal) {
  const mentors = [...proposal.mentors].sort((a, b) => a.openPlaces - a.proposed - (b.openPlaces - b.proposed) || nameOf(a.mentor).localeCompare(nameOf(b.mentor)));
  const left = mentors.reduce((sum, entry) => sum + Math.max(0, entry.openPlaces - entry.proposed), 0);
  $("places-summary").textContent = `Mentors and their places (${plural(mentors.length, "mentor")}, ${plural(left, "place")} left)`;
  $("places-rows").replaceChildren(
    ...mentors.map((entry) =>
      el("tr", {}, [
        el("th", { scope: "row" }, personCell(entry.mentor)),
        el("td", { class: "num", text: String(entry.proposed) }),
        el("td", { class: "num", text: String(entry.openPlaces) }),
        el("td", { class: "num", text: String(Math.max(0, entry.openPlaces - entry.proposed)) }),
      ]),
    ),
  );
}

/**
 * Sends one adjustment; on success shows the updated proposal and says what changed.
 * @param {Record<string, unknown>} body
 * @param {{ button?: HTMLButtonElement, busy?: string, region?: HTMLElement, done: (detail: RunDetail) => string, focus: () => void }} options
 * @returns {Promise<boolean>}
 */
async function adjust(body, options) {
  const detail = state.detail;
  if (!detail) return false;
  const target = options.region ?? reviewRegion;
  clearAnnouncement(target);
  if (options.button) setBusy(options.button, true, options.busy);
  const result = await api("POST", `${base}/matching/runs/${encodeURIComponent(detail.run.id)}/adjustments`, body);
  if (options.button?.isConnected) setBusy(options.button, false);
  if (!result.ok) {
    /** @type {Array<string | Node>} */
    const content = [result.problem.detail ?? "That change could not be made."];
    if (/someone else/i.test(result.problem.detail ?? "")) {
      content.push("The proposal below is now up to date. Check it, then make your change again.");
      const fresh = await api("GET", `${base}/matching/runs/${encodeURIComponent(detail.run.id)}`);
      if (fresh.ok) showRun(fresh.data);
    } else if (result.status === 409 && /only a proposed run/i.test(result.problem.detail ?? "")) {
      content.push("Reload the page to see the program's current matching.");
    } else if (result.status === 0 || result.status >= 500) content.push("Nothing changed. Try again in a moment.");
    else if (result.status === 409) content.push("Nothing changed. Choose another mentor, or another change.");
    announce(target, content, "error");
    return false;
  }
  showRun(result.data);
  announce(reviewRegion, options.done(result.data), "success");
  options.focus();
  return true;
}

/** Focus on a row's button after the table is redrawn; else on the pairs heading. @param {string} mentee @param {string} act */
function focusRowButton(mentee, act) {
  const button = pairRows.querySelector(`button[data-mentee="${CSS.escape(mentee)}"][data-act="${act}"]`);
  if (button instanceof HTMLElement) button.focus();
  else focusHeading($("pairs-title"));
}

/** @param {string} mentee */
function pairOf(mentee) {
  return state.detail?.proposal?.pairs.find((pair) => pair.mentee?.id === mentee);
}

pairRows.addEventListener("click", (event) => {
  const button = /** @type {HTMLButtonElement | null} */ (/** @type {HTMLElement} */ (event.target).closest("button[data-act]"));
  if (!button) return;
  const mentee = button.dataset.mentee ?? "";
  const pair = pairOf(mentee);
  if (!pair) return;
  const who = nameOf(pair.mentee);
  const act = button.dataset.act;
  if (act === "lock" || act === "unlock") {
    void adjust(
      { action: act, mentee },
      {
        button,
        busy: act === "lock" ? "Locking…" : "Unlocking…",
        done: () => (act === "lock" ? `Locked ${who} with ${nameOf(pair.mentor)}: a re-run keeps this pair.` : `Unlocked ${who}'s pair: a re-run may change it.`),
        focus: () => focusRowButton(mentee, act === "lock" ? "unlock" : "lock"),
      },
    );
  } else if (act === "unassign") {
    const rows = [...pairRows.querySelectorAll("tr")];
    const index = rows.findIndex((row) => row.dataset.mentee === mentee);
    void adjust(
      { action: "unassign", mentee },
      {
        button,
        busy: "Unassigning…",
        done: () => `Unassigned ${who} from ${nameOf(pair.mentor)}. ${pair.mentee?.firstName ?? "They"} is now in the unmatched list, and won't be paired with ${nameOf(pair.mentor)} again in this run or its re-runs.`,
        focus: () => {
          const next = [...pairRows.querySelectorAll("tr")][Math.max(0, Math.min(index, pairRows.children.length - 1))];
          const target = next?.querySelector("button[data-act='lock'], button[data-act='unlock']");
          if (target instanceof HTMLElement) target.focus();
          else focusHeading($("unmatched-title"));
        },
      },
    );
  } else if (act === "change") {
    openChange(pair, button);
  }
});

$("unmatched-rows").addEventListener("click", (event) => {
  const button = /** @type {HTMLButtonElement | null} */ (/** @type {HTMLElement} */ (event.target).closest("button[data-act='assign']"));
  if (!button) return;
  const select = /** @type {HTMLSelectElement} */ ($(button.dataset.select ?? ""));
  const mentee = button.dataset.mentee ?? "";
  const entry = state.detail?.proposal?.unmatched.find((candidate) => candidate.mentee?.id === mentee);
  const mentor = state.detail?.proposal?.mentors.find((candidate) => candidate.mentor?.id === select.value)?.mentor ?? null;
  void adjust(
    { action: "assign", mentee, mentor: select.value },
    {
      button,
      busy: "Assigning…",
      done: (detail) => {
        const placed = detail.proposal?.pairs.find((pair) => pair.mentee?.id === mentee);
        return `Assigned ${nameOf(entry?.mentee ?? null)} to ${nameOf(mentor)}${placed ? ` (score ${percent(placed.score)})` : ""}. The pair is locked, so a re-run keeps it.`;
      },
      focus: () => focusRowButton(mentee, "change"),
    },
  );
});

// Sorting by the column headers' buttons.
for (const button of document.querySelectorAll("button.sort")) {
  button.addEventListener("click", () => {
    const key = /** @type {HTMLElement} */ (button).dataset.sort ?? "score";
    state.sort = state.sort.key === key ? { key, dir: state.sort.dir === "asc" ? "desc" : "asc" } : { key, dir: "asc" };
    renderPairs();
  });
}

/** @type {number | undefined} */
let filterTimer;
filterInput.addEventListener("input", () => {
  clearTimeout(filterTimer);
  filterTimer = window.setTimeout(() => {
    state.filter = filterInput.value;
    renderPairs();
  }, 200);
});

// ---------------------------------------------------------------- changing one pair (dialog)

const changeDialog = /** @type {HTMLDialogElement} */ ($("change-dialog"));
const reassignSelect = /** @type {HTMLSelectElement} */ ($("reassign-mentor"));
const swapSelect = /** @type {HTMLSelectElement} */ ($("swap-mentee"));
const changeRegion = $("change-status");
/** @type {{ pair: Pair, opener: HTMLElement } | null} */
let changing = null;
/** Set when a change succeeded: focus then goes to the changed row, not back to the opener. */
let changeDone = false;

/** @param {Pair} pair @param {HTMLElement} opener */
function openChange(pair, opener) {
  changing = { pair, opener };
  changeDone = false;
  const who = nameOf(pair.mentee);
  $("change-title").textContent = `Change ${who}'s mentor`;
  $("change-current").textContent = `Now with ${nameOf(pair.mentor)}, scoring ${percent(pair.score)}. The new pair is scored the same way, must meet the program's requirements, and is locked so a re-run keeps it.`;
  clearAnnouncement(changeRegion);

  const free = mentorsWithPlaces(pair.mentor?.id);
  reassignSelect.replaceChildren(...free.map((entry) => el("option", { value: entry.mentor?.id ?? "", text: `${nameOf(entry.mentor)} — ${plural(entry.openPlaces - entry.proposed, "place")} left` })));
  const canReassign = free.length > 0;
  reassignSelect.disabled = !canReassign;
  /** @type {HTMLButtonElement} */ ($("reassign-submit")).disabled = !canReassign;
  if (!canReassign) reassignSelect.replaceChildren(el("option", { value: "", text: "No other mentor has a place left" }));

  const others = (state.detail?.proposal?.pairs ?? [])
    .filter((other) => other.mentee && other.mentee.id !== pair.mentee?.id && other.mentor?.id !== pair.mentor?.id)
    .sort((a, b) => nameOf(a.mentee).localeCompare(nameOf(b.mentee)));
  swapSelect.replaceChildren(...others.map((other) => el("option", { value: other.mentee?.id ?? "", text: `${nameOf(other.mentee)} (with ${nameOf(other.mentor)}, ${percent(other.score)})` })));
  const canSwap = others.length > 0;
  swapSelect.disabled = !canSwap;
  /** @type {HTMLButtonElement} */ ($("swap-submit")).disabled = !canSwap;
  if (!canSwap) swapSelect.replaceChildren(el("option", { value: "", text: "No other pair to swap with" }));

  changeDialog.showModal();
  (canReassign ? reassignSelect : canSwap ? swapSelect : $("change-cancel")).focus();
}

changeDialog.addEventListener("close", () => {
  const opener = changing?.opener;
  const done = changeDone;
  changing = null;
  if (!done && opener?.isConnected) opener.focus();
});
$("change-cancel").addEventListener("click", () => changeDialog.close());

$("reassign-form").addEventListener("submit", (event) => {
  event.preventDefault();
  if (!changing || !reassignSelect.value) return;
  const { pair } = changing;
  const mentee = pair.mentee?.id ?? "";
  const mentor = state.detail?.proposal?.mentors.find((entry) => entry.mentor?.id === reassignSelect.value)?.mentor ?? null;
  void adjust(
    { action: "assign", mentee, mentor: reassignSelect.value },
    {
      button: /** @type {HTMLButtonElement} */ ($("reassign-submit")),
      busy: "Reassigning…",
      region: changeRegion,
      done: (detail) => {
        const placed = detail.proposal?.pairs.find((candidate) => candidate.mentee?.id === mentee);
        return `${nameOf(pair.mentee)} now has ${nameOf(mentor)} as mentor${placed ? ` (score ${percent(placed.score)})` : ""}. The pair is locked, so a re-run keeps it.`;
      },
      focus: () => {
        changeDone = true;
        changeDialog.close();
        focusRowButton(mentee, "change");
      },
    },
  );
});

$("swap-form").addEventListener("submit", (event) => {
  event.preventDefault();
  if (!changing || !swapSelect.value) return;
  const { pair } = changing;
  const mentee = pair.mentee?.id ?? "";
  const other = pairOf(swapSelect.value);
  void adjust(
    { action: "swap", mentees: [mentee, swapSelect.value] },
    {
      button: /** @type {HTMLButtonElement} */ ($("swap-submit")),
      busy: "Swapping…",
      region: changeRegion,
      done: () => `Swapped: ${nameOf(pair.mentee)} now has ${nameOf(other?.mentor ?? null)}, and ${nameOf(other?.mentee ?? null)} has ${nameOf(pair.mentor)}. Both pairs are locked, so a re-run keeps them.`,
      focus: () => {
        changeDone = true;
        changeDialog.close();
        focusRowButton(mentee, "change");
      },
    },
  );
});

// ---------------------------------------------------------------- decide: re-run, approve, discard

const rerunButton = /** @type {HTMLButtonElement} */ ($("rerun"));
const approveButton = /** @type {HTMLButtonElement} */ ($("approve"));
const discardButton = /** @type {HTMLButtonElement} */ ($("discard"));

rerunButton.addEventListener("click", () => {
  if (state.detail) void startRun({ basedOn: state.detail.run.id }, rerunButton);
});

approveButton.addEventListener("click", async () => {
  const detail = state.detail;
  if (!detail?.proposal) return;
  const count = detail.proposal.pairs.length;
  const unmatched = detail.proposal.unmatched.length;
  const confirmed = await confirmAction({
    title: `Approve ${plural(count, "match", "matches")}?`,
    body: [
      `Each pair becomes a match, and both people get an introduction email: who their match is and how to reach them, what they have in common, and what the program expects of them.`,
      unmatched ? `${plural(unmatched, "mentee")} stay${unmatched === 1 ? "s" : ""} unmatched; a later run can pair them with the places left.` : "Every mentee in this proposal gets a mentor.",
      "Matches can't be undone from this page once the emails are out.",
    ],
    ok: "Approve and send introductions",
  });
  if (!confirmed) return;
  setBusy(approveButton, true, "Approving…");
  announce(reviewRegion, "Approving the matches…");
  const result = await api("POST", `${base}/matching/runs/${encodeURIComponent(detail.run.id)}/approve`);
  setBusy(approveButton, false);
  if (!result.ok) {
    announce(reviewRegion, [result.problem.detail ?? "The matches were not approved.", result.status === 409 ? "Reload the page to see the program's current matching." : "Nothing changed. Try again in a moment."], "error");
    approveButton.focus();
    return;
  }
  const created = result.data?.created ?? count;
  hideReview();
  clearAnnouncement(reviewRegion);
  clearAnnouncement(runRegion);
  const panel = $("approved-panel");
  panel.replaceChildren(
    el("p", {}, [el("strong", { text: `Approved: ${plural(created, "match", "matches")} created.` })]),
    el("p", { text: "Introductions are being emailed now to both people of each pair — they usually arrive within a few minutes." }),
  );
  panel.hidden = false;
  announce(region, `Approved: ${plural(created, "match", "matches")} created. Introductions are being emailed to both people of each pair.`, "success", { quiet: true });
  await Promise.all([refreshMatches(), refreshRuns(), refreshApproved()]);
  renderPool();
  focusHeading($("matches-title"));
});

discardButton.addEventListener("click", async () => {
  const detail = state.detail;
  if (!detail) return;
  const confirmed = await confirmAction({
    title: "Discard this proposal?",
    body: ["Nobody is matched and no one is emailed. Your changes to this proposal are set aside; you can run matching again at any time."],
    ok: "Discard the proposal",
    danger: true,
  });
  if (!confirmed) return;
  setBusy(discardButton, true, "Discarding…");
  const result = await api("POST", `${base}/matching/runs/${encodeURIComponent(detail.run.id)}/discard`);
  setBusy(discardButton, false);
  if (!result.ok) {
    announce(reviewRegion, [result.problem.detail ?? "The proposal was not discarded.", "Reload the page to see its current state."], "error");
    discardButton.focus();
    return;
  }
  hideReview();
  clearAnnouncement(reviewRegion);
  await refreshRuns();
  renderPool();
  announce(runRegion, "Proposal discarded. Nobody was matched. Run matching when you are ready.", "success");
  (runButton.hidden ? $("run-title") : runButton).focus();
});

// ---------------------------------------------------------------- 4. matches and runs

async function refreshMatches() {
  const result = await api("GET", `${base}/matches?status=active`);
  // Newest first, and within one approval by mentee, so a coordinator can find a person.
  if (result.ok) state.matches = (result.data?.matches ?? []).sort((/** @type {any} */ a, /** @type {any} */ b) => b.startedAt.localeCompare(a.startedAt) || nameOf(a.mentee).localeCompare(nameOf(b.mentee)));
  renderMatches(result.ok ? undefined : result.problem.detail);
}

/** @param {string} [problem] */
function renderMatches(problem) {
  const matches = state.matches;
  $("matches-empty").hidden = matches.length > 0;
  if (problem) $("matches-empty").textContent = `We couldn't load the matches: ${problem} Reload the page to try again.`;
  $("matches-wrap").hidden = matches.length === 0;
  $("matches-caption").textContent = `Active matches (${matches.length.toLocaleString()})`;
  $("match-rows").replaceChildren(
    ...matches.map((match) =>
      el("tr", {}, [
        el("th", { scope: "row" }, personCell(match.mentee)),
        el("td", {}, personCell(match.mentor)),
        el("td", { class: "num", text: percent(match.score) }),
        el("td", {}, [el("time", { datetime: match.startedAt, text: formatDate(match.startedAt) })]),
      ]),
    ),
  );
}

async function refreshRuns() {
  const result = await api("GET", `${base}/matching/runs`);
  if (result.ok) state.runs = result.data?.runs ?? [];
  renderRuns();
}

function renderRuns() {
  const runs = state.runs;
  $("runs-empty").hidden = runs.length > 0;
  $("runs-wrap").hidden = runs.length === 0;
  $("run-rows").replaceChildren(
    ...runs.map((run) => {
      const current = state.detail?.run.id === run.id;
      let result = "";
      if (run.status === "failed") result = run.error ?? "Stopped before proposing pairs";
      else if (run.status === "running") result = `${run.progress}% done`;
      else if (run.matched !== null) result = `${run.matched} matched, ${run.unmatched ?? 0} unmatched`;
      /** @type {Node[]} */
      let action = [];
      if (current) action = [el("span", { class: "small muted", text: "Shown above" })];
      else if (run.status === "proposed" || run.status === "running") {
        action = [el("button", { type: "button", class: "button secondary small", "data-run": run.id, "aria-label": `Open the run started ${formatDate(run.createdAt)}`, text: run.status === "running" ? "Follow" : "Review" })];
      }
      return el("tr", {}, [
        el("th", { scope: "row" }, [el("time", { datetime: run.createdAt, text: formatDate(run.createdAt) })]),
        el("td", {}, [el("span", { class: `badge run-${run.status}`, text: RUN_STATUS[/** @type {keyof typeof RUN_STATUS} */ (run.status)] ?? run.status }), ...(run.scope === "late_joiners" ? [" ", el("span", { class: "small muted", text: "late joiners" })] : [])]),
        el("td", { text: result }),
        el("td", {}, action),
      ]);
    }),
  );
}

$("run-rows").addEventListener("click", async (event) => {
  const button = /** @type {HTMLButtonElement | null} */ (/** @type {HTMLElement} */ (event.target).closest("button[data-run]"));
  if (!button) return;
  await openRun(button.dataset.run ?? "", true);
});

/** Opens a run: its proposal in the review, or its progress. @param {string} id @param {boolean} moveFocus */
async function openRun(id, moveFocus) {
  const result = await api("GET", `${base}/matching/runs/${encodeURIComponent(id)}`);
  if (!result.ok) {
    announce(runRegion, [result.problem.detail ?? "We couldn't open that run.", "Reload the page to try again."], "error");
    return false;
  }
  /** @type {RunDetail} */
  const detail = result.data;
  if (detail.run.status === "running") {
    void poll(detail.run);
    if (moveFocus) focusHeading($("run-title"));
    return true;
  }
  if (detail.run.status !== "proposed" || !detail.proposal) return false;
  showRun(detail);
  renderRuns();
  if (moveFocus) focusHeading($("review-title"));
  return true;
}

// ---------------------------------------------------------------- the page

/** How many mentees and mentors are approved (for who is waiting). */
async function refreshApproved() {
  const count = async (/** @type {string} */ role) => {
    const result = await api("GET", `${base}/applications?role=${role}&status=approved&limit=1`);
    return result.ok && typeof result.data?.total === "number" ? result.data.total : null;
  };
  const [mentees, mentors, settings] = await Promise.all([count("mentee"), count("mentor"), api("GET", `${base}/matching/settings`)]);
  state.approved = mentees === null || mentors === null ? null : { mentees, mentors };
  state.pool = settings.ok && settings.data?.pool ? settings.data.pool : null;
}

/** @param {string} title @param {string} detail @param {Array<string | Node>} next */
const fail = (title, detail, next) => showPageFailure(region, title, detail, next);

async function load() {
  const session = await loadProgramPageSession({ tenant: slug, program: programSlug, region, page: "matching.html", openFrom: "open matching from the program's page", what: "matching" });
  if (!session) return;
  const { membership, overview } = session;

  const [program, settings] = await Promise.all([api("GET", base), api("GET", `${base}/matching/settings`)]);
  if (!program.ok || !settings.ok) {
    const problem = program.ok ? /** @type {any} */ (settings).problem : program.problem;
    const status = program.ok ? settings.status : program.status;
    if (status === 404) {
      fail("We couldn't find this program", problem.detail ?? "There is no such program.", ["check the link, or pick the program from ", el("a", { href: overview, text: membership.name }), "."]);
    } else if (status === 403) {
      fail("Matching is for the program's coordinators", problem.detail ?? "Your role can't run matching for this program.", [
        "ask an administrator of ",
        el("a", { href: overview, text: membership.name }),
        " to add you as a coordinator of this program.",
      ]);
    } else {
      announce(region, [problem.detail ?? "We couldn't load matching."], "error");
      $("retry-row").hidden = false;
    }
    return;
  }
  state.program = program.data.program;
  document.title = `Matching — ${state.program.name} — Tandem`;
  $("title").textContent = `Matching: ${state.program.name}`;
  $("crumb-program").textContent = state.program.name;
  $("crumb-program").setAttribute("href", programPage);
  $("breadcrumbs").hidden = false;
  $("lead").hidden = false;
  takeSettings(settings.data);

  await Promise.all([refreshRuns(), refreshMatches(), refreshApproved(), refreshSelfMatch()]);
  // Open the run named in the address, else the newest open one (proposed, or still running).
  const wanted = params.get("run");
  const open = state.runs.find((run) => run.id === wanted && (run.status === "proposed" || run.status === "running")) ?? state.runs.find((run) => run.status === "proposed" || run.status === "running");
  if (open) await openRun(open.id, false);
  else if (wanted) hideReview();
  const newest = state.runs[0];
  if (!open && newest?.status === "failed") {
    announce(runRegion, [el("p", {}, [el("strong", { text: "The last run failed. " }), newest.error ?? ""]), "Fix what the message says, then run matching again."], "error");
  }
  renderPool();
  clearAnnouncement(region);
  $("page").hidden = false;
}

// ---------------------------------------------------------------- self-match programs

const dateOf = (/** @type {string} */ iso) => new Date(iso).toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });

/** In self-match mode: the counts, the requests waiting for mentors, and paused mentors with a Resume button. */
async function refreshSelfMatch() {
  const section = $("self-match");
  const result = await api("GET", `${base}/self-match`);
  if (!result.ok || result.data?.mode !== "self_match") {
    section.hidden = true;
    return;
  }
  renderSelfMatch(result.data);
  section.hidden = false;
}

/** @param {any} overview */
function renderSelfMatch(overview) {
  const { counts, pending, paused, settings } = overview;
  $("self-match-counts").replaceChildren(
    el("li", {}, [el("strong", { text: counts.activeSelfMatches.toLocaleString() }), ` ${counts.activeSelfMatches === 1 ? "pair" : "pairs"} formed by mentees' choice`]),
    el("li", {}, [el("strong", { text: counts.pending.toLocaleString() }), ` ${counts.pending === 1 ? "request is" : "requests are"} waiting (mentors have ${plural(settings.responseDays, "day")} to answer)`]),
    el("li", {}, [el("strong", { text: counts.declined.toLocaleString() }), " declined and ", el("strong", { text: counts.expired.toLocaleString() }), " lapsed without an answer"]),
  );
  $("self-match-pending-empty").hidden = pending.length > 0;
  $("self-match-pending-wrap").hidden = pending.length === 0;
  $("self-match-pending-rows").replaceChildren(
    ...pending.map((/** @type {any} */ request) =>
      el("tr", {}, [el("td", { text: nameOf(request.mentee) }), el("td", { text: nameOf(request.mentor) }), el("td", { text: dateOf(request.createdAt) }), el("td", { text: dateOf(request.expiresAt) })]),
    ),
  );
  $("self-match-paused-empty").hidden = paused.length > 0;
  $("self-match-paused").replaceChildren(
    ...paused.map((/** @type {any} */ entry) => {
      const button = el("button", { type: "button", class: "button secondary small", text: `Resume ${nameOf(entry.mentor)}` });
      button.addEventListener("click", async () => {
        setBusy(button, true, "Resuming…");
        const resumed = await api("POST", `${base}/self-match/mentors/${encodeURIComponent(entry.mentor?.id ?? "")}/resume`);
        setBusy(button, false);
        if (!resumed.ok) {
          announce($("self-match-status"), [resumed.problem?.detail ?? "We couldn't resume this mentor. Reload the page and try again."], "error");
          return;
        }
        announce($("self-match-status"), `${nameOf(entry.mentor)} is back in mentees' suggestions.`, "success");
        renderSelfMatch(resumed.data);
      });
      return el("li", {}, [
        el("span", { text: `${nameOf(entry.mentor)} — paused on ${dateOf(entry.pausedAt)} after ${plural(entry.unanswered, "unanswered request")}. ` }),
        button,
      ]);
    }),
  );
}

$("retry").addEventListener("click", () => void load());
void load();
