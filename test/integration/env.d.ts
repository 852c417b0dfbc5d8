import type { Env as AppEnv } from "../../workers/app/src/env.js";

declare global {
  namespace Cloudflare {
    interface Env extends AppEnv {}
  }
}
