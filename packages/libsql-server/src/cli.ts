/**
 * `pnpm libsql-server --port <port> --db <file>` — run the local libSQL server.
 * Prints the URL it listens on; Ctrl-C stops it.
 */
import { parseArgs } from "node:util";
import { startLibsqlServer } from "./server.js";

const usage = "usage: libsql-server --db <file | :memory:> [--port <port>] [--host 127.0.0.1] [--auth-token <token>]";

function fail(message: string): never {
  process.stderr.write(`${message}\n${usage}\n`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      db: { type: "string" },
      port: { type: "string", default: "8080" },
      host: { type: "string", default: "127.0.0.1" },
      "auth-token": { type: "string" },
    },
  }));
} catch (error) {
  fail((error as Error).message);
}
if (!values.db) fail("--db is required");
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be an integer from 0 to 65535, got ${values.port}`);

const server = await startLibsqlServer({ db: values.db, port, host: values.host, authToken: values["auth-token"] });
process.stdout.write(`libsql-server listening on ${server.url} (db: ${values.db})\n`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
