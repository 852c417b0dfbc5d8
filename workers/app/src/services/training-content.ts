/**
 * Training module content (a small Markdown subset a coordinator writes) as
 * HTML that is safe to put into a page: raw HTML is shown as text, links go
 * only to http(s) and mailto (and open in a new tab without the opener), and a
 * line that is only a YouTube or Vimeo address becomes a privacy-friendly
 * embedded player, with a plain link below it for pages that cannot frame it.
 */
import { Marked, type Tokens } from "marked";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

const LINK_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);

/** The address if a link may point there (absolute http, https or mailto), else null. */
export function safeHref(href: string): string | null {
  let url: URL;
  try {
    url = new URL(href.trim());
  } catch {
    return null;
  }
  return LINK_PROTOCOLS.has(url.protocol) ? url.href : null;
}

export interface Video {
  provider: "YouTube" | "Vimeo";
  id: string;
  /** The player, on the provider's privacy-friendly host. */
  embedUrl: string;
  /** The video's own page, for a plain link. */
  watchUrl: string;
}

const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;
const VIMEO_ID = /^\d{1,12}$/;

/** The video a bare YouTube or Vimeo address points at, or null. */
export function videoOf(text: string): Video | null {
  const trimmed = text.trim();
  if (!/^https?:\/\/\S+$/.test(trimmed)) return null;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  const host = url.hostname.toLowerCase().replace(/^(www\.|m\.)/, "");
  const path = url.pathname.split("/").filter(Boolean);
  let youtube: string | undefined;
  if (host === "youtu.be") youtube = path[0];
  else if (host === "youtube.com" || host === "youtube-nocookie.com") {
    if (path[0] === "watch") youtube = url.searchParams.get("v") ?? undefined;
    else if (path[0] === "embed" || path[0] === "shorts" || path[0] === "live" || path[0] === "v") youtube = path[1];
  }
  if (youtube !== undefined) {
    if (!YOUTUBE_ID.test(youtube)) return null;
    return { provider: "YouTube", id: youtube, embedUrl: `https://www.youtube-nocookie.com/embed/${youtube}`, watchUrl: `https://www.youtube.com/watch?v=${youtube}` };
  }
  let vimeo: string | undefined;
  if (host === "vimeo.com") vimeo = path.find((segment) => VIMEO_ID.test(segment));
  else if (host === "player.vimeo.com" && path[0] === "video") vimeo = path[1];
  if (vimeo !== undefined && VIMEO_ID.test(vimeo)) {
    return { provider: "Vimeo", id: vimeo, embedUrl: `https://player.vimeo.com/video/${vimeo}`, watchUrl: `https://vimeo.com/${vimeo}` };
  }
  return null;
}

function videoHtml(video: Video, title: string): string {
  const label = escapeHtml(`${title ? `${title}: ` : ""}video on ${video.provider}`);
  return (
    `<figure class="training-video">` +
    `<iframe src="${video.embedUrl}" title="${label}" loading="lazy" allowfullscreen allow="fullscreen; picture-in-picture; encrypted-media" referrerpolicy="strict-origin-when-cross-origin"></iframe>` +
    `<figcaption><a href="${escapeHtml(video.watchUrl)}" rel="noopener noreferrer" target="_blank">Watch the video on ${video.provider}</a></figcaption>` +
    `</figure>\n`
  );
}

export interface RenderOptions {
  /** Names the embedded players (`title` attribute), e.g. the module's title. */
  title?: string;
  /**
   * The HTML heading level a `#` or `##` heading becomes (deeper ones follow),
   * so the content fits under the page's own headings. Default 3.
   */
  headingLevel?: number;
}

function markedFor(options: RenderOptions): Marked {
  const base = Math.min(Math.max(options.headingLevel ?? 3, 1), 6);
  return new Marked({
    gfm: true,
    breaks: false,
    async: false,
    // No raw HTML at all: tags are not recognised as HTML, so they are lexed (and escaped) as text. Recognising
    // them, even to escape them, would let `<pre>` or `<script>` switch the lexer into raw mode, where the
    // text after them is passed through unescaped.
    tokenizer: {
      html: () => undefined,
      tag: () => undefined,
    },
    renderer: {
      // Defence in depth: inline text is always escaped, whatever the lexer thought of it.
      text(token: Tokens.Text | Tokens.Escape) {
        if ("tokens" in token && token.tokens) return this.parser.parseInline(token.tokens);
        return escapeHtml(token.text);
      },
      // Never produced while the tokenizers above are off; kept so raw HTML could only ever come out escaped.
      html(token: Tokens.HTML | Tokens.Tag) {
        const text = escapeHtml(token.text);
        return "block" in token && token.block ? `<p>${text.trim()}</p>\n` : text;
      },
      heading({ tokens, depth }: Tokens.Heading) {
        const level = Math.min(6, base + Math.max(0, depth - 2));
        return `<h${level}>${this.parser.parseInline(tokens)}</h${level}>\n`;
      },
      paragraph(token: Tokens.Paragraph) {
        const video = videoOf(token.text);
        if (video) return videoHtml(video, options.title ?? "");
        return `<p>${this.parser.parseInline(token.tokens)}</p>\n`;
      },
      link({ href, title, tokens }: Tokens.Link) {
        const inner = this.parser.parseInline(tokens);
        const safe = safeHref(href);
        if (!safe) return inner;
        const titleAttribute = title ? ` title="${escapeHtml(title)}"` : "";
        return `<a href="${escapeHtml(safe)}"${titleAttribute} rel="noopener noreferrer" target="_blank">${inner}</a>`;
      },
      // Images are not part of the subset: their description, linked when the address is safe.
      image({ href, text }: Tokens.Image) {
        const safe = safeHref(href);
        const label = escapeHtml(text || "image");
        return safe ? `<a href="${escapeHtml(safe)}" rel="noopener noreferrer" target="_blank">${label}</a>` : label;
      },
    },
  });
}

/** Module content (or a code of conduct) as safe HTML. */
export function renderTrainingContent(content: string, options: RenderOptions = {}): string {
  if (!content.trim()) return "";
  return markedFor(options).parse(content, { async: false }) as string;
}
