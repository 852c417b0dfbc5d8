/**
 * /programs.html?tenant=<slug>: an institution's programs. Everyone on the
 * staff sees the list (coordinators: the programs they run); owners, admins
 * and coordinators also create programs, move them through their statuses and
 * copy them into a next cohort.
 */
import { $, announce, api, clearAnnouncement, clearFieldError, el, setBusy, showProblem, suggestSlug, validateForm, setFieldError } from "./lib.js";

/** Program addresses are at most 60 characters. */
const SLUG_MAX = 60;
import {
  canManagePrograms,
  overviewPage,
  dayRange,
  loadSession,
  pageParams,
  plural,
  PROGRAM_STATUSES,
  PROGRAM_TYPES,
  programApi,
  programPage,
  programStatusLabel,
  statusButtons,
  tenantApi,
  typeLabel,
  wireSignOut,
} from "./admin-lib.js";

const { tenant } = pageParams();
const region = $("status");
const listRegion = $("list-status");
const list = $("program-list");
let manage = false;

wireSignOut(/** @type {HTMLButtonElement} */ ($("sign-out")), region);

// ---------------------------------------------------------------- the list

/**
 * @typedef {{ slug: string, name: string, type: string, status: string, startsOn: string | null, endsOn: string | null,
 *   enrollmentOpensOn: string | null, enrollmentClosesOn: string | null, allowedNextStatuses: string[] }} Program
 */

/** @type {Map<string, { item: HTMLElement, update: (program: Program) => void }>} */
const items = new Map();

/** "First-Year Peers 2026" → "First-Year Peers 2027"; without a year, "… (next cohort)". @param {string} name */
function nextCohortName(name) {
  return /\b(19|20)\d{2}\b/.test(name) ? name.replace(/\b((?:19|20)\d{2})\b/g, (year) => String(Number(year) + 1)) : `${name} (next cohort)`;
}

/** The same day a year later. @param {string | null} day */
function nextYear(day) {
  if (!day) return "";
  const [year, month, date] = day.split("-").map(Number);
  const next = new Date(Date.UTC(year + 1, month - 1, date));
  // 29 February becomes 1 March; close enough for a suggestion.
  return next.toISOString().slice(0, 10);
}

/** How many applications a program has, and how many wait for review (two cheap counts). @param {Program} program @param {HTMLElement} target */
async function showCounts(program, target) {
  const base = `${programApi(tenant, program.slug)}/applications?limit=1`;
  const [all, waiting] = await Promise.all([api("GET", base), api("GET", `${base}&status=submitted`)]);
  if (!all.ok || !waiting.ok) return;
  const total = all.data.total ?? 0;
  const toReview = waiting.data.total ?? 0;
  target.textContent = total === 0 ? "No applications yet" : `${plural(total, "application")} · ${toReview.toLocaleString("en-US")} to review`;
}

/** The "Copy to next cohort" form, in place under the program. @param {Program} program @param {HTMLElement} itemRegion @param {HTMLButtonElement} opener */
function copyForm(program, itemRegion, opener) {
  const id = (/** @type {string} */ part) => `copy-${part}-${program.slug}`;
  const name = /** @type {HTMLInputElement} */ (el("input", { id: id("name"), name: "name", "data-path": "name", type: "text", autocomplete: "off", required: "", minlength: "2", maxlength: "120", "data-missing": "Enter a name for the new cohort." }));
  const slug = /** @type {HTMLInputElement} */ (
    el("input", {
      id: id("slug"),
      name: "slug",
      "data-path": "slug",
      type: "text",
      autocomplete: "off",
      autocapitalize: "none",
      spellcheck: "false",
      required: "",
      minlength: "3",
      maxlength: "60",
      pattern: "[a-z0-9](?:[a-z0-9\\-]*[a-z0-9])?",
      "data-missing": "Choose an address for the new cohort.",
      "data-invalid": "Address must be 3–60 lowercase letters, digits and hyphens, starting and ending with a letter or digit.",
    })
  );
  const startsOn = /** @type {HTMLInputElement} */ (el("input", { id: id("starts"), name: "startsOn", "data-path": "startsOn", type: "date", "aria-describedby": id("starts-hint") }));
  name.value = nextCohortName(program.name);
  slug.value = suggestSlug(name.value, SLUG_MAX);
  if (slug.value === program.slug) slug.value = `${slug.value.slice(0, 57)}-2`;
  startsOn.value = nextYear(program.startsOn);
  let slugEdited = false;
  name.addEventListener("input", () => {
    clearFieldError(name);
    if (!slugEdited) slug.value = suggestSlug(name.value, SLUG_MAX);
  });
  slug.addEventListener("input", () => {
    clearFieldError(slug);
    slugEdited = slug.value !== "";
  });
  startsOn.addEventListener("input", () => clearFieldError(startsOn));

  const submit = /** @type {HTMLButtonElement} */ (el("button", { type: "submit", class: "button small", text: "Create the copy" }));
  const cancel = el("button", { type: "button", class: "button secondary small", text: "Cancel" });
  const form = /** @type {HTMLFormElement} */ (
    el("form", { class: "copy-form", novalidate: "", "aria-label": `Copy ${program.name} to a next cohort` }, [
      el("p", { class: "muted small", text: "The copy is a new draft with the same settings, forms and coordinators. Its dates move with the new start date; without one, they are left empty." }),
      el("div", { class: "row three" }, [
        el("div", { class: "field" }, [el("label", { for: name.id, text: "New name" }), name]),
        el("div", { class: "field" }, [el("label", { for: slug.id, "data-short": "Address", text: "Address" }), slug]),
        el("div", { class: "field" }, [el("label", { for: startsOn.id, text: "New start date" }), startsOn, el("span", { id: id("starts-hint"), class: "hint", text: "Optional." })]),
      ]),
      el("div", { class: "actions" }, [submit, cancel]),
    ])
  );
  const close = () => {
    form.remove();
    opener.hidden = false;
    opener.focus();
  };
  cancel.addEventListener("click", close);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!validateForm(form, itemRegion)) return;
    setBusy(submit, true, "Copying…");
    announce(itemRegion, `Copying ${program.name}…`);
    const result = await api("POST", `${programApi(tenant, program.slug)}/copy`, { name: name.value, slug: slug.value, ...(startsOn.value ? { startsOn: startsOn.value } : {}) });
    setBusy(submit, false);
    if (!result.ok) {
      showProblem(form, itemRegion, result.problem, { fallbackField: result.status === 409 ? slug : undefined });
      return;
    }
    form.remove();
    opener.hidden = false;
    clearAnnouncement(itemRegion);
    const copy = result.data.program;
    addProgram(copy, true);
    announce(listRegion, [el("p", {}, [`Created ${copy.name} as a draft copy of ${program.name}. `, el("a", { href: programPage(tenant, copy.slug), text: `Open ${copy.name}` }), " to check its dates and forms, then open enrollment."])], "success");
    items.get(copy.slug)?.item.querySelector("h3")?.focus();
  });
  return { form, focus: () => name.focus() };
}

/** @param {Program} program */
function renderItem(program) {
  const heading = el("h3", { class: "program-name", tabindex: "-1" });
  const badge = el("span", { class: "badge" });
  const meta = el("p", { class: "program-meta" });
  const meaning = el("p", { class: "program-meaning small" });
  const counts = el("p", { class: "program-counts small" });
  const itemRegion = el("div", { class: "status", role: "status", "aria-live": "polite" });
  const controls = el("div", { class: "program-controls" });
  const item = el("li", { class: "program-item", "data-program": program.slug }, [
    el("div", { class: "program-head" }, [heading, badge]),
    meta,
    meaning,
    counts,
    itemRegion,
    controls,
  ]);

  /** @param {Program} current */
  const update = (current) => {
    heading.replaceChildren(el("a", { href: programPage(tenant, current.slug), text: current.name }));
    badge.textContent = programStatusLabel(current.status);
    badge.className = `badge status-${current.status}`;
    meta.replaceChildren(
      el("span", { text: typeLabel(current.type) }),
      el("span", { text: dayRange(current.startsOn, current.endsOn, "No program dates yet") }),
      el("span", { text: `Enrollment: ${dayRange(current.enrollmentOpensOn, current.enrollmentClosesOn, "no dates yet")}` }),
    );
    meaning.textContent = PROGRAM_STATUSES[/** @type {keyof typeof PROGRAM_STATUSES} */ (current.status)]?.meaning ?? "";
    if (!manage) return;
    const statusControl = statusButtons({
      tenant,
      program: current,
      region: itemRegion,
      onChange: (changed) => {
        update(changed);
        heading.focus();
      },
    });
    const copyButton = /** @type {HTMLButtonElement} */ (el("button", { type: "button", class: "button secondary small", "aria-label": `Copy to next cohort: ${current.name}`, text: "Copy to next cohort…" }));
    copyButton.addEventListener("click", () => {
      const { form, focus } = copyForm(current, itemRegion, copyButton);
      copyButton.hidden = true;
      controls.append(form);
      focus();
    });
    statusControl.querySelector(".status-actions")?.append(copyButton);
    controls.replaceChildren(statusControl);
  };
  update(program);
  if (manage) void showCounts(program, counts);
  return { item, update };
}

/** @param {Program} program @param {boolean} [first] */
function addProgram(program, first = false) {
  const rendered = renderItem(program);
  items.set(program.slug, rendered);
  if (first) list.prepend(rendered.item);
  else list.append(rendered.item);
  $("programs-empty").hidden = true;
}

/** @param {string} role */
function emptyStateText(role) {
  if (role === "coordinator") return "You don't run any programs yet. Create one with the form below, or ask an administrator to assign you to a program.";
  if (canManagePrograms(role)) return "Create your first program with the form below: give it a name and a type, and Tandem fills in sensible settings and starter forms.";
  return "Programs appear here once a coordinator or administrator creates them.";
}

// ---------------------------------------------------------------- creating one

const form = /** @type {HTMLFormElement} */ ($("create-form"));
const createRegion = $("create-status");
const nameInput = /** @type {HTMLInputElement} */ ($("program-name"));
const slugInput = /** @type {HTMLInputElement} */ ($("program-slug"));
const submit = /** @type {HTMLButtonElement} */ ($("create-submit"));
const typeRadios = /** @type {HTMLInputElement[]} */ ([...form.querySelectorAll('input[name="type"]')]);
let slugEdited = false;

function showSlugPreview() {
  $("slug-preview").textContent = slugInput.value || "<address>";
}
nameInput.addEventListener("input", () => {
  if (slugEdited) return;
  slugInput.value = suggestSlug(nameInput.value, SLUG_MAX);
  clearFieldError(slugInput);
  showSlugPreview();
});
slugInput.addEventListener("input", () => {
  slugEdited = slugInput.value !== "";
  showSlugPreview();
});
for (const field of form.querySelectorAll("input, textarea")) {
  field.addEventListener("input", () => clearFieldError(/** @type {HTMLInputElement} */ (field)));
}

/** The hints under the numbers say what an empty field becomes for the chosen type. */
function showTypeDefaults() {
  const type = typeRadios.find((radio) => radio.checked)?.value;
  clearFieldError(typeRadios[0]);
  const info = PROGRAM_TYPES[/** @type {keyof typeof PROGRAM_TYPES} */ (type ?? "")];
  if (!info) return;
  const { mentorCapacity, checkinCadenceDays, guardianConsentUnderAge } = info.defaults;
  const kind = info.label.replace(/ mentoring$/, "").toLowerCase();
  $("capacity-hint").textContent = `Empty: ${mentorCapacity}, the ${kind} default.`;
  $("cadence-hint").textContent = `Empty: every ${checkinCadenceDays} days, the ${kind} default.`;
  $("consent-age-hint").textContent =
    guardianConsentUnderAge === null ? `Empty: no guardian consent asked, the ${kind} default.` : `Empty: under ${guardianConsentUnderAge}, the ${kind} default.`;
}
for (const radio of typeRadios) radio.addEventListener("change", showTypeDefaults);

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const valid = validateForm(form, createRegion);
  const type = typeRadios.find((radio) => radio.checked)?.value;
  if (!type) {
    setFieldError(typeRadios[0], "Choose the program's type: peer, faculty–student or community.");
    if (valid) {
      announce(createRegion, "Please fix the field marked below.", "error");
      typeRadios[0].focus();
    }
    return;
  }
  if (!valid) return;
  /** @type {Record<string, unknown>} */
  const body = { name: nameInput.value, slug: slugInput.value, type };
  const description = /** @type {HTMLTextAreaElement} */ ($("program-description")).value.trim();
  if (description) body.description = description;
  for (const field of /** @type {HTMLInputElement[]} */ ([...form.querySelectorAll('input[type="date"], input[type="number"]')])) {
    if (field.value === "") continue;
    body[field.name] = field.type === "number" ? Number(field.value) : field.value;
  }
  setBusy(submit, true, "Creating…");
  announce(createRegion, `Creating ${nameInput.value}…`);
  const result = await api("POST", `${tenantApi(tenant)}/programs`, body);
  setBusy(submit, false);
  if (!result.ok) {
    showProblem(form, createRegion, result.problem, { fallbackField: result.status === 409 ? slugInput : undefined });
    return;
  }
  const program = result.data.program;
  clearAnnouncement(createRegion);
  form.reset();
  for (const id of ["capacity-hint", "cadence-hint", "consent-age-hint"]) $(id).textContent = "Empty: the type's default.";
  slugEdited = false;
  showSlugPreview();
  addProgram(program, true);
  announce(
    listRegion,
    [el("p", {}, [`Created ${program.name} as a draft. `, el("a", { href: programPage(tenant, program.slug), text: `Open ${program.name}` }), " to see its enrollment form and embed code, then open enrollment when you're ready."])],
    "success",
  );
  items.get(program.slug)?.item.querySelector("h3")?.focus();
});

// ---------------------------------------------------------------- the page

async function load() {
  announce(region, "Loading your programs…");
  const session = await loadSession(tenant, region, () => void load());
  if (!session) return;
  const { membership } = session;
  manage = canManagePrograms(membership.role);
  ($("crumb-overview")).setAttribute("href", overviewPage(tenant));
  $("slug-tenant").textContent = tenant;
  document.title = `Programs — ${membership.name} — Tandem`;
  $("lead").textContent = manage
    ? `${membership.name}'s mentoring programs. Open one to embed its form, review applications and import participants.`
    : `${membership.name}'s mentoring programs.`;

  const result = await api("GET", `${tenantApi(tenant)}/programs`);
  if (!result.ok) {
    const again = el("button", { type: "button", class: "button small", text: "Try again" });
    again.addEventListener("click", () => void load());
    announce(region, [result.problem.detail ?? "We couldn't load your programs.", el("p", {}, [again])], "error");
    return;
  }
  /** @type {Program[]} */
  const programs = result.data.programs ?? [];
  items.clear();
  list.replaceChildren();
  for (const program of programs) addProgram(program);
  $("programs-empty-next").textContent = emptyStateText(membership.role);
  $("programs-empty").hidden = programs.length > 0;
  $("create").hidden = !manage;
  $("jump-create").hidden = !manage;
  clearAnnouncement(region);
  $("page").hidden = false;
}

void load();
