import { ReleaseDeploymentCompleted } from '../release/release-deployment-completed.event';
import { ReleaseDeploymentStarted } from '../release/release-deployment-started.event';
import { PullRequestCreated } from '../git/pull-request-created.event';
import { PullRequestMerged } from '../git/pull-request-merged.event';
import { PullRequestUpdated } from '../git/pull-request-updated.event';
import { mapBuildCompleted } from './build-completed.mapper';
import type { HookMapper } from './notification';
import { pullRequestMapper } from './pull-request.mapper';
import { releaseDeploymentMapper } from './release-deployment.mapper';
import { mapServiceHookReceived } from './service-hook-received.mapper';
import { mapStageStateChanged } from './stage-state-changed.mapper';

const started = releaseDeploymentMapper(ReleaseDeploymentStarted, 'inProgress');
const completed = releaseDeploymentMapper(ReleaseDeploymentCompleted, 'undefined');

// Keys are lower-case. Release events exist under two publisher spellings (docs drift, see fixtures README).
const mappers = new Map<string, HookMapper>([
  ['ms.vss-release.deployment-started-event', started],
  ['ms.azure-devops-release.deployment-started-event', started],
  ['ms.vss-release.deployment-completed-event', completed],
  ['ms.azure-devops-release.deployment-completed-event', completed],
  ['build.complete', mapBuildCompleted],
  ['git.pullrequest.created', pullRequestMapper(PullRequestCreated)],
  ['git.pullrequest.updated', pullRequestMapper(PullRequestUpdated)],
  ['git.pullrequest.merged', pullRequestMapper(PullRequestMerged)],
  ['ms.vss-pipelines.stage-state-changed-event', mapStageStateChanged],
]);

/** The mapper for a service-hook eventType; unknown types map to ServiceHookReceived. */
export function mapperForEventType(eventType: string): HookMapper {
  return mappers.get(eventType.toLowerCase()) ?? mapServiceHookReceived;
}

/** The eventTypes that get a dedicated contract (everything else becomes ServiceHookReceived). */
export const typedServiceHookEventTypes: readonly string[] = [...mappers.keys()];
