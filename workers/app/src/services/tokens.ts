/** Random one-time tokens; only their SHA-256 is stored, so a database leak reveals no usable token. */
export function newToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export async function hashToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** True if a database error (or its cause) is a broken UNIQUE/PRIMARY KEY constraint. */
export function isUniqueViolation(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 10; current = current.cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^SQLITE_CONSTRAINT_(UNIQUE|PRIMARYKEY)/.test(code)) return true;
    if (/UNIQUE constraint failed/.test(current.message)) return true;
  }
  return false;
}
