/**
 * "Before you're matched" on a mentor's application status page: whether they
 * are ready for matching, the program's training modules (read, mark as read,
 * answer the quiz), the code of conduct they sign with their typed name, and
 * the commitment they accept. Everything comes from, and goes to, their own
 * status link's token: a mentor sees only their own preparation.
 */
import { $, announce, api, clearAnnouncement, el, setBusy } from "./lib.js";

/** @param {string} isoDate a local date or an instant */
const day = (isoDate) => new Date(isoDate.length === 10 ? `${isoDate}T12:00:00` : isoDate).toLocaleDateString("en-US", { month: "long", day: "numeric", year: "numeric" });
const plural = (/** @type {number} */ n, /** @type {string} */ word) => `${n} ${word}${n === 1 ? "" : "s"}`;

const STATE_TEXT = {
  not_started: "Not started",
  in_progress: "In progress",
  completed: "Done",
  quiz_failed: "Quiz not passed yet",
  passed: "Done: quiz passed",
  attended: "Done: attended in person",
};

/** Embedded players the page's security policy refuses become the plain link under them. */
const PLAYER_ORIGINS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"];
let playersWatched = false;
function watchBlockedPlayers() {
  if (playersWatched) return;
  playersWatched = true;
  document.addEventListener("securitypolicyviolation", (event) => {
    if (!/^(frame-src|child-src|default-src)/.test(event.effectiveDirective)) return;
    let origin = "";
    try {
      origin = new URL(event.blockedURI).origin;
    } catch {
      return;
    }
    if (!PLAYER_ORIGINS.includes(origin)) return;
    for (const frame of document.querySelectorAll(".training-video iframe")) {
      if (frame instanceof HTMLIFrameElement && frame.src.startsWith(origin)) frame.remove();
    }
  });
}

/**
 * Shows the section for a mentor's application, if the program asks anything of them.
 * The token is the status link's, or a signed training link (`t1.…`) from a reminder.
 * @param {{ slug: string, token: string }} options
 * @returns {Promise<import("./lib.js").ApiResult | null>} the failed answer when there is nothing to show, else null
 */
export async function showPreparation({ slug, token }) {
  const section = $("preparation");
  const region = $("preparation-status");
  const base = `/api/v1/t/${encodeURIComponent(slug)}/applications/status/preparation`;
  watchBlockedPlayers();

  const first = await api("GET", `${base}?token=${encodeURIComponent(token)}`);
  if (!first.ok) return first; // A mentee, or nothing to prepare: the rest of the page says where things stand.
  /** @type {any} */
  let view = first.data;

  /**
   * After a step, puts the new state on screen and moves the reading position to what changed.
   * @param {any} next
   * @param {string} [focusId]
   */
  function update(next, focusId) {
    view = next;
    render();
    if (focusId) {
      const target = document.getElementById(focusId);
      if (target) {
        if (!target.hasAttribute("tabindex")) target.tabIndex = -1;
        target.focus();
      }
    }
  }

  function render() {
    const { training, codeOfConduct, commitment } = view;
    const hasTraining = training.modules.length > 0;
    const hasCode = Boolean(codeOfConduct.text) || codeOfConduct.required;
    const hasCommitment = commitment.required || Boolean(commitment.acceptedAt);
    if (!hasTraining && !hasCode && !hasCommitment && view.blockers.length === 0) {
      section.hidden = true;
      return;
    }
    section.hidden = false;
    renderSummary();
    $("training").hidden = !hasTraining;
    if (hasTraining) renderTraining();
    $("conduct").hidden = !hasCode;
    if (hasCode) renderConduct();
    $("commitment").hidden = !hasCommitment;
    if (hasCommitment) renderCommitment();
  }

  function renderSummary() {
    const { training } = view;
    const parts = [];
    if (!view.canAct) {
      parts.push(el("p", { class: "muted", text: "Your application is not open any more, so these steps are closed. Contact the program's coordinator if you think this is wrong." }));
    }
    if (view.ready) {
      parts.push(el("p", { class: "readiness is-ready", text: "You have done everything the program asks before matching. The coordinator will be in touch about your match." }));
    } else {
      parts.push(el("p", { class: "readiness", text: "Before you can be matched:" }), el("ul", { class: "blockers" }, view.blockers.map((/** @type {string} */ blocker) => el("li", { text: blocker }))));
    }
    if (training.modules.length) {
      const target = training.minMinutes > 0 ? training.minMinutes : training.totalMinutes;
      let progress = `Training: ${training.doneModules} of ${plural(training.totalModules, "module")} done, ${training.minutesDone} of ${target} minutes.`;
      if (!training.complete && training.dueOn) progress += ` Please finish by ${day(training.dueOn)}.`;
      parts.push(el("p", { id: "training-progress", class: "small", text: progress }));
    }
    $("preparation-summary").replaceChildren(...parts);
  }

  function renderTraining() {
    const list = $("training-modules");
    const firstOpen = view.training.modules.find((/** @type {any} */ module) => !module.done)?.id;
    list.replaceChildren(...view.training.modules.map((/** @type {any} */ module, /** @type {number} */ index) => moduleItem(module, index, module.id === firstOpen)));
  }

  /**
   * @param {any} module
   * @param {number} index
   * @param {boolean} open
   */
  function moduleItem(module, index, open) {
    const id = `module-${index}`;
    const meta = [`${module.durationMinutes} min`, module.required ? "Required" : "Optional", STATE_TEXT[/** @type {keyof typeof STATE_TEXT} */ (module.state)] ?? module.state];
    if (module.bestScore !== null && module.quiz) meta.push(`best score ${module.bestScore}%`);
    const body = el("div", { class: "training-content" });
    // Made safe by the server: raw HTML escaped, only http(s)/mailto links, known video players.
    body.innerHTML = module.html;
    const details = /** @type {HTMLDetailsElement} */ (el("details", { class: "module-body" }, [el("summary", { text: module.done ? "Read it again" : "Read the module" }), body]));
    details.open = open;
    const item = el("li", { class: `module${module.done ? " is-done" : ""}`, id }, [
      el("h4", { id: `${id}-title` }, [module.title]),
      el("p", { class: "module-meta", id: `${id}-meta`, text: meta.join(" · ") }),
      details,
    ]);
    if (!view.canAct) return item;
    if (module.quiz) details.append(quizForm(module, id));
    else if (!module.done) {
      const button = /** @type {HTMLButtonElement} */ (el("button", { type: "button", class: "button", text: "Mark as read" }));
      button.setAttribute("aria-describedby", `${id}-title`);
      button.addEventListener("click", async () => {
        setBusy(button, true, "Saving…");
        const result = await api("POST", `${base}/modules/${encodeURIComponent(module.id)}/complete`, { token });
        setBusy(button, false);
        if (!result.ok) return failed(result.problem, button);
        clearAnnouncement(region);
        update(result.data.preparation, `${id}-meta`);
        announce(region, result.data.message, "success");
      });
      details.append(el("div", { class: "actions" }, [button]));
    }
    return item;
  }

  /**
   * @param {any} module
   * @param {string} id
   */
  function quizForm(module, id) {
    const form = /** @type {HTMLFormElement} */ (el("form", { class: "quiz", novalidate: "" }));
    const intro = module.done
      ? `You passed this quiz. You can take it again to refresh your memory; your best score counts.`
      : `Answer every question. You need ${module.quiz.passMark}% to pass. You can try again if you don't pass.`;
    form.append(el("h5", { text: "Quiz" }), el("p", { class: "small muted", text: intro }));
    module.quiz.questions.forEach((/** @type {any} */ question, /** @type {number} */ q) => {
      const fieldset = el("fieldset", { id: `${id}-q${q}`, "data-question": question.id });
      fieldset.append(el("legend", { text: `${q + 1}. ${question.prompt}` }));
      question.options.forEach((/** @type {string} */ option, /** @type {number} */ o) => {
        const inputId = `${id}-q${q}-o${o}`;
        const input = el("input", { type: "radio", id: inputId, name: `${id}-q${q}`, value: String(o) });
        fieldset.append(el("div", { class: "choice" }, [input, el("label", { for: inputId, text: option })]));
      });
      form.append(fieldset);
    });
    const submit = /** @type {HTMLButtonElement} */ (el("button", { type: "submit", class: "button", text: "Check my answers" }));
    form.append(el("div", { class: "actions" }, [submit]));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      clearQuizErrors(form);
      /** @type {Record<string, number>} */
      const answers = {};
      /** @type {HTMLFieldSetElement[]} */
      const unanswered = [];
      for (const fieldset of form.querySelectorAll("fieldset")) {
        const chosen = /** @type {HTMLInputElement | null} */ (fieldset.querySelector("input:checked"));
        if (chosen) answers[/** @type {string} */ (fieldset.getAttribute("data-question"))] = Number(chosen.value);
        else unanswered.push(/** @type {HTMLFieldSetElement} */ (fieldset));
      }
      if (unanswered.length) return showUnanswered(form, unanswered);
      setBusy(submit, true, "Checking…");
      const result = await api("POST", `${base}/modules/${encodeURIComponent(module.id)}/quiz`, { token, answers });
      setBusy(submit, false);
      if (!result.ok) {
        const paths = (result.problem.errors ?? []).map((/** @type {{path: string}} */ error) => error.path.replace(/^body\.answers\./, ""));
        const missing = [...form.querySelectorAll("fieldset")].filter((fieldset) => paths.includes(fieldset.getAttribute("data-question") ?? ""));
        if (missing.length) return showUnanswered(form, /** @type {HTMLFieldSetElement[]} */ (missing));
        return failed(result.problem, submit);
      }
      const { score, passed, passMark, correct } = result.data;
      clearAnnouncement(region);
      update(result.data.preparation);
      // The re-rendered module: keep it open, say how it went, and mark the questions to look at again.
      const item = document.getElementById(id);
      const details = item?.querySelector("details");
      if (details) details.open = true;
      // The new form starts blank: put the mentor's answers back, so a failed quiz is fixed, not redone.
      module.quiz.questions.forEach((/** @type {any} */ question, /** @type {number} */ q) => {
        const chosen = /** @type {HTMLInputElement | null} */ (document.getElementById(`${id}-q${q}-o${answers[question.id]}`));
        if (chosen) chosen.checked = true;
      });
      const wrong = module.quiz.questions.map((/** @type {any} */ question, /** @type {number} */ q) => (correct[question.id] ? null : q)).filter((/** @type {number | null} */ q) => q !== null);
      if (!passed) {
        for (const q of wrong) {
          const fieldset = document.getElementById(`${id}-q${q}`);
          fieldset?.querySelector("legend")?.after(el("p", { class: "field-error", id: `${id}-q${q}-wrong`, text: "Not right yet: have another look at the module." }));
          fieldset?.setAttribute("aria-describedby", `${id}-q${q}-wrong`);
        }
      }
      const text = passed
        ? `You scored ${score}% (pass mark ${passMark}%). Well done: this module is done.`
        : `You scored ${score}%; you need ${passMark}% to pass. Look again at question${wrong.length === 1 ? "" : "s"} ${wrong.map((/** @type {number} */ q) => q + 1).join(", ")}, then try again.`;
      const resultLine = el("p", { class: `quiz-result ${passed ? "passed" : "failed"}`, id: `${id}-result`, text });
      const quiz = item?.querySelector("form.quiz");
      (quiz ?? details)?.before(resultLine);
      resultLine.tabIndex = -1;
      resultLine.focus();
    });
    return form;
  }

  /** @param {HTMLFormElement} form */
  function clearQuizErrors(form) {
    for (const error of form.querySelectorAll(".field-error")) error.remove();
    for (const fieldset of form.querySelectorAll("fieldset")) {
      fieldset.removeAttribute("aria-describedby");
      for (const input of fieldset.querySelectorAll("input")) input.removeAttribute("aria-invalid");
    }
  }

  /**
   * @param {HTMLFormElement} form
   * @param {HTMLFieldSetElement[]} fieldsets
   */
  function showUnanswered(form, fieldsets) {
    clearQuizErrors(form);
    for (const fieldset of fieldsets) {
      const errorId = `${fieldset.id}-error`;
      fieldset.querySelector("legend")?.after(el("p", { class: "field-error", id: errorId, text: "Choose an answer." }));
      fieldset.setAttribute("aria-describedby", errorId);
      for (const input of fieldset.querySelectorAll("input")) input.setAttribute("aria-invalid", "true");
    }
    announce(region, fieldsets.length === 1 ? "One question has no answer yet." : `${fieldsets.length} questions have no answer yet.`, "error");
    /** @type {HTMLInputElement | null} */ (fieldsets[0].querySelector("input"))?.focus();
  }

  /**
   * @param {import("./lib.js").Problem} problem
   * @param {HTMLElement} [focusBack]
   */
  function failed(problem, focusBack) {
    announce(region, problem.detail ?? "Something went wrong. Please try again.", "error");
    focusBack?.focus();
  }

  function renderConduct() {
    const { codeOfConduct } = view;
    const text = $("conduct-text");
    text.innerHTML = codeOfConduct.html ?? "";
    const form = /** @type {HTMLFormElement} */ ($("conduct-form"));
    const signed = $("conduct-signed");
    if (codeOfConduct.signedAt) {
      form.hidden = true;
      signed.hidden = false;
      signed.textContent = `You signed the code of conduct as ${codeOfConduct.signature} on ${day(codeOfConduct.signedAt)}.`;
      $("conduct-intro").textContent = "The code of conduct as you signed it.";
    } else {
      signed.hidden = true;
      form.hidden = !view.canAct || !codeOfConduct.text;
      $("conduct-intro").textContent = codeOfConduct.text
        ? "Read the code of conduct. To sign it, type your full name and check the box."
        : "The coordinator has not published the code of conduct yet. You will be able to sign it here once they have.";
    }
  }

  function renderCommitment() {
    const { commitment } = view;
    $("commitment-text").textContent = `The program asks each mentor to stay for at least ${plural(commitment.months, "month")}, meeting their mentee as scheduled, so that their mentee can count on them.`;
    const form = /** @type {HTMLFormElement} */ ($("commitment-form"));
    const done = $("commitment-done");
    const accepted = commitment.acceptedAt && (commitment.acceptedMonths ?? 0) >= commitment.months;
    $("commitment-label").textContent = `I commit to mentoring for at least ${plural(commitment.months, "month")}.`;
    form.hidden = Boolean(accepted) || !view.canAct;
    done.hidden = !accepted;
    if (accepted) done.textContent = `You accepted the ${commitment.acceptedMonths}-month commitment on ${day(commitment.acceptedAt)}.`;
  }

  const conductForm = /** @type {HTMLFormElement} */ ($("conduct-form"));
  conductForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const signature = /** @type {HTMLInputElement} */ ($("conduct-signature"));
    const agree = /** @type {HTMLInputElement} */ ($("conduct-agree"));
    const submit = /** @type {HTMLButtonElement} */ ($("conduct-submit"));
    clearFieldErrors([signature, agree]);
    signature.value = signature.value.trim();
    /** @type {Array<[HTMLInputElement, string]>} */
    const problems = [];
    if (!signature.value) problems.push([signature, "Type your full name to sign."]);
    if (!agree.checked) problems.push([agree, "Check the box to agree to the code of conduct."]);
    if (problems.length) return showFieldErrors(problems);
    setBusy(submit, true, "Signing…");
    const result = await api("POST", `${base}/code-of-conduct`, { token, signature: signature.value, agree: true });
    setBusy(submit, false);
    if (!result.ok) {
      const fieldProblems = /** @type {Array<[HTMLInputElement, string]>} */ (
        (result.problem.errors ?? []).map((/** @type {{path: string, message: string}} */ error) => [error.path.endsWith("agree") ? agree : signature, `Your ${error.path.endsWith("agree") ? "agreement" : "name"} ${error.message}.`])
      );
      if (fieldProblems.length) return showFieldErrors(fieldProblems, result.problem.detail);
      return failed(result.problem, submit);
    }
    clearAnnouncement(region);
    update(result.data.preparation, "conduct-signed");
    announce(region, result.data.message, "success");
  });

  const commitmentForm = /** @type {HTMLFormElement} */ ($("commitment-form"));
  commitmentForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const accept = /** @type {HTMLInputElement} */ ($("commitment-accept"));
    const submit = /** @type {HTMLButtonElement} */ ($("commitment-submit"));
    clearFieldErrors([accept]);
    if (!accept.checked) return showFieldErrors([[accept, "Check the box to accept the commitment."]]);
    setBusy(submit, true, "Saving…");
    const result = await api("POST", `${base}/commitment`, { token, accept: true });
    setBusy(submit, false);
    if (!result.ok) return failed(result.problem, submit);
    clearAnnouncement(region);
    update(result.data.preparation, "commitment-done");
    announce(region, result.data.message, "success");
  });

  /** @param {HTMLInputElement[]} fields */
  function clearFieldErrors(fields) {
    for (const field of fields) {
      document.getElementById(`${field.id}-error`)?.remove();
      field.removeAttribute("aria-invalid");
      const described = (field.getAttribute("aria-describedby") ?? "").split(/\s+/).filter((id) => id && id !== `${field.id}-error`);
      if (described.length) field.setAttribute("aria-describedby", described.join(" "));
      else field.removeAttribute("aria-describedby");
    }
  }

  /**
   * @param {Array<[HTMLInputElement, string]>} problems
   * @param {string} [detail]
   */
  function showFieldErrors(problems, detail) {
    for (const [field, message] of problems) {
      const errorId = `${field.id}-error`;
      field.closest(".field")?.append(el("p", { class: "field-error", id: errorId, text: message }));
      field.setAttribute("aria-invalid", "true");
      field.setAttribute("aria-describedby", [field.getAttribute("aria-describedby"), errorId].filter(Boolean).join(" "));
    }
    announce(region, detail ?? (problems.length === 1 ? "Please fix the field marked below." : `Please fix the ${problems.length} fields marked below.`), "error");
    problems[0]?.[0].focus();
  }

  render();
  return null;
}
