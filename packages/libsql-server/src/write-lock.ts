/**
 * SQLite allows one writer at a time. All our connections live in this one
 * process, so we queue writers here, asynchronously, instead of letting the
 * engine answer SQLITE_BUSY: the `libsql` binding leaves a statement that
 * failed with BUSY active until it is garbage-collected, which then blocks
 * COMMIT on that connection ("SQL statements in progress").
 */
import { HranaError } from "./protocol.js";

export class WriteLock {
  #holder: object | null = null;
  readonly #waiters: { owner: object; grant: () => void }[] = [];

  get holder(): object | null {
    return this.#holder;
  }

  /** Waits until `owner` holds the lock (re-entrant), or fails after `timeoutMs`. */
  acquire(owner: object, timeoutMs: number): Promise<void> {
    if (this.#holder === null || this.#holder === owner) {
      this.#holder = owner;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        owner,
        grant: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        reject(new HranaError(`database is locked: another stream held its write transaction open for over ${timeoutMs} ms`, "SQLITE_BUSY"));
      }, timeoutMs);
      this.#waiters.push(waiter);
    });
  }

  release(owner: object): void {
    if (this.#holder !== owner) return;
    const next = this.#waiters.shift();
    this.#holder = next ? next.owner : null;
    next?.grant();
  }
}
