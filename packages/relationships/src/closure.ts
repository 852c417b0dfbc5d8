/** Why a match closed, in the words coordinators and participants see (the Pairs page, the portal, analytics). */
export const CLOSE_REASON_LABELS = {
  completed: "Completed with the program",
  schedule_conflict: "We could not find time to meet",
  lost_contact: "We lost contact",
  not_a_good_fit: "Not a good fit",
  personal_circumstances: "Personal circumstances",
  left_program: "Left the program",
  goals_met_early: "Goals met early",
  safeguarding_concern: "A safety or wellbeing concern",
  other: "Other",
} as const;

/** The label of a stored close reason; a match closed before reasons were asked has none. */
export function closeReasonLabel(reason: string | null): string {
  return reason && reason in CLOSE_REASON_LABELS ? CLOSE_REASON_LABELS[reason as keyof typeof CLOSE_REASON_LABELS] : "No reason given";
}
