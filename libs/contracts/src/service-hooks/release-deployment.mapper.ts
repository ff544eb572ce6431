import type { EventContract } from '../envelope/define-event';
import { deploymentStatusOfOperation, firstTellingStatus, normalizeDeploymentStatus, type DeploymentStatus } from '../release/deployment-status.schema';
import { compact, firstDefined, idAt, type JsonObject, objectAt, stringAt, textAt, timeAt } from './json-access';
import type { MappedHook, Notification } from './notification';
import { projectOf } from './project-of';

// The same release appears at up to three places; the docs samples leave some of them as
// placeholders (`id: 0`, `name: null`), so each field is taken from the first place that has it.
// Plain loops: this runs for every deployment hook, and array pipelines cost more than the mapping.
function releaseOf(sources: (JsonObject | undefined)[]) {
  let id: number | undefined;
  let name: string | undefined;
  let url: string | undefined;
  for (const source of sources) {
    if (source === undefined) continue;
    id ??= nonZero(idAt(source, 'id'));
    name ??= textAt(source, 'name');
    url ??= textAt(source, 'url') ?? textAt(source, '_links', 'web', 'href');
  }
  const release = compact({ id, name, url });
  return id !== undefined || name !== undefined || url !== undefined ? release : undefined;
}

function definitionOf(sources: (JsonObject | undefined)[]) {
  let id: number | undefined;
  let name: string | undefined;
  for (const source of sources) {
    if (source === undefined) continue;
    id ??= nonZero(idAt(source, 'id'));
    name ??= textAt(source, 'name');
  }
  return id !== undefined || name !== undefined ? compact({ id, name }) : undefined;
}

const nonZero = (id: number | undefined) => (id === 0 ? undefined : id);

/** Maps both deployment events (and both eventType spellings); `fallbackStatus` applies when none is sent. */
export function releaseDeploymentMapper(contract: EventContract, fallbackStatus: DeploymentStatus) {
  return (notification: Notification): MappedHook => {
    const { resource } = notification;
    const deployment = objectAt(resource, 'deployment');
    // `deployment.environment` is where the ms.azure-devops-release.* docs sample puts the stage.
    const environment = objectAt(resource, 'environment') ?? objectAt(deployment, 'releaseEnvironment') ?? objectAt(deployment, 'environment');
    const release = objectAt(resource, 'release');
    const environmentName = firstDefined(
      textAt(environment, 'name'),
      textAt(deployment, 'releaseEnvironment', 'name'),
      textAt(deployment, 'environment', 'name'),
      textAt(resource, 'stageName'),
    );
    const status =
      firstTellingStatus([
        normalizeDeploymentStatus(stringAt(deployment, 'deploymentStatus')),
        deploymentStatusOfOperation(stringAt(deployment, 'operationStatus')),
        normalizeDeploymentStatus(stringAt(deployment, 'status')),
        normalizeDeploymentStatus(stringAt(environment, 'status')),
      ]) ?? fallbackStatus;
    const releaseRef = releaseOf([objectAt(deployment, 'release'), objectAt(environment, 'release'), release]);
    const data = compact({
      organizationUrl: notification.organizationUrl,
      project: projectOf(notification, { objects: [['deployment', 'release', 'project']] }),
      releaseDefinition: definitionOf([
        objectAt(deployment, 'releaseDefinition'),
        objectAt(environment, 'releaseDefinition'),
        objectAt(release, 'releaseDefinition'),
        objectAt(deployment, 'release', 'releaseDefinition'),
      ]),
      release: releaseRef,
      environment: compact({
        id: firstDefined(idAt(environment, 'id'), idAt(deployment, 'releaseEnvironment', 'id')),
        name: environmentName,
        definitionEnvironmentId: firstDefined(
          idAt(environment, 'definitionEnvironmentId'),
          idAt(deployment, 'definitionEnvironmentId'),
        ),
      }),
      deployment: deployment
        ? compact({ id: idAt(deployment, 'id'), attempt: firstDefined(idAt(deployment, 'attempt'), idAt(resource, 'attemptId')) })
        : undefined,
      status,
      startedOn: firstDefined(timeAt(deployment, 'startedOn'), timeAt(deployment, 'queuedOn')),
      completedOn: timeAt(deployment, 'completedOn'),
      originalEventType: notification.eventType,
    });
    return {
      contract,
      data,
      subject: environmentName && `releases/${releaseRef?.id ?? releaseRef?.name ?? 'unknown'}/environments/${environmentName}`,
      issues: environmentName
        ? []
        : ['resource.environment.name: a deployment event needs the environment (stage) name'],
    };
  };
}
