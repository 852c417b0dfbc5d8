import type { Env as AppEnv } from "../../workers/app/src/env.js";

declare global {
  namespace Cloudflare {
    interface Env extends AppEnv {}
    interface GlobalProps {
      mainModule: typeof import("../../workers/app/src/index.js");
    }
  }
}
