/**
 * "Choose your mentor" on the applicant's status page, for approved mentees in
 * self-match programs: suggested mentors with what they have in common, a
 * request with an optional message, the wait for the answer, and the match.
 */
import { $, announce, api, el, setBusy } from "./lib.js";

/** @param {string} iso */
const day = (iso) => new Date(iso).toLocaleDateString("en-US", { month: "long", day: "numeric", year: "numeric" });

/** @param {string[]} isos */
const earliest = (isos) => isos.reduce((first, iso) => (iso < first ? iso : first));

/** Codes for which the section stays hidden: nothing to choose, and the rest of the page already says why. */
const QUIET = new Set(["coordinator_mode", "not_mentee", "not_approved"]);

/**
 * @param {{ slug: string, token: string, region: HTMLElement, onShown?: (view: any) => void }} options
 * @returns {Promise<void>}
 */
export async function showSelfMatch({ slug, token, region, onShown }) {
  const section = $("self-match");
  const intro = $("self-match-intro");
  const body = $("self-match-body");
  const base = `/api/v1/t/${encodeURIComponent(slug)}/self-match`;

  /** Moves the reading position to the section's heading after a change. */
  const focusTitle = () => {
    const title = $("self-match-title");
    title.tabIndex = -1;
    title.focus();
  };

  /** @param {any} view */
  function render(view) {
    if (view.state === "not_available" && QUIET.has(view.code)) {
      section.hidden = true;
      return;
    }
    section.hidden = false;
    onShown?.(view);
    if (view.state === "not_available") {
      intro.textContent = view.reason;
      body.replaceChildren();
    } else if (view.state === "matched") {
      $("self-match-title").textContent = "Your mentor";
      // In youth programs the introduction may say to keep in touch through the coordinator, so promise only the introduction.
      intro.textContent = `You and ${view.match.mentor.name} are matched. Check your email: we sent you both an introduction with what happens next.`;
      body.replaceChildren();
    } else if (view.state === "waiting") {
      renderWaiting(view);
    } else {
      renderChoosing(view);
    }
  }

  /** @param {any} view */
  function renderWaiting(view) {
    const { request } = view;
    $("self-match-title").textContent = "Choose your mentor";
    intro.textContent = `You asked ${request.mentor.name} to be your mentor. They have until ${day(request.expiresAt)} to answer, and we will email you either way.`;
    const withdraw = /** @type {HTMLButtonElement} */ (el("button", { type: "button", class: "button danger", id: "self-match-withdraw", text: "Withdraw my request" }));
    withdraw.addEventListener("click", async () => {
      if (!confirm(`Withdraw your request to ${request.mentor.name}? You can then choose a mentor again.`)) return;
      setBusy(withdraw, true, "Withdrawing…");
      const result = await api("POST", `${base}/requests/cancel`, { token });
      setBusy(withdraw, false);
      if (!result.ok) return announce(region, result.problem.detail, "error");
      render(result.data);
      announce(region, "Your request is withdrawn. You can choose a mentor again.", "success");
      focusTitle();
    });
    body.replaceChildren(
      ...(request.message ? [el("p", { class: "muted" }, [`Your message: “${request.message}”`])] : []),
      el("div", { class: "actions" }, [withdraw]),
    );
  }

  /** @param {any} view */
  function renderChoosing(view) {
    $("self-match-title").textContent = "Choose your mentor";
    if (view.suggestions.length === 0) {
      intro.textContent = view.reason ?? "No mentor can take a new mentee right now. Check back in a day or two.";
      body.replaceChildren();
      return;
    }
    intro.textContent = `These mentors suit you and have a place open. Ask the one you would like; they have ${view.responseDays} ${view.responseDays === 1 ? "day" : "days"} to answer, and you can ask someone else if they can't. This list stays the same until ${day(earliest(view.suggestions.map((/** @type {any} */ suggestion) => suggestion.shownUntil)))}.`;
    body.replaceChildren(el("ol", { class: "suggestions" }, view.suggestions.map((suggestion, index) => suggestionItem(suggestion, index))));
  }

  /** @param {any} suggestion @param {number} index */
  function suggestionItem(suggestion, index) {
    const name = suggestion.mentor.name;
    const id = `suggestion-${index}`;
    const reasons = suggestion.reasons
      .filter((/** @type {any} */ reason) => reason.similarity > 0)
      .map((/** @type {any} */ reason) =>
        el("li", {}, [
          el("span", { class: "reason-label", text: reason.label.replace(/\?$/, "") }),
          ": ",
          reason.common.length > 0 ? `you both chose ${reason.common.join(", ")}` : reason.similarity >= 0.5 ? "very similar answers" : "somewhat similar answers",
        ]),
      );
    const answers = suggestion.answers.flatMap((/** @type {any} */ answer) => [el("dt", { text: answer.label }), el("dd", { text: answer.value })]);

    const toggle = /** @type {HTMLButtonElement} */ (el("button", { type: "button", class: "button", "aria-expanded": "false", "aria-controls": `${id}-form`, text: `Request ${name}` }));
    const message = /** @type {HTMLTextAreaElement} */ (el("textarea", { id: `${id}-message`, name: "message", rows: "3", maxlength: "1000", "aria-describedby": `${id}-message-hint` }));
    const send = /** @type {HTMLButtonElement} */ (el("button", { type: "submit", class: "button", text: "Send request" }));
    const cancel = /** @type {HTMLButtonElement} */ (el("button", { type: "button", class: "button secondary", text: "Cancel" }));
    const form = /** @type {HTMLFormElement} */ (
      el("form", { id: `${id}-form`, class: "request-form", novalidate: "" }, [
        el("div", { class: "field" }, [
          el("label", { for: message.id, text: `A message for ${name} (optional)` }),
          message,
          el("span", { id: `${id}-message-hint`, class: "hint", text: "Say hello and what you hope to get from a mentor. Up to 1,000 characters." }),
        ]),
        el("div", { class: "actions" }, [send, cancel]),
      ])
    );
    form.hidden = true;
    const open = (/** @type {boolean} */ opened) => {
      form.hidden = !opened;
      toggle.hidden = opened;
      toggle.setAttribute("aria-expanded", String(opened));
      (opened ? message : toggle).focus();
    };
    toggle.addEventListener("click", () => open(true));
    cancel.addEventListener("click", () => open(false));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      setBusy(send, true, "Sending…");
      const result = await api("POST", `${base}/requests`, { token, mentor: suggestion.mentor.id, message: message.value });
      setBusy(send, false);
      if (!result.ok) {
        const field = result.problem.errors?.find((/** @type {any} */ error) => error.path === "body.message");
        announce(region, field ? `Your message ${field.message}.` : result.problem.detail, "error");
        if (field) message.focus();
        return;
      }
      render(result.data);
      announce(region, `We have sent your request to ${name}. We will email you when they answer.`, "success");
      focusTitle();
    });

    return el("li", { class: "suggestion" }, [
      el("div", { class: "section-head" }, [el("h3", { id: `${id}-name`, text: name }), el("span", { class: "badge", text: `${Math.round(suggestion.score * 100)}% match` })]),
      ...(reasons.length > 0 ? [el("p", { class: "small muted", text: "Why we suggest them" }), el("ul", { class: "reasons" }, reasons)] : []),
      ...(suggestion.bio || answers.length > 0 ? [el("p", { class: "small muted", text: `About ${name}` })] : []),
      ...(suggestion.bio ? [el("p", { class: "bio", text: suggestion.bio })] : []),
      ...(answers.length > 0 ? [el("dl", { class: "answers" }, answers)] : []),
      el("div", { class: "actions" }, [toggle]),
      form,
    ]);
  }

  const result = await api("GET", `${base}/suggestions?token=${encodeURIComponent(token)}`);
  if (!result.ok) {
    // The rest of the page still works; say what went wrong here.
    section.hidden = false;
    intro.textContent = result.problem.detail ?? "Your mentor suggestions could not load. Reload the page to try again.";
    body.replaceChildren();
    return;
  }
  render(result.data);
}
