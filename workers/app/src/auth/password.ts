/**
 * Staff passwords: PBKDF2-HMAC-SHA-256 through WebCrypto, native in workerd
 * and light on memory (better-auth's default scrypt needs ~32 MiB per hash).
 * Production Workers refuse one PBKDF2 call above 100,000 iterations
 * (cloudflare/workerd#1346; local workerd does not enforce it), so six
 * chained rounds of 100,000 reach OWASP's 600,000. Hashes carry their
 * parameters, so the work factor can change later.
 * Format: pbkdf2-sha256$<iterations per round>x<rounds>$<salt>$<hash> (base64url).
 */
export const PBKDF2_MAX_ITERATIONS_PER_CALL = 100_000;
const ITERATIONS = 100_000;
const ROUNDS = 6;
const MAX_ROUNDS = 10;

const base64url = {
  encode: (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""),
  decode: (text: string) => Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (char) => char.charCodeAt(0)),
};

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number, rounds: number): Promise<Uint8Array> {
  let material = new TextEncoder().encode(password.normalize("NFKC"));
  for (let round = 0; round < rounds; round++) {
    const key = await crypto.subtle.importKey("raw", material, "PBKDF2", false, ["deriveBits"]);
    material = new Uint8Array(await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, key, 256));
  }
  return material;
}

function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i] ^ b[i];
  return difference === 0;
}

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await derive(password, salt, ITERATIONS, ROUNDS);
  return `pbkdf2-sha256$${ITERATIONS}x${ROUNDS}$${base64url.encode(salt)}$${base64url.encode(hash)}`;
}

export async function verifyPassword({ hash, password }: { hash: string; password: string }): Promise<boolean> {
  const [scheme, parameters, salt, expected] = hash.split("$");
  const [iterations, rounds] = (parameters ?? "").split("x").map(Number);
  if (scheme !== "pbkdf2-sha256" || !salt || !expected) return false;
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > PBKDF2_MAX_ITERATIONS_PER_CALL) return false;
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > MAX_ROUNDS) return false;
  return constantTimeEqual(await derive(password, base64url.decode(salt), iterations, rounds), base64url.decode(expected));
}
