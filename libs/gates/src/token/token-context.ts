/**
 * What a sealed AuthToken is bound to: the check it was sent with and where the evaluator sends it
 * (PlanUrl, ProjectId, HubName). All of it comes from the check call's headers.
 */
export interface TokenBinding {
  planUrl: string;
  projectId: string;
  hubName: string;
  planId: string;
  jobId: string;
  taskInstanceId: string;
}

// Names the binding's layout, so no other list of values can read as this one.
const BINDING = 'switchyard.check-token.v2';

/**
 * The AES-GCM additional data a check's token is sealed with: its plan, job and task ids, and the
 * organization, project and hub the evaluator calls with it. A sealed token copied into a message for
 * another check, another (even allowed) organization, project or hub does not open. Case-insensitive,
 * as Azure DevOps is for all of these; the PlanUrl is normalised as the evaluator's client normalises it
 * (trailing slash, lower-case scheme and host, dot segments resolved), so the binding names the very
 * organization the token would be sent to.
 */
export function tokenContextOf(check: TokenBinding): string {
  const parts = [BINDING, boundPlanUrl(check.planUrl), check.projectId, check.hubName, check.planId, check.jobId, check.taskInstanceId];
  return JSON.stringify(parts.map((part) => part.toLowerCase()));
}

/** The URL as the evaluator's client would call it; text that is not a URL is bound as it is (the client refuses it). */
function boundPlanUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (!url.pathname.endsWith('/')) url.pathname += '/';
    return url.href;
  } catch {
    return raw;
  }
}
