/** Who is signed in and where they are staff: loaded once per page load from `GET /api/v1/me`. */
import { createContext, type ComponentChildren } from "preact";
import { useContext } from "preact/hooks";
import { api, unwrap } from "./api.js";
import { ProblemPanel, Loading } from "./components/status.js";
import { useLoad } from "./hooks.js";

export type Role = "owner" | "admin" | "coordinator" | "viewer";
export interface Session {
  user: { id: string; email: string; name: string };
  memberships: { slug: string; name: string; role: Role }[];
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ComponentChildren }) {
  const session = useLoad(() => unwrap(api.me.api.v1.me.$get()), []);
  if (session.state === "loading") return <main id="main" class="wide"><Loading what="your account" /></main>;
  if (session.state === "failed") return <main id="main" class="wide"><ProblemPanel problem={session.problem} retry={session.reload} /></main>;
  return <SessionContext.Provider value={session.data as Session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside SessionProvider");
  return session;
}

export const canManagePrograms = (role: Role) => role !== "viewer";
export const canManageSettings = (role: Role) => role === "owner" || role === "admin";
/** Owners and admins invite staff and revoke invitations (only owners make owners), as the API enforces. */
export const canManageStaff = (role: Role) => role === "owner" || role === "admin";

export const ROLE_LABELS: Record<Role, string> = { owner: "Owner", admin: "Admin", coordinator: "Coordinator", viewer: "Viewer" };
export const roleLabel = (role: string) => ROLE_LABELS[role as Role] ?? role;
