import { typedServiceHookEventTypes } from '@switchyard/contracts';

/**
 * The event types Azure DevOps documents for service hooks (learn.microsoft.com, "Service hook events"),
 * the release events under both publisher spellings its docs have used, and every type the contracts
 * map. Each has a metric label of its own, whatever else senders post.
 */
export const AZURE_DEVOPS_EVENT_TYPES: ReadonlySet<string> = new Set([
  ...typedServiceHookEventTypes,
  'build.complete',
  ...['release-created', 'release-abandoned', 'deployment-approval-pending', 'deployment-approval-completed', 'deployment-started', 'deployment-completed'].flatMap(
    (event) => [`ms.vss-release.${event}-event`, `ms.azure-devops-release.${event}-event`],
  ),
  'ms.vss-pipelines.run-state-changed-event',
  'ms.vss-pipelines.stage-state-changed-event',
  'ms.vss-pipelines.job-state-changed-event',
  'ms.vss-pipelinechecks-events.approval-pending',
  'ms.vss-pipelinechecks-events.approval-completed',
  'ms.vss-pipelinechecks-events.check-updated-event',
  'manualintervention.pending',
  'elasticagentpool.resized',
  'agentqueue.created',
  'agentqueue.updated',
  'tfvc.checkin',
  'git.push',
  'git.pullrequest.created',
  'git.pullrequest.updated',
  'git.pullrequest.merged',
  'ms.vss-code.git-pullrequest-comment-event',
  'git.repo.created',
  'git.repo.deleted',
  'git.repo.forked',
  'git.repo.renamed',
  'git.repo.statuschanged',
  'ms.vss-endpoint.endpoint-created',
  'ms.vss-endpoint.endpoint-updated',
  'workitem.created',
  'workitem.updated',
  'workitem.deleted',
  'workitem.restored',
  'workitem.commented',
  'ms.vss-alerts.alert-created-event',
  'ms.vss-alerts.alert-state-changed-event',
  'ms.vss-alerts.alert-updated-event',
]);
