/** /t/<slug>/applications/status?token=…: an applicant sees their application and may withdraw it. */
import { $, announce, api, clearAnnouncement, el, setBusy } from "./lib.js";

const slug = location.pathname.split("/")[2] ?? "";
const token = new URLSearchParams(location.search).get("token") ?? "";
const region = $("status");
const withdraw = /** @type {HTMLButtonElement} */ ($("withdraw"));
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
  $("answers").replaceChildren(...application.answerList.flatMap((answer) => [el("dt", { text: answer.label }), el("dd", { text: answer.value })]));
  withdraw.hidden = !application.canWithdraw;
  $("application").hidden = false;
}

async function load() {
  if (!token) return fail("This link is incomplete. Copy the whole link from your confirmation email.");
  const result = await api("GET", `${base}?token=${encodeURIComponent(token)}`);
  if (!result.ok) return fail(result.problem.detail);
  clearAnnouncement(region);
  render(result.data);
}

/** @param {string} detail */
function fail(detail) {
  clearAnnouncement(region);
  $("failed-detail").textContent = detail;
  $("failed").hidden = false;
}

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
