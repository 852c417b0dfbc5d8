/** /reference.html?tenant=<slug>&token=…: a referee answers a few questions about a volunteer mentor and signs, without an account. */
import { $, announce, api, clearAnnouncement, clearFormErrors, el, setBusy, setFieldError, showProblem, swapToPanel } from "./lib.js";

const params = new URLSearchParams(location.search);
const tenant = params.get("tenant") ?? "";
const token = params.get("token") ?? "";
const region = $("status");
const form = /** @type {HTMLFormElement} */ ($("reference-form"));
const submit = /** @type {HTMLButtonElement} */ ($("reference-submit"));
const base = `/api/v1/t/${encodeURIComponent(tenant)}/references`;

/**
 * @typedef {{ key: string, type: "single_choice" | "short_text" | "long_text", label: string, help?: string, required: boolean, max?: number, choices?: { value: string, label: string }[] }} Question
 */
/** @type {Question[]} */
let questions = [];

/** @param {string} detail */
function cannotUse(detail) {
  $("failed-detail").textContent = detail;
  clearAnnouncement(region);
  swapToPanel(form, $("failed"));
}

const labelText = (/** @type {Question} */ question) => `${question.label}${question.required ? " (required)" : ""}`;

/** A question as form controls: a fieldset of radio buttons, or a labelled text box. @param {Question} question */
function questionField(question) {
  const hintId = `q-${question.key}-hint`;
  const hint = question.help ? el("span", { id: hintId, class: "hint", text: question.help }) : null;
  if (question.type === "single_choice") {
    const options = (question.choices ?? []).map((choice, index) =>
      el("div", {}, [
        // data-short: a server message about the answer names the question, not the option.
        el("label", { for: `q-${question.key}-${index}`, "data-short": question.label }, [
          el("input", { id: `q-${question.key}-${index}`, type: "radio", name: question.key, value: choice.value, "data-path": `answers.${question.key}` }),
          ` ${choice.label}`,
        ]),
      ]),
    );
    const group = el("fieldset", { class: "field", id: `q-${question.key}` }, [el("legend", { text: labelText(question) }), ...(hint ? [hint] : []), ...options]);
    if (hint) group.setAttribute("aria-describedby", hintId);
    return group;
  }
  /** @type {Record<string, string>} */
  const attrs = { id: `q-${question.key}-input`, name: question.key, "data-path": `answers.${question.key}` };
  if (question.max) attrs.maxlength = String(question.max);
  if (question.required) attrs.required = "";
  if (hint) attrs["aria-describedby"] = hintId;
  const control = question.type === "long_text" ? el("textarea", { ...attrs, rows: "4" }) : el("input", { ...attrs, type: "text" });
  return el("div", { class: "field" }, [el("label", { for: attrs.id, "data-short": question.label, text: labelText(question) }), control, ...(hint ? [hint] : [])]);
}

/** The control to focus and mark for a question: its first radio button, or its text box. @param {Question} question */
function controlOf(question) {
  return /** @type {HTMLInputElement | HTMLTextAreaElement} */ (question.type === "single_choice" ? $(`q-${question.key}-0`) : $(`q-${question.key}-input`));
}

/**
 * lib.js marks one control per error: on a radio group, its first radio. Shares
 * that error with the fieldset and every other radio (or takes it back when it is
 * gone), so whichever radio has focus announces it.
 */
function shareGroupErrors() {
  for (const question of questions) {
    if (question.type !== "single_choice") continue;
    const group = $(`q-${question.key}`);
    const radios = Array.from(group.querySelectorAll('input[type="radio"]'));
    if (radios.length === 0) continue;
    const errorId = `${radios[0].id}-error`;
    const failed = document.getElementById(errorId) !== null;
    for (const target of [group, ...radios.slice(1)]) {
      const described = (target.getAttribute("aria-describedby") ?? "").split(/\s+/).filter((id) => id && id !== errorId);
      if (failed) described.push(errorId);
      if (described.length) target.setAttribute("aria-describedby", described.join(" "));
      else target.removeAttribute("aria-describedby");
      if (failed) target.setAttribute("aria-invalid", "true");
      else target.removeAttribute("aria-invalid");
    }
  }
}

/** @param {Question} question */
function answerOf(question) {
  if (question.type === "single_choice") {
    const checked = /** @type {HTMLInputElement | null} */ (form.querySelector(`input[name="${question.key}"]:checked`));
    return checked?.value ?? "";
  }
  const control = controlOf(question);
  control.value = control.value.trim();
  return control.value;
}

/**
 * Checks the answers before sending: each missing one is marked at its question, and a
 * summary with links to them goes in the live region; focus moves to the first.
 */
function validate() {
  clearFormErrors(form);
  /** @type {{ field: HTMLInputElement | HTMLTextAreaElement, label: string, message: string }[]} */
  const problems = [];
  for (const question of questions) {
    if (question.required && !answerOf(question)) {
      problems.push({ field: controlOf(question), label: question.label, message: question.type === "single_choice" ? "Choose an answer." : "Answer this question." });
    }
  }
  const signature = /** @type {HTMLInputElement} */ ($("signature"));
  signature.value = signature.value.trim();
  if (!signature.value) problems.push({ field: signature, label: "Your signature", message: "Type your name to sign." });
  if (problems.length === 0) {
    shareGroupErrors();
    return true;
  }
  for (const problem of problems) setFieldError(/** @type {HTMLInputElement} */ (problem.field), problem.message);
  shareGroupErrors();
  const links = problems.map((problem) => {
    const link = el("a", { href: `#${problem.field.id}`, text: `${problem.label}: ${problem.message}` });
    link.addEventListener("click", (event) => {
      event.preventDefault();
      problem.field.focus();
    });
    return el("li", {}, [link]);
  });
  announce(region, [problems.length === 1 ? "Please fix the answer marked below." : `Please fix the ${problems.length} answers marked below.`, el("ul", {}, links)], "error");
  problems[0].field.focus();
  return false;
}

async function load() {
  if (!/^[a-z0-9-]{3,40}$/.test(tenant) || !token) return cannotUse("This reference link is incomplete. Copy the whole link from the email.");
  const result = await api("GET", `${base}?token=${encodeURIComponent(token)}`);
  if (!result.ok) return cannotUse(result.problem.detail ?? "This link is not recognised.");
  const { institution, program, mentor, refereeName, submitted } = result.data;
  questions = result.data.questions;
  const name = `${mentor.firstName} ${mentor.lastInitial}.`;
  document.title = `A reference for ${name} — ${program.name}`;
  $("title").textContent = `A reference for ${name}`;
  $("request-intro").textContent = `${name} has offered to volunteer as a mentor in ${program.name}, run by ${institution.name}, and named you (${refereeName}) as a referee.`;
  $("request").hidden = false;
  clearAnnouncement(region);
  if (submitted) {
    $("done-detail").textContent = "Your reference was already recorded. Thank you: there is nothing more to do.";
    swapToPanel(form, $("done"));
    return;
  }
  $("questions").replaceChildren(...questions.map(questionField));
  form.hidden = false;
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  if (!validate()) return;
  setBusy(submit, true, "Sending…");
  const answers = Object.fromEntries(questions.map((question) => [question.key, answerOf(question)]));
  const signature = /** @type {HTMLInputElement} */ ($("signature")).value;
  const result = await api("POST", base, { token, answers, signature });
  setBusy(submit, false);
  if (result.ok) {
    clearAnnouncement(region);
    $("request").hidden = true;
    swapToPanel(form, $("done"));
  } else if (result.status === 404) {
    cannotUse(result.problem.detail ?? "This link is not recognised.");
  } else {
    showProblem(form, region, result.problem);
    shareGroupErrors();
  }
});

void load().catch(() => announce(region, "The page could not load. Reload to try again.", "error"));
