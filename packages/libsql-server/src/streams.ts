/**
 * Hrana streams over HTTP: each stream owns one SQL connection and is named by
 * a baton. Batons are signed and single-use — every response issues the next
 * one — so they cannot be guessed, forged or replayed. Idle streams are closed
 * (rolling back anything uncommitted) so abandoned clients free their locks.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { SqlConnection } from "./connection.js";
import { HranaError } from "./protocol.js";
import { WriteLock } from "./write-lock.js";

export interface StreamRegistryOptions {
  dbPath: string;
  idleTimeoutMs: number;
  /** How long a writer waits for another stream's open write transaction. */
  busyTimeoutMs: number;
}

export class Stream {
  generation = 0;
  lastUsed = Date.now();
  inFlight = false;
  constructor(readonly id: string, readonly connection: SqlConnection) {}
}

export class StreamRegistry {
  readonly #streams = new Map<string, Stream>();
  readonly #secret = randomBytes(32);
  readonly #writeLock = new WriteLock();
  readonly #sweeper: NodeJS.Timeout;

  constructor(readonly options: StreamRegistryOptions) {
    this.#sweeper = setInterval(() => this.expireIdle(), Math.max(250, Math.floor(options.idleTimeoutMs / 4)));
    this.#sweeper.unref();
  }

  get size(): number {
    return this.#streams.size;
  }

  /** Opens a stream, already claimed by the request that opens it. */
  open(): Stream {
    const connection = new SqlConnection(this.options.dbPath, { busyTimeoutMs: this.options.busyTimeoutMs, writeLock: this.#writeLock });
    const stream = new Stream(randomBytes(16).toString("base64url"), connection);
    stream.inFlight = true;
    this.#streams.set(stream.id, stream);
    return stream;
  }

  /** Finds the stream a baton names and claims it for one request. */
  claim(baton: string): Stream {
    const [id, generation, mac] = baton.split(".");
    if (!id || !generation || !mac || !safeEqual(mac, this.#sign(id, generation))) {
      throw new HranaError("The baton is invalid", "BATON_INVALID");
    }
    const stream = this.#streams.get(id);
    if (!stream) throw new HranaError("The stream has expired or was closed", "STREAM_EXPIRED");
    if (stream.inFlight || String(stream.generation) !== generation) {
      throw new HranaError("The baton was already used; requests on a stream must be sequential", "BATON_REUSED");
    }
    stream.inFlight = true;
    return stream;
  }

  /** Ends a request on the stream; returns the baton for the next one. */
  release(stream: Stream): string {
    stream.inFlight = false;
    stream.lastUsed = Date.now();
    stream.generation += 1;
    return `${stream.id}.${stream.generation}.${this.#sign(stream.id, String(stream.generation))}`;
  }

  close(stream: Stream): void {
    if (this.#streams.delete(stream.id)) stream.connection.close();
  }

  expireIdle(now = Date.now()): number {
    let expired = 0;
    for (const stream of this.#streams.values()) {
      if (!stream.inFlight && now - stream.lastUsed > this.options.idleTimeoutMs) {
        this.close(stream);
        expired += 1;
      }
    }
    return expired;
  }

  closeAll(): void {
    clearInterval(this.#sweeper);
    for (const stream of this.#streams.values()) this.close(stream);
  }

  #sign(id: string, generation: string): string {
    return createHmac("sha256", this.#secret).update(`${id}.${generation}`).digest("base64url").slice(0, 32);
  }
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
