/**
 * Contact details in free text (issue #8): until a youth match is approved,
 * neither side may reach the other outside the program, so a mentor's bio
 * shown to mentees and a mentee's message to a mentor lose any email address,
 * phone number, web address or social-media handle written into them.
 */

export const CONTACT_DETAILS_REMOVED = "[contact details removed]";

const PATTERNS: RegExp[] = [
  // Email addresses, also written with " at " / " dot ".
  /[\p{L}\p{N}._%+-]+\s*(?:@|\(at\)|\[at\]|\sat\s)\s*[\p{L}\p{N}-]+(?:\s*(?:\.|\(dot\)|\[dot\]|\sdot\s)\s*[\p{L}\p{N}-]+)+/giu,
  // Web addresses and bare domains with a path or a common top-level domain.
  /\b(?:https?:\/\/|www\.)\S+/giu,
  /\b[\p{L}\p{N}-]+\.(?:com|net|org|io|me|co|uk|us|ca|de|fr|info|app|link|ly)(?:\/\S*)?\b/giu,
  // Social-media handles (@name), after the emails above are gone.
  /(?<![\p{L}\p{N}])@[\p{L}\p{N}_.]{2,}/gu,
  // Phone numbers: 7 or more digits, with spaces, dots, dashes or brackets between them.
  /(?:\+\s?)?(?:\(?\d[\d\s().-]{5,}\d)/gu,
];

/** The text with contact details replaced; everything else as it was. */
export function withoutContactDetails(text: string): string {
  let cleaned = text;
  for (const pattern of PATTERNS) {
    cleaned = cleaned.replace(pattern, (match) => (pattern === PATTERNS[4] && match.replace(/\D/g, "").length < 7 ? match : CONTACT_DETAILS_REMOVED));
  }
  return cleaned;
}
