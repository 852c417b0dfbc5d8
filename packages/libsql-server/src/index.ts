export { startLibsqlServer, type LibsqlServer, type LibsqlServerOptions } from "./server.js";
