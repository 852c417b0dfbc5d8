/**
 * Shared helpers for Tandem's static pages: calling the JSON API, showing
 * problem+json errors next to their fields, and announcing progress in the
 * page's live region. Plain ES modules, no build step, CSP-friendly.
 */

/**
 * @typedef {{ path: string, message: string }} FieldProblem
 * @typedef {{ type?: string, title?: string, status: number, detail?: string, errors?: FieldProblem[], requestId?: string }} Problem
 * @typedef {{ ok: true, status: number, data: any } | { ok: false, status: number, problem: Problem }} ApiResult
 */

/**
 * Calls the API and never throws: network failures and non-JSON errors become problems too.
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body]
 * @returns {Promise<ApiResult>}
 */
export async function api(method, path, body) {
  let response;
  try {
    response = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: { "content-type": "application/json", accept: "application/json, application/problem+json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return {
      ok: false,
      status: 0,
      problem: { status: 0, title: "Network error", detail: "We couldn't reach Tandem. Check your internet connection and try again." },
    };
  }
  const type = response.headers.get("content-type") ?? "";
  let data = null;
  if (response.status !== 204 && /json/.test(type)) {
    try {
      data = await response.json();
    } catch {
      data = null;
    }
  }
  if (response.ok) return { ok: true, status: response.status, data };
  /** @type {Problem} */
  const problem = data && typeof data === "object" ? { ...data, status: response.status } : { status: response.status };
  if (!problem.detail) {
    problem.detail =
      response.status >= 500
        ? "Something went wrong on our side. Please try again in a minute."
        : problem.title || `The request failed (HTTP ${response.status}). Please try again.`;
  }
  if (!problem.requestId) problem.requestId = response.headers.get("x-request-id") ?? undefined;
  return { ok: false, status: response.status, problem };
}

/** @param {string} id */
export function $(id) {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from the page`);
  return element;
}

/**
 * Puts a message in the page's live region (role=status), replacing what was there.
 * @param {HTMLElement} region
 * @param {string | Node | Array<string | Node>} content
 * @param {"info" | "error" | "success"} [kind]
 * @param {{ quiet?: boolean }} [options] quiet: for screen readers only, when a visible panel already says it
 */
export function announce(region, content, kind = "info", options = {}) {
  region.classList.toggle("sr-only", Boolean(options.quiet));
  region.classList.toggle("is-error", kind === "error");
  region.classList.toggle("is-success", kind === "success");
  const nodes = (Array.isArray(content) ? content : [content]).map((part) => {
    if (typeof part !== "string") return part;
    const p = document.createElement("p");
    p.textContent = part;
    return p;
  });
  region.replaceChildren(...nodes);
}

/** @param {HTMLElement} region */
export function clearAnnouncement(region) {
  region.replaceChildren();
  region.classList.remove("is-error", "is-success", "sr-only");
}

/** @param {string} tag @param {Record<string, string>} [attrs] @param {Array<string | Node>} [children] */
export function el(tag, attrs = {}, children = []) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === "text") element.textContent = value;
    else element.setAttribute(name, value);
  }
  element.append(...children);
  return element;
}

/** The fields of a form that can carry an error. @param {HTMLFormElement} form */
function fieldsOf(form) {
  return /** @type {Array<HTMLInputElement | HTMLSelectElement>} */ ([...form.querySelectorAll("input, select, textarea")]).filter(
    (field) => field.type !== "hidden" && field.type !== "submit",
  );
}

/**
 * The field's label text without trailing punctuation, for "Address must be …" style messages.
 * @param {HTMLInputElement | HTMLSelectElement} field
 */
function labelOf(field) {
  const label = field.labels?.[0];
  return (label?.dataset.short || label?.textContent || field.name).trim().replace(/[:*]$/, "");
}

/**
 * Shows an error under a field: aria-invalid, and the message joined to the field's description.
 * @param {HTMLInputElement | HTMLSelectElement} field
 * @param {string} message
 */
export function setFieldError(field, message) {
  const errorId = `${field.id}-error`;
  let error = document.getElementById(errorId);
  if (!error) {
    error = el("p", { id: errorId, class: "field-error" });
    (field.closest(".field") ?? field.parentElement)?.append(error);
  }
  error.textContent = message;
  field.setAttribute("aria-invalid", "true");
  const described = (field.getAttribute("aria-describedby") ?? "").split(/\s+/).filter(Boolean);
  if (!described.includes(errorId)) field.setAttribute("aria-describedby", [...described, errorId].join(" "));
}

/** @param {HTMLInputElement | HTMLSelectElement} field */
export function clearFieldError(field) {
  const errorId = `${field.id}-error`;
  document.getElementById(errorId)?.remove();
  field.removeAttribute("aria-invalid");
  const described = (field.getAttribute("aria-describedby") ?? "").split(/\s+/).filter((id) => id && id !== errorId);
  if (described.length) field.setAttribute("aria-describedby", described.join(" "));
  else field.removeAttribute("aria-describedby");
}

/** @param {HTMLFormElement} form */
export function clearFormErrors(form) {
  for (const field of fieldsOf(form)) clearFieldError(field);
}

/**
 * "must be at least 3 characters" reads better as "Address must be at least 3 characters".
 * @param {HTMLInputElement | HTMLSelectElement} field
 * @param {string} message
 */
function sentenceFor(field, message) {
  const text = message.trim();
  if (/^[a-z]/.test(text) && /^(must|is|are|may|should|cannot|can't|has|was|already|does)\b/.test(text)) {
    return `${labelOf(field)} ${text}${/[.!?]$/.test(text) ? "" : "."}`;
  }
  return text;
}

/**
 * Finds the field an error path points at: the field whose data-path is the
 * longest suffix of the path (`body.institution.name` → data-path="institution.name"),
 * else the first field whose name is the path's last segment.
 * @param {HTMLFormElement} form
 * @param {string} path
 */
export function fieldForPath(form, path) {
  const segments = String(path ?? "").split(/[.\/\[\]]+/).filter(Boolean);
  if (segments.length === 0) return undefined;
  let best;
  let bestLength = 0;
  for (const field of fieldsOf(form)) {
    const own = (field.dataset.path ?? "").split(".").filter(Boolean);
    if (own.length === 0 || own.length > segments.length) continue;
    const tail = segments.slice(segments.length - own.length);
    if (tail.every((segment, i) => segment === own[i]) && own.length > bestLength) {
      best = field;
      bestLength = own.length;
    }
  }
  if (best) return best;
  const last = segments[segments.length - 1];
  return fieldsOf(form).find((field) => field.name === last);
}

/**
 * Shows a problem: its detail in the live region, and each field error next to its field.
 * Moves focus to the first field in error (or leaves it, so the live region is read).
 * @param {HTMLFormElement} form
 * @param {HTMLElement} region
 * @param {Problem} problem
 * @param {{ fallbackField?: HTMLInputElement | HTMLSelectElement, extra?: Array<string | Node> }} [options]
 * @returns {boolean} whether any field got an error
 */
export function showProblem(form, region, problem, options = {}) {
  clearFormErrors(form);
  const unplaced = [];
  /** @type {HTMLInputElement | HTMLSelectElement | undefined} */
  let first;
  for (const item of problem.errors ?? []) {
    const field = fieldForPath(form, item.path);
    if (field) {
      setFieldError(field, sentenceFor(field, item.message));
      first ??= field;
    } else {
      unplaced.push(`${item.path}: ${item.message}`);
    }
  }
  if (!first && options.fallbackField && problem.detail) {
    setFieldError(options.fallbackField, problem.detail);
    first = options.fallbackField;
  }
  const parts = [problem.detail ?? "Something went wrong. Please try again."];
  if (first && (problem.errors?.length ?? 0) > 0) parts.push("Fix the fields marked below, then try again.");
  /** @type {Array<string | Node>} */
  const content = parts.map((text) => text);
  if (unplaced.length) content.push(el("ul", {}, unplaced.map((text) => el("li", { text }))));
  content.push(...(options.extra ?? []));
  if (problem.status >= 500 && problem.requestId) content.push(el("p", { class: "small muted", text: `Reference: ${problem.requestId}` }));
  announce(region, content, "error");
  first?.focus();
  return Boolean(first);
}

/**
 * Checks the form in the browser first, with messages in the same place and
 * style as the server's. Returns true when the form can be sent.
 * @param {HTMLFormElement} form
 * @param {HTMLElement} region
 */
export function validateForm(form, region) {
  clearFormErrors(form);
  /** @type {HTMLInputElement | HTMLSelectElement | undefined} */
  let first;
  let count = 0;
  for (const field of fieldsOf(form)) {
    if ("value" in field && field instanceof HTMLInputElement && field.type !== "checkbox") field.value = field.value.trim();
    if (field.checkValidity()) continue;
    const v = field.validity;
    const name = labelOf(field);
    let message = field.dataset.invalid || `Check ${name.toLowerCase()}.`;
    if (v.valueMissing) message = field.dataset.missing || `Enter ${name.toLowerCase()}.`;
    else if (v.typeMismatch && field.type === "email") message = "Enter an email address like name@example.org.";
    else if (v.tooShort) message = `${name} must be at least ${field.getAttribute("minlength")} characters.`;
    else if (v.tooLong) message = `${name} must be at most ${field.getAttribute("maxlength")} characters.`;
    setFieldError(field, message);
    first ??= field;
    count += 1;
  }
  if (!first) return true;
  announce(region, count === 1 ? "Please fix the field marked below." : `Please fix the ${count} fields marked below.`, "error");
  first.focus();
  return false;
}

/**
 * Marks a submit button busy while a request runs.
 * @param {HTMLButtonElement} button
 * @param {boolean} busy
 * @param {string} [busyLabel]
 */
export function setBusy(button, busy, busyLabel) {
  if (busy) {
    button.dataset.label ??= button.textContent ?? "";
    if (busyLabel) button.textContent = busyLabel;
    button.disabled = true;
  } else {
    if (button.dataset.label !== undefined) button.textContent = button.dataset.label;
    button.disabled = false;
  }
}

/**
 * Replaces a form with a panel and moves focus to the panel's heading,
 * so keyboard and screen reader users land on the news.
 * @param {HTMLElement} hide
 * @param {HTMLElement} panel
 */
export function swapToPanel(hide, panel) {
  hide.hidden = true;
  panel.hidden = false;
  const title = panel.querySelector(".panel-title");
  if (title instanceof HTMLElement) {
    title.tabIndex = -1;
    title.focus();
  }
}

/**
 * A same-origin path to go to after signing in; anything else becomes "/".
 * @param {string | null} raw
 */
export function safeNextPath(raw) {
  if (!raw || !raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return "/";
  try {
    const url = new URL(raw, location.origin);
    if (url.origin !== location.origin) return "/";
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return "/";
  }
}

export const ROLE_LABELS = { owner: "Owner", admin: "Admin", coordinator: "Coordinator", viewer: "Viewer" };

/** @param {string} role */
export function roleLabel(role) {
  return ROLE_LABELS[/** @type {keyof typeof ROLE_LABELS} */ (role)] ?? role;
}

/**
 * A web address suggested from a name: "Harbor Mentors of Île-de-France!" → "harbor-mentors-of-ile-de-france",
 * at most `maxLength` characters (institution addresses allow 40, program addresses 60).
 * @param {string} name
 * @param {number} maxLength
 */
export function suggestSlug(name, maxLength) {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, maxLength)
    .replace(/-+$/g, "");
}

/** @type {((answer: boolean) => void) | null} */
let confirmResolve = null;

/**
 * Asks in the page's modal `<dialog id="confirm-dialog">` (with `confirm-title`,
 * `confirm-body`, `confirm-ok`, `confirm-cancel`); resolves true on the
 * confirming button, false on Cancel or Escape. Focus starts on Cancel (the
 * safe answer) and goes back where it was when the dialog closes.
 * @param {{ title: string, body: Array<string | Node>, ok: string, danger?: boolean }} options
 * @returns {Promise<boolean>}
 */
export function confirmAction({ title, body, ok, danger = false }) {
  const dialog = /** @type {HTMLDialogElement} */ ($("confirm-dialog"));
  const confirmOk = /** @type {HTMLButtonElement} */ ($("confirm-ok"));
  if (!dialog.dataset.wired) {
    dialog.dataset.wired = "true";
    confirmOk.addEventListener("click", () => confirmResolve?.(true));
    $("confirm-cancel").addEventListener("click", () => confirmResolve?.(false));
    // Escape closes the dialog: the same as Cancel.
    dialog.addEventListener("close", () => confirmResolve?.(false));
  }
  const opener = /** @type {HTMLElement | null} */ (document.activeElement);
  $("confirm-title").textContent = title;
  $("confirm-body").replaceChildren(...body.map((part) => (typeof part === "string" ? el("p", { text: part }) : part)));
  confirmOk.textContent = ok;
  confirmOk.classList.toggle("danger", danger);
  dialog.showModal();
  $("confirm-cancel").focus();
  return new Promise((resolve) => {
    confirmResolve = (answer) => {
      confirmResolve = null;
      if (dialog.open) dialog.close();
      if (!answer && opener?.isConnected) opener.focus();
      resolve(answer);
    };
  });
}

