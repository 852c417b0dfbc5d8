/**
 * Demo email addresses. Everything lives under the reserved `.test` top-level
 * domain (RFC 2606), so a misconfigured mailer can never reach a real inbox.
 */
export const DEMO_EMAIL_DOMAIN = "demo.tandem.test";

/** "Zoë O'Hara-Núñez" → "zoeoharanunez": lowercase ASCII letters and digits only. */
export function emailSafeName(name: string): string {
  const ascii = name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "") // combining accents left over after decomposition
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
  return ascii === "" ? "person" : ascii;
}

/**
 * Hands out `firstname.lastname.N@demo.tandem.test` with one running N for the
 * whole institution, so two people who share a name never share an address.
 */
export class DemoEmailBook {
  private nextNumber = 1;

  issue(firstName: string, lastName: string): string {
    const address = `${emailSafeName(firstName)}.${emailSafeName(lastName)}.${this.nextNumber}@${DEMO_EMAIL_DOMAIN}`;
    this.nextNumber += 1;
    return address;
  }
}
