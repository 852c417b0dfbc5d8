import type { Database } from "@tandem/db";
import { membershipsOfUser } from "../data/users.js";

/** The institutions a person is staff of, with their role in each. */
export function listMembershipsOf(db: Database, userId: string) {
  return membershipsOfUser(db, userId);
}
