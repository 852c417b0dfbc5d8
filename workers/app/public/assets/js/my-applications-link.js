/**
 * Points the "All my applications" links (`a[data-my-applications-link]`) of a
 * participant's pages at /my-applications for the page's institution: from
 * `?t=<slug>` (portal.html) or `/t/<slug>/…` (the application status page).
 * Left hidden when the address names no institution. A module of its own so
 * those pages' scripts stay as they are.
 */
const SLUG = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

function pageSlug() {
  const fromQuery = (new URLSearchParams(location.search).get("t") ?? "").trim().toLowerCase();
  if (SLUG.test(fromQuery)) return fromQuery;
  const fromPath = /^\/t\/([^/]+)\//.exec(location.pathname)?.[1] ?? "";
  try {
    const decoded = decodeURIComponent(fromPath).toLowerCase();
    return SLUG.test(decoded) ? decoded : "";
  } catch {
    return "";
  }
}

const slug = pageSlug();
if (slug) {
  for (const link of document.querySelectorAll("a[data-my-applications-link]")) {
    link.setAttribute("href", `/my-applications?t=${encodeURIComponent(slug)}`);
    /** @type {HTMLElement} */ (link).hidden = false;
  }
}
