/**
 * Plain, accessible emails with a text and an HTML part. Everything that
 * comes from users is escaped; every call to action is a real link in both parts.
 * Emails of an institution carry its branding: its name, its logo, and its
 * color on the buttons (with a text color that keeps them readable).
 */
export interface EmailLink {
  label: string;
  url: string;
}

export interface EmailContent {
  /** Greeting line, e.g. "Hi Dana,". */
  greeting?: string;
  paragraphs: string[];
  action?: EmailLink;
  /** Small print under the action, e.g. how long a link is valid. */
  footnote?: string;
  /** The institution the email comes from; without it the email is Tandem's own. */
  brand?: EmailBrand;
  /** Parts of an email about several things (a digest): each with its own heading and actions. */
  sections?: EmailSection[];
  /** The last lines, in small print: why the person gets this email, how to stop it. */
  footer?: { lines: string[]; links?: EmailLink[] };
}

export interface EmailBrand {
  name: string;
  /** `#rrggbb`; anything else falls back to Tandem's green. */
  color?: string | null;
  /** An https image URL; anything else is left out. */
  logoUrl?: string | null;
}

export interface EmailSection {
  heading: string;
  paragraphs: string[];
  /** Links shown as buttons, side by side (e.g. one-click answers). */
  buttons?: EmailLink[];
  /** Links shown as plain links under the buttons. */
  links?: EmailLink[];
  /** Links in small print, e.g. stopping this kind of email. */
  smallLinks?: EmailLink[];
}

export interface RenderedEmail {
  text: string;
  html: string;
}

const DEFAULT_BRAND_COLOR = "#0b6e4f";

/** The brand color if it is a `#rrggbb` color, and the text color (black or white) that reads best on it. */
export function buttonColors(color: string | null | undefined): { background: string; text: string } {
  const background = color && /^#[0-9a-fA-F]{6}$/.test(color) ? color.toLowerCase() : DEFAULT_BRAND_COLOR;
  const channel = (offset: number) => {
    const value = parseInt(background.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  // WCAG contrast against white is (1.05)/(L+0.05), against black (L+0.05)/0.05: pick the larger.
  return { background, text: 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05 ? "#fff" : "#000" };
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char]!);
}

export function renderEmail(content: EmailContent): RenderedEmail {
  const signature = content.brand ? `— ${content.brand.name}, with Tandem` : "— Tandem";
  const linkLines = (links: EmailLink[] | undefined) => (links ?? []).map((link) => `${link.label}: ${link.url}`);
  const lines = [
    ...(content.brand ? [content.brand.name, ""] : []),
    ...(content.greeting ? [content.greeting, ""] : []),
    ...content.paragraphs.flatMap((paragraph) => [paragraph, ""]),
    ...(content.sections ?? []).flatMap((section) => [
      section.heading,
      "-".repeat(Math.min(section.heading.length, 60)),
      ...section.paragraphs,
      ...linkLines(section.buttons),
      ...linkLines(section.links),
      ...linkLines(section.smallLinks),
      "",
    ]),
    ...(content.action ? [`${content.action.label}: ${content.action.url}`, ""] : []),
    ...(content.footnote ? [content.footnote, ""] : []),
    signature,
    ...(content.footer ? ["", ...content.footer.lines, ...linkLines(content.footer.links)] : []),
  ];

  const colors = buttonColors(content.brand?.color);
  const button = (link: EmailLink) =>
    `<a href="${escapeHtml(link.url)}" style="display:inline-block;padding:0.6rem 1rem;background:${colors.background};color:${colors.text};border-radius:6px;text-decoration:none">${escapeHtml(link.label)}</a>`;
  const plainLink = (link: EmailLink) => `<a href="${escapeHtml(link.url)}" style="color:#1a1a1a">${escapeHtml(link.label)}</a>`;
  const logo = content.brand?.logoUrl && /^https:\/\/[^\s"'<>]+$/.test(content.brand.logoUrl) ? content.brand.logoUrl : null;
  const html = [
    '<!doctype html><html lang="en"><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a;max-width:36rem;margin:0 auto;padding:1rem">',
    ...(content.brand
      ? [`<p style="font-weight:600;font-size:1.1em">${logo ? `<img src="${escapeHtml(logo)}" alt="" height="40" style="vertical-align:middle;margin-right:0.5rem;max-height:40px">` : ""}${escapeHtml(content.brand.name)}</p>`]
      : []),
    ...(content.greeting ? [`<p>${escapeHtml(content.greeting)}</p>`] : []),
    ...content.paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
    ...(content.sections ?? []).map((section) =>
      [
        `<h2 style="font-size:1.1em;margin:1.5rem 0 0.5rem">${escapeHtml(section.heading)}</h2>`,
        ...section.paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
        ...(section.buttons?.length
          ? [`<ul style="list-style:none;padding:0;margin:0 0 1rem">${section.buttons.map((link) => `<li style="display:inline-block;margin:0 0.4rem 0.4rem 0">${button(link)}</li>`).join("")}</ul>`]
          : []),
        ...(section.links?.length ? [`<ul style="padding-left:1.2rem">${section.links.map((link) => `<li>${plainLink(link)}</li>`).join("")}</ul>`] : []),
        ...(section.smallLinks?.length ? [`<p style="font-size:0.85em;color:#555">${section.smallLinks.map(plainLink).join(" · ")}</p>`] : []),
      ].join(""),
    ),
    ...(content.action
      ? [`<p>${button(content.action)}</p>`, `<p style="font-size:0.9em">Or paste this address into your browser: ${escapeHtml(content.action.url)}</p>`]
      : []),
    ...(content.footnote ? [`<p style="font-size:0.9em;color:#555">${escapeHtml(content.footnote)}</p>`] : []),
    `<p>${escapeHtml(signature)}</p>`,
    ...(content.footer
      ? [
          `<hr style="border:0;border-top:1px solid #ddd;margin:1.5rem 0 1rem">`,
          ...content.footer.lines.map((line) => `<p style="font-size:0.85em;color:#555">${escapeHtml(line)}</p>`),
          ...(content.footer.links?.length ? [`<p style="font-size:0.85em;color:#555">${content.footer.links.map(plainLink).join(" · ")}</p>`] : []),
        ]
      : []),
    "</body></html>",
  ];
  return { text: lines.join("\n"), html: html.join("") };
}

/** Every http(s) link in a body, in order, without duplicates (for the dev outbox). */
export function extractLinks(body: string): string[] {
  const links = body.match(/https?:\/\/[^\s"'<>]+/g) ?? [];
  return [...new Set(links.map((link) => link.replace(/&amp;/g, "&")))];
}
