/** The ids a sealed token is bound to (its AES-GCM additional data): the check it was sent with. */
export function tokenContextOf(check: { planId: string; jobId: string; taskInstanceId: string }): string {
  return `${check.planId}/${check.jobId}/${check.taskInstanceId}`.toLowerCase();
}
