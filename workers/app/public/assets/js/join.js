/**
 * The hosted enrollment form, for institutions without a website of their own:
 * /t/{slug}/p/{program}/join?role=mentee|mentor shows the same widget that
 * institutions embed (/embed.js), here on Tandem's own origin.
 */

const JOIN_PATH = /^\/t\/([^/]+)\/p\/([^/]+)\/join\/?$/;

function showMissingForm(slot) {
  const heading = document.createElement("h1");
  heading.textContent = "This link is incomplete";
  const text = document.createElement("p");
  text.textContent = "An enrollment link looks like /t/your-institution/p/program/join. Check the link you were given, or ask the program's coordinator for it.";
  slot.replaceChildren(heading, text);
}

function loadForm(slot, [slug, program]) {
  const query = new URLSearchParams(location.search);
  const script = document.createElement("script");
  script.src = "/embed.js";
  script.async = true;
  script.dataset.tenant = decodeURIComponent(slug);
  script.dataset.program = decodeURIComponent(program);
  script.dataset.role = query.get("role") === "mentor" ? "mentor" : "mentee";
  // The page around the form is in English; the form itself follows ?lang= or the browser's language where it has a translation.
  script.dataset.lang = query.get("lang") || navigator.language;
  // The program's name is this page's main heading.
  script.dataset.headingLevel = "1";
  slot.addEventListener("tandem:form", (event) => {
    const { institution, program: shown } = /** @type {CustomEvent} */ (event).detail;
    document.title = `Apply to ${shown.name} — ${institution.name}`;
  });
  slot.append(script);
}

const slot = document.getElementById("join-form");
const match = JOIN_PATH.exec(location.pathname);
if (slot && match) loadForm(slot, match.slice(1));
else if (slot) showMissingForm(slot);
