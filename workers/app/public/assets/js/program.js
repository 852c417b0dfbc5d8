/**
 * /program.html?tenant=<slug>&program=<slug>: one program in the admin
 * console — its settings and status, the embed code for its enrollment form,
 * reviewing its applications (filter, search, decide in bulk, export), and
 * importing participants from a CSV file (preview with a column mapping, then
 * import, with a report for every row).
 */
import { $, announce, api, clearAnnouncement, clearFieldError, el, setBusy, setFieldError, showProblem } from "./lib.js";
import {
  applicationStatusLabel,
  canManagePrograms,
  copyText,
  overviewPage,
  dayRange,
  debounce,
  formatMoment,
  loadSession,
  matchingPage,
  pageParams,
  plural,
  PROGRAM_STATUSES,
  programApi,
  programsPage,
  programStatusLabel,
  readFileText,
  statusButtons,
  tenantApi,
  typeLabel,
  wireSignOut,
} from "./admin-lib.js";

const { tenant, program: programSlug } = pageParams();
const base = tenant && programSlug ? programApi(tenant, programSlug) : "";
const region = $("status");
const PAGE_SIZE = 25;
const MAX_CSV_BYTES = 5 * 1024 * 1024;

/** @type {any} */
let program;
let manage = false;
/** Questions by role, for reading answers: key → { label, type, choices }. @type {Record<string, Map<string, any>>} */
const questionsByRole = { mentor: new Map(), mentee: new Map() };

wireSignOut(/** @type {HTMLButtonElement} */ ($("sign-out")), region);

// ---------------------------------------------------------------- reading answers

const DAY_NAMES = { mon: "Monday", tue: "Tuesday", wed: "Wednesday", thu: "Thursday", fri: "Friday", sat: "Saturday", sun: "Sunday" };
/** @type {Intl.DisplayNames | undefined} */
let languageNames;
try {
  languageNames = new Intl.DisplayNames(["en"], { type: "language" });
} catch {
  languageNames = undefined;
}

/** An answer as a person reads it: choice labels, language names, "Monday evening", Yes/No. @param {any} question @param {unknown} value */
function readable(question, value) {
  const one = (/** @type {unknown} */ item) => {
    const text = String(item);
    if (question?.type === "languages") {
      try {
        return languageNames?.of(text) ?? text;
      } catch {
        return text;
      }
    }
    if (question?.type === "availability") {
      const [day, part] = text.split("_");
      const name = DAY_NAMES[/** @type {keyof typeof DAY_NAMES} */ (day)];
      return name ? `${name} ${part}` : text;
    }
    return question?.choices?.find((/** @type {any} */ choice) => choice.value === text)?.label ?? text;
  };
  if (value === null || value === undefined || value === "") return "—";
  if (Array.isArray(value)) return value.length ? value.map(one).join(", ") : "—";
  if (typeof value === "boolean") return value ? "Yes" : "No";
  return one(value);
}

/** @param {string} role */
async function loadQuestions(role) {
  const result = await api("GET", `${base}/forms/${role}`);
  if (!result.ok) return;
  const form = result.data.form;
  const questions = [...(form.builtInFields ?? []), ...(form.definition?.questions ?? [])];
  questionsByRole[role] = new Map(questions.map((question) => [question.key, question]));
}

/** The answers as a definition list, in the form's order; answers to removed questions keep their key. @param {any} application */
function answersList(application) {
  const questions = questionsByRole[application.role] ?? new Map();
  const answers = application.answers ?? {};
  const keys = [...[...questions.keys()].filter((key) => key in answers), ...Object.keys(answers).filter((key) => !questions.has(key))];
  if (keys.length === 0) return el("p", { class: "muted", text: "No answers." });
  return el(
    "dl",
    { class: "answers" },
    keys.flatMap((key) => [el("dt", { text: questions.get(key)?.label ?? key.replace(/_/g, " ") }), el("dd", { text: readable(questions.get(key), answers[key]) })]),
  );
}

// ---------------------------------------------------------------- settings and status

/** @param {string} term @param {string | Node} value */
const entry = (term, value) => [el("dt", { text: term }), el("dd", {}, [value])];

function renderProgram() {
  document.title = `${program.name} — Tandem`;
  $("program-title").textContent = program.name;
  $("crumb-program").textContent = program.name;
  $("program-type").textContent = typeLabel(program.type);
  const badge = $("program-status");
  badge.textContent = programStatusLabel(program.status);
  badge.className = `badge status-${program.status}`;
  $("status-meaning").textContent = `${programStatusLabel(program.status)}: ${PROGRAM_STATUSES[/** @type {keyof typeof PROGRAM_STATUSES} */ (program.status)]?.meaning ?? ""}`;
  const objectives = program.objectives?.length ? el("ul", {}, program.objectives.map((/** @type {string} */ text) => el("li", { text }))) : "None yet";
  $("settings").replaceChildren(
    ...entry("Address", el("code", { text: program.slug })),
    ...entry("Program dates", dayRange(program.startsOn, program.endsOn, "Not set yet")),
    ...entry("Enrollment", dayRange(program.enrollmentOpensOn, program.enrollmentClosesOn, "Dates not set yet")),
    ...entry("Mentees per mentor", String(program.mentorCapacity)),
    ...entry("Check-ins", `Every ${plural(program.checkinCadenceDays, "day")}`),
    ...entry("Guardian consent", program.guardianConsentUnderAge === null ? "Not asked" : `Mentees under ${program.guardianConsentUnderAge}`),
    ...entry("Who it is for", program.targetAudience || "Not described yet"),
    ...entry("Objectives", objectives),
    ...entry("Expectations", program.expectations || "Not written yet"),
    ...(program.description ? entry("Description", program.description) : []),
  );
  if (manage) {
    $("status-controls").replaceChildren(
      statusButtons({
        tenant,
        program,
        region: $("program-status-region"),
        onChange: (changed) => {
          program = changed;
          renderProgram();
          $("settings-title").focus();
        },
      }),
    );
  }
  renderEmbedNote();
}

// ---------------------------------------------------------------- embed code

const snippet = /** @type {HTMLTextAreaElement} */ ($("snippet"));
const copyStatus = $("copy-status");
const roleRadios = /** @type {HTMLInputElement[]} */ ([...document.querySelectorAll('input[name="embed-role"]')]);
const embedRole = () => roleRadios.find((radio) => radio.checked)?.value ?? "mentee";

function renderSnippet() {
  const role = embedRole();
  snippet.value = `<script src="${location.origin}/embed.js" data-tenant="${tenant}" data-program="${programSlug}" data-role="${role}" async></script>`;
  const hosted = `${location.origin}/t/${encodeURIComponent(tenant)}/p/${encodeURIComponent(programSlug)}/join?role=${role}`;
  const link = $("hosted-link");
  link.setAttribute("href", hosted);
  link.textContent = hosted;
}
for (const radio of roleRadios) {
  radio.addEventListener("change", () => {
    renderSnippet();
    clearAnnouncement(copyStatus);
  });
}

$("copy-snippet").addEventListener("click", async () => {
  const who = embedRole() === "mentor" ? "mentor" : "mentee";
  if (await copyText(snippet.value)) {
    announce(copyStatus, `Copied the embed code for the ${who} form. Paste it into your website's page.`, "success");
    return;
  }
  snippet.focus();
  snippet.select();
  announce(copyStatus, "Your browser didn't let us copy. The code is selected: press Ctrl+C (⌘C on a Mac) to copy it.");
});

function renderEmbedNote() {
  const note = $("embed-closed");
  if (program.status === "enrolling") {
    note.hidden = true;
    return;
  }
  note.hidden = false;
  note.textContent =
    program.status === "closed"
      ? "This program is closed, so its form takes no more applications and shows people a message instead. Copy the program to start a new cohort."
      : `The form takes applications only while the program is enrolling; it is ${programStatusLabel(program.status).toLowerCase()} now, so it shows people a message instead.${
          manage && program.allowedNextStatuses?.includes("enrolling") ? " Use “Open enrollment” under Settings when the form is ready." : ""
        }`;
}

async function loadOrigins() {
  const note = $("origins-note");
  const result = await api("GET", `${tenantApi(tenant)}/settings`);
  if (!result.ok) {
    note.replaceChildren(
      el("p", {
        text:
          result.status === 403
            ? "Only your institution's owners and admins can see which websites may show the form. If the form on your site says the site isn't allowed, ask one of them to add its address to the allowed websites."
            : `We couldn't check which websites may show the form (${result.problem.detail}) Reload the page to try again.`,
      }),
    );
    return;
  }
  const origins = /** @type {string[]} */ (result.data.settings?.allowedEmbedOrigins ?? []);
  const how = el("p", { class: "small muted" }, [
    "To change the list, an owner or admin sets ",
    el("code", { text: "allowedEmbedOrigins" }),
    " in the institution's settings (see the ",
    el("a", { href: "/api/v1/docs", text: "API reference" }),
    "): each entry is a site's address such as https://www.example.org.",
  ]);
  if (origins.length === 0) {
    note.replaceChildren(el("p", { text: "No website may show the form yet, so the embed code works only once your site's address is on the list. The hosted form above works already." }), how);
    return;
  }
  note.replaceChildren(el("p", { text: "The embed code works on these websites only:" }), el("ul", { class: "origins" }, origins.map((origin) => el("li", {}, [el("code", { text: origin })]))), how);
}

// ---------------------------------------------------------------- applications

const appsRegion = $("apps-status");
const filterRole = /** @type {HTMLSelectElement} */ ($("filter-role"));
const filterStatus = /** @type {HTMLSelectElement} */ ($("filter-status"));
const filterSearch = /** @type {HTMLInputElement} */ ($("filter-search"));
const selectAll = /** @type {HTMLInputElement} */ ($("select-all"));
const body = $("apps-body");
let offset = 0;
let total = 0;
/** @type {any[]} */
let applications = [];
/** @type {Set<string>} */
const selected = new Set();
/** Rows whose answers are open; they stay open when the list reloads. @type {Set<string>} */
const expanded = new Set();
let requestNumber = 0;

function filterQuery() {
  const params = new URLSearchParams();
  if (filterRole.value) params.set("role", filterRole.value);
  if (filterStatus.value) params.set("status", filterStatus.value);
  const search = filterSearch.value.trim();
  if (search) params.set("search", search);
  return params;
}

function updateSelection() {
  const onPage = applications.filter((application) => selected.has(application.id)).length;
  $("selected-count").textContent = selected.size === 0 ? "None selected" : `${selected.size} selected`;
  selectAll.checked = applications.length > 0 && onPage === applications.length;
  selectAll.indeterminate = onPage > 0 && onPage < applications.length;
  for (const box of /** @type {HTMLInputElement[]} */ ([...body.querySelectorAll("input[type=checkbox]")])) box.checked = selected.has(box.value);
}

/** @param {any} application */
function applicationRows(application) {
  const name = `${application.firstName} ${application.lastName}`.trim() || application.email;
  const detailId = `answers-${application.id}`;
  const box = /** @type {HTMLInputElement} */ (el("input", { type: "checkbox", value: application.id, "aria-label": `Select ${name}` }));
  box.addEventListener("change", () => {
    if (box.checked) selected.add(application.id);
    else selected.delete(application.id);
    updateSelection();
  });
  const isOpen = expanded.has(application.id);
  const toggle = el("button", { type: "button", class: "disclosure", "aria-expanded": String(isOpen), "aria-controls": detailId }, [el("span", { class: "sr-only", text: "Answers of " }), name]);
  const detail = el("tr", { id: detailId, class: "details-row", ...(isOpen ? {} : { hidden: "" }) }, [el("td", { colspan: "6" }, [answersList(application)])]);
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    detail.hidden = !open;
    if (open) expanded.add(application.id);
    else expanded.delete(application.id);
  });
  const row = el("tr", { "data-application": application.id }, [
    el("td", { class: "select-cell" }, [box]),
    el("th", { scope: "row" }, [toggle]),
    el("td", { class: "email-cell", text: application.email }),
    el("td", { text: application.role === "mentor" ? "Mentor" : "Mentee" }),
    el("td", {}, [el("span", { class: `badge app-${application.status}`, text: applicationStatusLabel(application.status) })]),
    el("td", {}, [el("time", { datetime: application.submittedAt, text: formatMoment(application.submittedAt) })]),
  ]);
  return [row, detail];
}

/** @param {{ announceCount?: boolean }} [options] */
async function loadApplications(options = {}) {
  const mine = ++requestNumber;
  const params = filterQuery();
  params.set("limit", String(PAGE_SIZE));
  params.set("offset", String(offset));
  const filters = filterQuery().toString();
  $("export").setAttribute("href", `${base}/applications/export${filters ? `?${filters}` : ""}`);
  const result = await api("GET", `${base}/applications?${params}`);
  if (mine !== requestNumber) return; // A newer search is on its way.
  if (!result.ok) {
    announce(appsRegion, [result.problem.detail ?? "We couldn't load the applications.", "Change a filter or reload the page to try again."], "error");
    return;
  }
  total = result.data.total ?? 0;
  applications = result.data.applications ?? [];
  if (applications.length === 0 && offset > 0 && total > 0) {
    // The page emptied (say, after decisions under a status filter): show the last page there is.
    offset = Math.max(0, Math.floor((total - 1) / PAGE_SIZE) * PAGE_SIZE);
    return loadApplications(options);
  }
  const ids = new Set(applications.map((application) => application.id));
  for (const id of [...selected]) if (!ids.has(id)) selected.delete(id);
  body.replaceChildren(...applications.flatMap(applicationRows));
  updateSelection();

  const filtered = filters !== "";
  const first = total === 0 ? 0 : offset + 1;
  const last = offset + applications.length;
  $("apps-caption").textContent = total === 0 ? "Applications" : `Applications${filtered ? " matching the filters" : ""}: ${first}–${last} of ${total.toLocaleString("en-US")}`;
  const empty = $("apps-empty");
  empty.hidden = total > 0;
  empty.textContent = filtered
    ? "No applications match these filters. Clear the search, or choose “Any status” and “All roles”, to see more."
    : "No applications yet. Share the enrollment form above or import participants below; applications appear here as they arrive.";
  /** @type {HTMLElement} */ (document.querySelector(".bulk-bar")).hidden = total === 0;
  /** @type {HTMLElement} */ ($("apps-table").closest(".table-scroll")).hidden = total === 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const pageNumber = Math.floor(offset / PAGE_SIZE) + 1;
  /** @type {HTMLElement} */ (document.querySelector(".pager")).hidden = pages <= 1;
  $("page-info").textContent = `Page ${pageNumber} of ${pages}`;
  /** @type {HTMLButtonElement} */ ($("page-prev")).disabled = offset === 0;
  /** @type {HTMLButtonElement} */ ($("page-next")).disabled = offset + PAGE_SIZE >= total;
  if (options.announceCount) {
    announce(appsRegion, total === 0 ? "No applications match." : `${plural(total, "application")} ${total === 1 ? "matches" : "match"}${pages > 1 ? `; showing page ${pageNumber} of ${pages}` : ""}.`, "info", { quiet: true });
  }
}

async function loadConsentCount() {
  const result = await api("GET", `${base}/applications?status=pending_consent&limit=1`);
  const waiting = result.ok ? result.data.total ?? 0 : 0;
  $("consent-box").hidden = waiting === 0;
  $("consent-text").textContent = `${plural(waiting, "application")} ${waiting === 1 ? "is" : "are"} waiting for a guardian's consent. You can email their guardians a new consent link (earlier links stop working).`;
}

const refilter = () => {
  offset = 0;
  selected.clear();
  void loadApplications({ announceCount: true });
};
filterRole.addEventListener("change", refilter);
filterStatus.addEventListener("change", refilter);
filterSearch.addEventListener("input", debounce(refilter, 300));
$("filters").addEventListener("submit", (event) => {
  event.preventDefault();
  refilter();
});

selectAll.addEventListener("change", () => {
  for (const application of applications) {
    if (selectAll.checked) selected.add(application.id);
    else selected.delete(application.id);
  }
  updateSelection();
  announce(appsRegion, selectAll.checked ? `Selected all ${plural(applications.length, "application")} on this page.` : "Selection cleared.", "info", { quiet: true });
});

$("page-prev").addEventListener("click", () => {
  offset = Math.max(0, offset - PAGE_SIZE);
  selected.clear();
  void loadApplications({ announceCount: true });
});
$("page-next").addEventListener("click", () => {
  offset += PAGE_SIZE;
  selected.clear();
  void loadApplications({ announceCount: true });
});

const DECISION_WORDS = { approved: ["Approving", "Approved"], waitlisted: ["Waitlisting", "Waitlisted"], rejected: ["Rejecting", "Rejected"] };

for (const button of /** @type {HTMLButtonElement[]} */ ([...document.querySelectorAll("[data-decision]")])) {
  button.addEventListener("click", async () => {
    const decision = /** @type {keyof typeof DECISION_WORDS} */ (button.dataset.decision);
    const [doing, done] = DECISION_WORDS[decision];
    if (selected.size === 0) {
      announce(appsRegion, "Select at least one application first: tick its box in the table, or the box in the table's header for the whole page.", "error");
      return;
    }
    const ids = [...selected];
    setBusy(button, true, `${doing}…`);
    announce(appsRegion, `${doing} ${plural(ids.length, "application")}…`);
    const result = await api("POST", `${base}/applications/decisions`, { ids, decision });
    setBusy(button, false);
    if (!result.ok) {
      /** @type {{ id: string, status: string }[]} */
      const blocked = /** @type {any} */ (result.problem).blocked ?? [];
      const names = blocked
        .map((item) => applications.find((application) => application.id === item.id))
        .filter(Boolean)
        .map((application) => `${application.firstName} ${application.lastName} (${applicationStatusLabel(application.status).toLowerCase()})`);
      announce(appsRegion, [result.problem.detail ?? "We couldn't save the decision. Please try again.", ...(names.length ? [`Leave out: ${names.join(", ")}.`] : []), "Nothing was changed."], "error");
      return;
    }
    selected.clear();
    announce(appsRegion, `${done} ${plural(result.data.updated, "application")}.`, "success");
    await loadApplications();
    void loadConsentCount();
  });
}

$("consent-requests").addEventListener("click", async () => {
  const button = /** @type {HTMLButtonElement} */ ($("consent-requests"));
  setBusy(button, true, "Sending…");
  announce(appsRegion, "Asking guardians for consent…");
  const result = await api("POST", `${base}/applications/consent-requests`, {});
  setBusy(button, false);
  if (!result.ok) {
    announce(appsRegion, [result.problem.detail ?? "We couldn't send the consent requests.", "Please try again."], "error");
    return;
  }
  const { queued, withoutGuardianEmail } = result.data;
  announce(
    appsRegion,
    [
      `Sending ${plural(queued, "consent request")} to guardians now.`,
      ...(withoutGuardianEmail > 0 ? [`${plural(withoutGuardianEmail, "application")} ${withoutGuardianEmail === 1 ? "has" : "have"} no guardian email: contact those families another way, or ask the applicant to update the application.`] : []),
    ],
    "success",
  );
});

// ---------------------------------------------------------------- import

const importRegion = $("import-status");
const importForm = /** @type {HTMLFormElement} */ ($("import-form"));
const importRole = /** @type {HTMLSelectElement} */ ($("import-role"));
const importFile = /** @type {HTMLInputElement} */ ($("import-file"));
const importCheck = /** @type {HTMLButtonElement} */ ($("import-check"));
const importRun = /** @type {HTMLButtonElement} */ ($("import-run"));
const mappingBody = $("mapping-body");

/** @type {{ role: string, csv: string, fileName: string, questions: any[], unmappedRequired: string[], importable: number } | null} */
let pendingImport = null;
/** Only the newest preview's answer is shown (mapping changes can overlap). */
let previewNumber = 0;

const OUTCOME_LABELS = { create: "New", update: "Updates an earlier application", refuse: "Refused" };

/**
 * The first records of a CSV text (quotes, doubled quotes and line breaks in
 * quotes handled), for showing a sample value beside each column.
 * @param {string} text @param {number} count
 */
function firstRecords(text, count) {
  /** @type {string[][]} */
  const records = [];
  let record = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length && records.length < count; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      record.push(cell);
      cell = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[i + 1] === "\n") i++;
      record.push(cell);
      if (record.some((value) => value.trim() !== "")) records.push(record);
      record = [];
      cell = "";
    } else cell += char;
  }
  if (records.length < count) {
    record.push(cell);
    if (record.some((value) => value.trim() !== "")) records.push(record);
  }
  return records;
}

/** @param {any[]} questions @param {string} key */
const questionLabel = (questions, key) => questions.find((question) => question.key === key)?.label ?? key;

/** A refused row's reasons, in words. @param {any[]} questions @param {{ field: string, column?: string, message: string }[]} errors */
function reasons(questions, errors = []) {
  return errors.map((error) => (error.field === "row" ? `The row ${error.message}` : `${error.column ?? questionLabel(questions, error.field)}: ${error.message}`));
}

/** A table of refused rows and why. @param {any[]} questions @param {any[]} report @param {string} caption @param {string} id */
function refusedTable(questions, report, caption, id) {
  const refused = report.filter((row) => row.outcome === "refuse");
  if (refused.length === 0) return el("p", { text: "No row is refused." });
  const shown = refused.slice(0, 200);
  const table = el("table", { class: "data-table" }, [
    el("caption", { id, text: caption }),
    el("thead", {}, [el("tr", {}, [el("th", { scope: "col", text: "Row" }), el("th", { scope: "col", text: "Email" }), el("th", { scope: "col", text: "Why" })])]),
    el(
      "tbody",
      {},
      shown.map((row) =>
        el("tr", {}, [
          el("th", { scope: "row", text: String(row.row) }),
          el("td", { class: "email-cell", text: row.email ?? "—" }),
          el("td", {}, [el("ul", { class: "reasons" }, reasons(questions, row.errors).map((text) => el("li", { text })))]),
        ]),
      ),
    ),
  ]);
  return el("div", {}, [
    el("div", { class: "table-scroll", role: "region", tabindex: "0", "aria-labelledby": id }, [table]),
    ...(refused.length > shown.length ? [el("p", { class: "small muted", text: `…and ${plural(refused.length - shown.length, "more refused row")}. Fix the ones above, import again, and the rest will show.` })] : []),
  ]);
}

/** The mapping the selects show now: column → question key or null. */
function currentMapping() {
  /** @type {Record<string, string | null>} */
  const mapping = {};
  for (const select of /** @type {HTMLSelectElement[]} */ ([...mappingBody.querySelectorAll("select")])) mapping[select.dataset.column ?? ""] = select.value || null;
  return mapping;
}

/** One row per column of the file: its name, a sample, and a choice of question. @param {any} data @param {string[]} sample */
function renderMapping(data, sample) {
  mappingBody.replaceChildren(
    ...data.columns.map((/** @type {string} */ column, /** @type {number} */ index) => {
      const id = `map-${index}`;
      const select = /** @type {HTMLSelectElement} */ (el("select", { id, "data-column": column, "aria-describedby": `${id}-sample` }));
      select.append(new Option("Don't import", ""));
      for (const question of data.questions) select.append(new Option(`${question.label}${question.required ? " (required)" : ""}`, question.key));
      select.value = data.mapping[column] ?? "";
      select.addEventListener("change", () => {
        clearFieldError(select);
        void preview(true);
      });
      return el("tr", {}, [
        el("th", { scope: "row" }, [el("label", { for: id }, [el("span", { class: "sr-only", text: "Column " }), column])]),
        el("td", { id: `${id}-sample`, class: "sample", text: sample[index] ? sample[index] : "(empty)" }),
        el("td", {}, [el("div", { class: "field" }, [select])]),
      ]);
    }),
  );
}

/** The preview's findings: missing questions, the first rows, and refused rows. @param {any} data */
function renderOutcome(data) {
  const { questions, summary } = data;
  const unmapped = $("unmapped");
  unmapped.hidden = data.unmappedRequired.length === 0;
  unmapped.replaceChildren(
    el("p", { text: "These required questions get no column yet, so nothing can be imported. Choose the column that answers each of them above:" }),
    el("ul", {}, data.unmappedRequired.map((/** @type {string} */ key) => el("li", { text: questionLabel(questions, key) }))),
  );
  const importable = summary.create + summary.update;
  $("preview-summary").textContent =
    `${plural(data.rows, "row")} in the file: ${summary.create.toLocaleString("en-US")} would be new, ${summary.update.toLocaleString("en-US")} would update earlier applications, ${summary.refuse.toLocaleString("en-US")} would be refused.` +
    (summary.refuse > 0 && importable > 0 ? " Refused rows are left out; the others are imported together." : "");

  const mapped = Object.values(data.mapping).filter((key) => key !== null);
  const keys = questions.map((/** @type {any} */ question) => question.key).filter((/** @type {string} */ key) => mapped.includes(key));
  $("preview-head").replaceChildren(
    el("tr", {}, [el("th", { scope: "col", text: "Row" }), el("th", { scope: "col", text: "Outcome" }), ...keys.map((/** @type {string} */ key) => el("th", { scope: "col", text: questionLabel(questions, key) }))]),
  );
  const outcomeOf = new Map(data.report.map((/** @type {any} */ row) => [row.row, row.outcome]));
  $("preview-body").replaceChildren(
    ...data.preview.map((/** @type {any} */ row) => {
      const outcome = outcomeOf.get(row.row) ?? "refuse";
      return el("tr", { class: `outcome-${outcome}` }, [
        el("th", { scope: "row", text: String(row.row) }),
        el("td", {}, [el("span", { class: `badge outcome-${outcome}`, text: OUTCOME_LABELS[/** @type {keyof typeof OUTCOME_LABELS} */ (outcome)] })]),
        ...keys.map((/** @type {string} */ key) => el("td", { text: readable(questions.find((/** @type {any} */ question) => question.key === key), row.answers[key]) })),
      ]);
    }),
  );
  $("preview-caption").textContent = data.rows > data.preview.length ? `The first ${data.preview.length} of ${plural(data.rows, "row")}, as they would be imported` : "Every row, as it would be imported";
  $("refused-preview").replaceChildren(el("h3", { text: "Rows that would be refused" }), refusedTable(questions, data.report, "Refused rows and why", "refused-preview-caption"));
  importRun.textContent = importable > 0 ? `Import ${plural(importable, "row")}` : "Import";
  if (pendingImport) {
    pendingImport.unmappedRequired = data.unmappedRequired;
    pendingImport.questions = questions;
    pendingImport.importable = importable;
  }
}

function resetImport() {
  pendingImport = null;
  $("import-preview").hidden = true;
  $("import-result").hidden = true;
  importForm.hidden = false;
}

/**
 * Asks the API what importing the file would do. The first time, it suggests
 * the mapping; after that, the mapping the person chose is sent.
 * @param {boolean} withMapping
 */
async function preview(withMapping) {
  if (!pendingImport) return;
  const { role, csv } = pendingImport;
  const mapping = withMapping ? currentMapping() : undefined;
  const mine = ++previewNumber;
  if (!withMapping) $("import-preview").hidden = true;
  announce(importRegion, [el("p", {}, [el("span", { class: "spinner", "aria-hidden": "true" }), withMapping ? " Checking the file again with your columns…" : ` Checking ${pendingImport.fileName} against the ${role} form…`])]);
  setBusy(importCheck, true, "Checking…");
  importRun.disabled = true;
  const result = await api("POST", `${base}/imports/preview`, { role, csv, ...(mapping ? { mapping } : {}) });
  if (mine !== previewNumber) return;
  setBusy(importCheck, false);
  importRun.disabled = false;
  if (pendingImport === null) return; // The person started over meanwhile.
  if (!result.ok) {
    const mappingErrors = (result.problem.errors ?? []).filter((error) => error.path.startsWith("body.mapping."));
    if (withMapping && mappingErrors.length) {
      for (const error of mappingErrors) {
        const column = error.path.slice("body.mapping.".length);
        const select = /** @type {HTMLSelectElement[]} */ ([...mappingBody.querySelectorAll("select")]).find((candidate) => candidate.dataset.column === column);
        if (select) setFieldError(select, `This column ${error.message}.`);
      }
      announce(importRegion, "Two columns can't fill the same question. Change the column marked below to another question, or to “Don't import”.", "error");
      return;
    }
    if (!withMapping) showProblem(importForm, importRegion, result.problem);
    else announce(importRegion, [result.problem.detail ?? "We couldn't check the file.", "Please try again."], "error");
    return;
  }
  const data = result.data;
  if (!withMapping) {
    renderMapping(data, firstRecords(csv, 2)[1] ?? []);
  }
  renderOutcome(data);
  $("import-preview").hidden = false;
  const { summary } = data;
  announce(
    importRegion,
    data.unmappedRequired.length > 0
      ? `Checked ${plural(data.rows, "row")}. Some required questions have no column yet: choose them under “Check the columns”.`
      : `Checked ${plural(data.rows, "row")}: ${summary.create} new, ${summary.update} updates, ${summary.refuse} refused. Nothing is saved until you press Import.`,
    data.unmappedRequired.length > 0 ? "error" : "info",
  );
  if (!withMapping) $("preview-title").focus();
}

importFile.addEventListener("change", () => {
  clearFieldError(importFile);
  if (pendingImport) resetImport();
});
importRole.addEventListener("change", () => {
  if (pendingImport) {
    resetImport();
    announce(importRegion, "The form's questions depend on the role: press “Check the file” again.");
  }
});

importForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearFieldError(importFile);
  const file = importFile.files?.[0];
  /** @param {string} message */
  const refuse = (message) => {
    setFieldError(importFile, message);
    announce(importRegion, "Please fix the field marked below.", "error");
    importFile.focus();
  };
  if (!file) return refuse("Choose the CSV file to import.");
  if (!/\.(csv|txt)$/i.test(file.name) && !/csv|text\/plain/.test(file.type)) {
    return refuse(`${file.name} isn't a CSV file. Open it in your spreadsheet program, save it as CSV (comma-separated values), and choose that file.`);
  }
  if (file.size > MAX_CSV_BYTES) return refuse(`${file.name} is larger than 5 MB. Split it into smaller files and import them one after another.`);
  if (file.size === 0) return refuse(`${file.name} is empty. Choose a CSV file with a header row and one row per person.`);
  let csv;
  try {
    csv = await readFileText(file);
  } catch {
    return refuse(`We couldn't read ${file.name}. Check that it isn't open in another program, then choose it again.`);
  }
  pendingImport = { role: importRole.value, csv, fileName: file.name, questions: [], unmappedRequired: [], importable: 0 };
  $("import-result").hidden = true;
  await preview(false);
});

importRun.addEventListener("click", async () => {
  if (!pendingImport) return;
  const { role, csv, questions, unmappedRequired, importable } = pendingImport;
  if (unmappedRequired.length > 0) {
    announce(importRegion, `Choose a column for each required question first: ${unmappedRequired.map((key) => questionLabel(questions, key)).join(", ")}.`, "error");
    mappingBody.querySelector("select")?.focus();
    return;
  }
  if (importable === 0) {
    announce(importRegion, "Every row would be refused, so there is nothing to import. Fix the rows listed below in your spreadsheet, save it as CSV and check it again.", "error");
    return;
  }
  setBusy(importRun, true, "Importing…");
  /** @type {HTMLButtonElement} */ ($("import-reset")).disabled = true;
  announce(importRegion, [el("p", {}, [el("span", { class: "spinner", "aria-hidden": "true" }), ` Importing ${plural(importable, "row")}… Large files can take a minute; keep this page open.`])]);
  const result = await api("POST", `${base}/imports`, { role, csv, mapping: currentMapping() });
  setBusy(importRun, false);
  /** @type {HTMLButtonElement} */ ($("import-reset")).disabled = false;
  if (!result.ok) {
    announce(importRegion, [result.problem.detail ?? "The import failed.", ...(result.problem.errors ?? []).map((error) => error.message), "Nothing was imported. Check the columns and try again."], "error");
    return;
  }
  const { summary, report } = result.data;
  clearAnnouncement(importRegion);
  pendingImport = null;
  $("import-preview").hidden = true;
  importForm.reset();
  $("result-summary").textContent = `${summary.create.toLocaleString("en-US")} created, ${summary.update.toLocaleString("en-US")} updated, ${summary.refuse.toLocaleString("en-US")} refused.${
    summary.refuse > 0 ? " Fix the refused rows in your spreadsheet and import the file again: people already imported are updated, not added twice." : ""
  }`;
  $("result-refused").replaceChildren(...(summary.refuse > 0 ? [refusedTable(questions, report, "Refused rows and why", "refused-result-caption")] : []));
  $("import-result").hidden = false;
  $("result-title").focus();
  void loadApplications();
  void loadConsentCount();
});

$("import-reset").addEventListener("click", () => {
  resetImport();
  importForm.reset();
  clearAnnouncement(importRegion);
  importFile.focus();
});
$("import-again").addEventListener("click", () => {
  resetImport();
  importFile.focus();
});

// ---------------------------------------------------------------- the page

async function load() {
  announce(region, "Loading the program…");
  if (tenant && !programSlug) {
    announce(region, [el("p", {}, ["This address doesn't name a program. ", el("a", { href: programsPage(tenant), text: "Choose one from your programs" }), "."])], "error");
    return;
  }
  const session = await loadSession(tenant, region, () => void load());
  if (!session) return;
  manage = canManagePrograms(session.membership.role);
  $("crumb-overview").setAttribute("href", overviewPage(tenant));
  $("crumb-programs").setAttribute("href", programsPage(tenant));
  $("matching-link").setAttribute("href", matchingPage(tenant, programSlug));

  const result = await api("GET", base);
  if (!result.ok) {
    const again = el("button", { type: "button", class: "button small", text: "Try again" });
    again.addEventListener("click", () => void load());
    announce(
      region,
      result.status === 404
        ? [el("p", {}, [`There is no program at “${programSlug}” that you can see. `, el("a", { href: programsPage(tenant), text: "Choose one from your programs" }), "."])]
        : [result.problem.detail ?? "We couldn't load the program.", el("p", {}, [again])],
      "error",
    );
    return;
  }
  program = result.data.program;
  for (const part of document.querySelectorAll("[data-manage]")) /** @type {HTMLElement} */ (part).hidden = !manage;
  $("viewer-note").hidden = manage;
  renderProgram();
  renderSnippet();
  clearAnnouncement(region);
  $("page").hidden = false;
  void loadOrigins();
  if (manage) {
    await Promise.all([loadQuestions("mentor"), loadQuestions("mentee")]);
    await Promise.all([loadApplications(), loadConsentCount()]);
  }
}

void load();
