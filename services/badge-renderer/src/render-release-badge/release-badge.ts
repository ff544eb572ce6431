import type { DataOf, EventOf, ReleaseDeploymentCompleted, ReleaseDeploymentStarted } from '@switchyard/contracts';
import type { BadgeState } from '../badge-model/badge-state';
import { appearanceOf } from '../badge-model/status-appearance';
import { blobSegment, environmentIdSuffix, UNKNOWN_DEFINITION_SEGMENT } from '../badge-path/blob-segment';
import { namedSegment, type NamedSegment } from '../badge-path/named-segment';
import { organizationSegment } from '../badge-path/organization-segment';
import { BadgeFieldMissingError } from '../errors/badge-field-missing.error';
import { timeOf } from '../ordering/order-key';

export type ReleaseLabel = 'environment' | 'definition';
export type DeploymentEvent = EventOf<typeof ReleaseDeploymentStarted> | EventOf<typeof ReleaseDeploymentCompleted>;
type DeploymentData = DataOf<typeof ReleaseDeploymentCompleted>;

function definitionOf(data: DeploymentData): NamedSegment | undefined {
  try {
    return namedSegment(data.releaseDefinition, 'data.releaseDefinition');
  } catch (error) {
    if (error instanceof BadgeFieldMissingError) return undefined;
    throw error;
  }
}

/**
 * Where the environment badge goes. A deployment that names no release definition (the docs
 * samples; real deliveries carry one) still gets its badge, under the reserved definition segment,
 * keyed by environment name plus definition environment id when present, so same-named
 * environments of different definitions stay apart.
 */
function environmentPath(data: DeploymentData, definition: NamedSegment | undefined, environment: string): string {
  const project = namedSegment(data.project, 'data.project');
  const folder = `${organizationSegment(data.organizationUrl)}/${project.segment}/releases`;
  if (definition) return `${folder}/${definition.segment}/environments/${blobSegment(environment)}`;
  const id = data.environment.definitionEnvironmentId;
  const suffix = id !== undefined ? environmentIdSuffix(id) : '';
  return `${folder}/${UNKNOWN_DEFINITION_SEGMENT}/environments/${blobSegment(environment)}${suffix}`;
}

/**
 * The badge of one environment of one release definition. A started event always shows
 * "in progress" (Azure DevOps reports the environment as queued at that moment); a completed event
 * shows the status it reports.
 */
export function releaseBadgeState(event: DeploymentEvent, phase: 'started' | 'completed', label: ReleaseLabel): BadgeState {
  const { data } = event;
  const environment = data.environment.name;
  if (!environment.trim()) throw new BadgeFieldMissingError('data.environment.name', 'the badge path and label need the environment name');
  const project = namedSegment(data.project, 'data.project');
  const definition = definitionOf(data);
  const releaseName = data.release?.name?.trim() || (data.release?.id !== undefined ? `#${data.release.id}` : undefined);
  if (!releaseName) throw new BadgeFieldMissingError('data.release', 'the badge message shows the release name or id');
  const status = phase === 'started' ? 'inProgress' : data.status;
  const appearance = appearanceOf(status);
  const sourceTime = phase === 'completed' ? (data.completedOn ?? data.startedOn) : data.startedOn;
  const time = timeOf(sourceTime) ?? Date.parse(event.time);
  return {
    kind: 'release',
    path: environmentPath(data, definition, environment),
    label: label === 'definition' && definition ? definition.display : environment,
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
      ...(definition && { definition: definition.display }),
      environment,
      ...(data.environment.definitionEnvironmentId !== undefined && {
        definitionEnvironmentId: data.environment.definitionEnvironmentId,
      }),
      release: releaseName,
    },
  };
}
