/**
 * /t/<slug>/applications/status?token=…: an applicant sees their application,
 * and while it is not yet reviewed changes their answers or withdraws it.
 * Editing opens the enrollment form the join page uses (/embed.js, with the
 * status token), filled with the current answers. In self-match programs an
 * approved mentee also chooses their mentor here (self-match-choose.js); a
 * mentor prepares for matching here: training, code of conduct, commitment
 * (preparation.js).
 */
import { $, announce, api, clearAnnouncement, el, setBusy } from "./lib.js";
import { showPreparation } from "./preparation.js";
import { showSelfMatch } from "./self-match-choose.js";

const slug = location.pathname.split("/")[2] ?? "";
const token = new URLSearchParams(location.search).get("token") ?? "";
const region = $("status");
const withdraw = /** @type {HTMLButtonElement} */ ($("withdraw"));
const edit = /** @type {HTMLButtonElement} */ ($("edit"));
const answersView = $("answers-view");
const editor = $("editor");
const base = `/api/v1/t/${encodeURIComponent(slug)}/applications/status`;

const STATUS_TEXT = {
  pending_consent: ["is waiting for your parent or guardian's consent", "We emailed them a link. Once they consent, the coordinator reviews your application."],
  submitted: ["has been received", "The program's coordinator will review it and let you know."],
  approved: ["has been approved", "You will hear about your match soon."],
  waitlisted: ["is on the waiting list", "The coordinator will contact you if a place opens."],
  rejected: ["was not accepted this time", "Contact the program's coordinator if you have questions."],
  withdrawn: ["has been withdrawn", "You can apply again while the program is enrolling."],
};

/** @param {any} application */
function render(application) {
  const [state, next] = STATUS_TEXT[application.status] ?? ["is recorded", ""];
  $("title").textContent = `Your application to ${application.program.name}`;
  $("summary").textContent = `Hi ${application.firstName}, your application as a ${application.role} ${state}.`;
  $("next-step").textContent = next;
  // Once matched, the mentoring space (agreement, goals, meetings, surveys) is where the person goes next.
  const portals = application.portals ?? [];
  $("portals").replaceChildren(
    ...portals.map((/** @type {{partnerFirstName: string, url: string}} */ portal) =>
      el("li", {}, [el("a", { class: "button", href: portal.url, text: portals.length > 1 ? `Open your mentoring space with ${portal.partnerFirstName}` : "Open your mentoring space" })]),
    ),
  );
  $("portals").hidden = portals.length === 0;
  $("answers").replaceChildren(...application.answerList.flatMap((answer) => [el("dt", { text: answer.label }), el("dd", { text: answer.value })]));
  withdraw.hidden = !application.canWithdraw;
  edit.hidden = !application.canEdit;
  $("edit-note").hidden = !application.canEdit;
  $("application").hidden = false;
}

/** A training reminder's link (`t1.…`) opens only the mentor's preparation: it proves nothing else. */
async function loadTrainingOnly() {
  $("title").textContent = "Your mentor training";
  const failed = await showPreparation({ slug, token });
  if (failed) return fail((!failed.ok && failed.problem.detail) || "This training link could not be opened. Use the link in your newest reminder or your application confirmation email.");
  clearAnnouncement(region);
}

async function load() {
  if (!token) return fail("This link is incomplete. Copy the whole link from your confirmation email.");
  if (token.startsWith("t1.")) return loadTrainingOnly();
  const result = await api("GET", `${base}?token=${encodeURIComponent(token)}`);
  if (!result.ok) return fail(result.problem.detail);
  clearAnnouncement(region);
  render(result.data);
  if (result.data.role === "mentor") await showPreparation({ slug, token });
  if (result.data.role === "mentee" && result.data.status === "approved") {
    await showSelfMatch({
      slug,
      token,
      region,
      // In a self-match program the mentee does not wait to hear: they choose.
      onShown: (view) => {
        $("next-step").textContent = view.state === "matched" ? "You have a mentor." : "In this program you choose your mentor yourself.";
      },
    });
  }
}

/** @param {string} detail */
function fail(detail) {
  clearAnnouncement(region);
  $("failed-detail").textContent = detail;
  $("failed").hidden = false;
}

/** Puts the answers back in view, without the form. */
function closeEditor() {
  editor.replaceChildren();
  editor.hidden = true;
  answersView.hidden = false;
}

edit.addEventListener("click", () => {
  clearAnnouncement(region);
  const script = document.createElement("script");
  script.src = "/embed.js";
  script.async = true;
  script.dataset.tenant = slug;
  script.dataset.token = token;
  // This page is in English; the form's headings sit under "Where it stands" (h2).
  script.dataset.lang = "en";
  script.dataset.headingLevel = "3";
  answersView.hidden = true;
  editor.hidden = false;
  editor.replaceChildren(script);
});

editor.addEventListener("tandem:saved", (event) => {
  const saved = /** @type {CustomEvent} */ (event).detail;
  closeEditor();
  render(saved);
  announce(region, saved.message ?? "Your changes are saved.", "success");
  const title = $("application-title");
  title.tabIndex = -1;
  title.focus();
});

editor.addEventListener("tandem:cancel", () => {
  closeEditor();
  edit.focus();
});

withdraw.addEventListener("click", async () => {
  if (!confirm("Withdraw your application? You can apply again while the program is enrolling.")) return;
  setBusy(withdraw, true, "Withdrawing…");
  const result = await api("POST", `${base}/withdraw`, { token });
  setBusy(withdraw, false);
  if (result.ok) {
    render(result.data);
    announce(region, "Your application is withdrawn.", "success");
  } else {
    announce(region, result.problem.detail, "error");
  }
});

void load();
