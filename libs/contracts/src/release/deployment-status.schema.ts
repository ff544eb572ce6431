import { z } from 'zod';

export const deploymentStatuses = [
  'succeeded',
  'partiallySucceeded',
  'failed',
  'canceled',
  'abandoned',
  'inProgress',
  'notStarted',
  'queued',
  'undefined',
] as const;

export const deploymentStatusSchema = z.enum(deploymentStatuses);
export type DeploymentStatus = z.infer<typeof deploymentStatusSchema>;

// Azure DevOps spells statuses in several cases and uses a few synonyms across the release
// environment status, the deployment status and the docs samples.
const synonyms: Record<string, DeploymentStatus> = {
  cancelled: 'canceled',
  rejected: 'failed',
  notdeployed: 'notStarted',
  scheduled: 'queued',
  pending: 'queued',
};

const byLowerCase = new Map<string, DeploymentStatus>([
  ...deploymentStatuses.map((status) => [status.toLowerCase(), status] as const),
  ...Object.entries(synonyms),
]);

/** Maps any spelling Azure DevOps uses to the canonical status; unknown values become `undefined`. */
export function normalizeDeploymentStatus(value: unknown): DeploymentStatus {
  if (typeof value !== 'string') return 'undefined';
  return byLowerCase.get(value.trim().toLowerCase()) ?? 'undefined';
}

// A Deployment's `operationStatus` (DeploymentOperationStatus) says what became of a deployment whose
// `deploymentStatus` is only `notDeployed`: rejected at an approval, failed or canceled before it ran.
const operationStatuses: Record<string, DeploymentStatus> = {
  rejected: 'failed',
  phasefailed: 'failed',
  gatefailed: 'failed',
  canceled: 'canceled',
  phasecanceled: 'canceled',
  cancelling: 'canceled',
  phasepartiallysucceeded: 'partiallySucceeded',
  phasesucceeded: 'succeeded',
  phaseinprogress: 'inProgress',
  evaluatinggates: 'inProgress',
  manualinterventionpending: 'inProgress',
  approved: 'inProgress',
  queuedforagent: 'inProgress',
  queuedforpipeline: 'inProgress',
  queued: 'queued',
  scheduled: 'queued',
  pending: 'queued',
  deferred: 'queued',
};

/** The status a Deployment's `operationStatus` implies; `undefined` when it implies none. */
export function deploymentStatusOfOperation(value: unknown): DeploymentStatus {
  if (typeof value !== 'string') return 'undefined';
  return operationStatuses[value.trim().toLowerCase()] ?? 'undefined';
}

/**
 * The first status that says what happened, from sources in order of authority. `notDeployed` (read
 * as notStarted) is what a Deployment says when it never ran, whatever stopped it, so a later source
 * (the operation status, the environment's status) that says more wins over it.
 */
export function firstTellingStatus(statuses: readonly DeploymentStatus[]): DeploymentStatus | undefined {
  let vague: DeploymentStatus | undefined;
  for (const status of statuses) {
    if (status === 'undefined') continue;
    if (status !== 'notStarted') return status;
    vague ??= status;
  }
  return vague;
}
