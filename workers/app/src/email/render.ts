/**
 * Plain, accessible emails with a text and an HTML part. Everything that
 * comes from users is escaped; the one call to action is a real link in both parts.
 */
export interface EmailContent {
  /** Greeting line, e.g. "Hi Dana,". */
  greeting?: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  /** Small print under the action, e.g. how long a link is valid. */
  footnote?: string;
}

export interface RenderedEmail {
  text: string;
  html: string;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char]!);
}

export function renderEmail(content: EmailContent): RenderedEmail {
  const lines = [
    ...(content.greeting ? [content.greeting, ""] : []),
    ...content.paragraphs.flatMap((paragraph) => [paragraph, ""]),
    ...(content.action ? [`${content.action.label}: ${content.action.url}`, ""] : []),
    ...(content.footnote ? [content.footnote, ""] : []),
    "— Tandem",
  ];
  const html = [
    '<!doctype html><html lang="en"><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a;max-width:36rem;margin:0 auto;padding:1rem">',
    ...(content.greeting ? [`<p>${escapeHtml(content.greeting)}</p>`] : []),
    ...content.paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
    ...(content.action
      ? [`<p><a href="${escapeHtml(content.action.url)}" style="display:inline-block;padding:0.6rem 1rem;background:#0b6e4f;color:#fff;border-radius:6px;text-decoration:none">${escapeHtml(content.action.label)}</a></p>`,
         `<p style="font-size:0.9em">Or paste this address into your browser: ${escapeHtml(content.action.url)}</p>`]
      : []),
    ...(content.footnote ? [`<p style="font-size:0.9em;color:#555">${escapeHtml(content.footnote)}</p>`] : []),
    "<p>— Tandem</p></body></html>",
  ];
  return { text: lines.join("\n"), html: html.join("") };
}

/** Every http(s) link in a body, in order, without duplicates (for the dev outbox). */
export function extractLinks(body: string): string[] {
  const links = body.match(/https?:\/\/[^\s"'<>]+/g) ?? [];
  return [...new Set(links.map((link) => link.replace(/&amp;/g, "&")))];
}
