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
