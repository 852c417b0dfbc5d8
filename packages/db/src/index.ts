export { openDatabase, type Database, type DatabaseConfig, type DatabaseHandle } from "./client.js";
export { DatabaseUnavailableError, isDatabaseUnavailable } from "./errors.js";
export * as schema from "./schema.js";
