import type { DataOf, EventOf, ReleaseDeploymentCompleted, ReleaseDeploymentStarted } from '@switchyard/contracts';
import type { BadgeState } from '../badge-model/badge-state';
import { appearanceOf } from '../badge-model/status-appearance';
import { blobSegment } from '../badge-path/blob-segment';
import { namedSegment } from '../badge-path/named-segment';
import { organizationSegment } from '../badge-path/organization-segment';
import { BadgeFieldMissingError } from '../errors/badge-field-missing.error';
import { timeOf } from '../ordering/order-key';

export type ReleaseLabel = 'environment' | 'definition';
export type DeploymentEvent = EventOf<typeof ReleaseDeploymentStarted> | EventOf<typeof ReleaseDeploymentCompleted>;
type DeploymentData = DataOf<typeof ReleaseDeploymentCompleted>;

/** `<org>/<project>/releases/<definition>`: the folder of a definition's environment and summary badges. */
export function releaseDefinitionPath(data: DeploymentData): string {
  const project = namedSegment(data.project, 'data.project');
  const definition = namedSegment(data.releaseDefinition, 'data.releaseDefinition');
  return `${organizationSegment(data.organizationUrl)}/${project.segment}/releases/${definition.segment}`;
}

/**
 * The badge of one environment of one release definition. A started event always shows
 * "in progress" (Azure DevOps reports the environment as queued at that moment); a completed event
 * shows the status it reports.
 */
export function releaseBadgeState(event: DeploymentEvent, phase: 'started' | 'completed', label: ReleaseLabel): BadgeState {
  const { data } = event;
  const project = namedSegment(data.project, 'data.project');
  const definition = namedSegment(data.releaseDefinition, 'data.releaseDefinition');
  const releaseName = data.release?.name?.trim() || (data.release?.id !== undefined ? `#${data.release.id}` : undefined);
  if (!releaseName) throw new BadgeFieldMissingError('data.release', 'the badge message shows the release name or id');
  const status = phase === 'started' ? 'inProgress' : data.status;
  const appearance = appearanceOf(status);
  const sourceTime = phase === 'completed' ? (data.completedOn ?? data.startedOn) : data.startedOn;
  const time = timeOf(sourceTime) ?? Date.parse(event.time);
  return {
    kind: 'release',
    path: `${releaseDefinitionPath(data)}/environments/${blobSegment(data.environment.name)}`,
    label: label === 'definition' ? definition.display : data.environment.name,
    message: `${releaseName} ${appearance.text}`,
    status,
    color: appearance.color,
    order: {
      primary: data.deployment?.id,
      secondary: data.deployment?.attempt,
      phase: phase === 'completed' ? 1 : 0,
      time,
    },
    updated: new Date(time).toISOString(),
    sourceEventId: event.id,
    facts: {
      ...(data.organizationUrl !== undefined && { organizationUrl: data.organizationUrl }),
      project: project.display,
      definition: definition.display,
      environment: data.environment.name,
      ...(data.environment.definitionEnvironmentId !== undefined && {
        definitionEnvironmentId: data.environment.definitionEnvironmentId,
      }),
      release: releaseName,
    },
  };
}
