import type { EventContract } from '../envelope/define-event';
import { normalizeDeploymentStatus, type DeploymentStatus } from '../release/deployment-status.schema';
import { compact, firstDefined, idAt, objectAt, stringAt, textAt, type JsonObject } from './json-access';
import type { MappedHook, Notification } from './notification';
import { projectOf } from './project-of';

// The same release appears at up to three places; the docs samples leave some of them as
// placeholders (`id: 0`, `name: null`), so each field is taken from the first place that has it.
function releaseOf(sources: (JsonObject | undefined)[]) {
  const present = sources.filter((source): source is JsonObject => source !== undefined);
  const release = compact({
    id: firstDefined(...present.map((source) => idAt(source, 'id')).filter((id) => id !== 0)),
    name: firstDefined(...present.map((source) => textAt(source, 'name'))),
    url: firstDefined(...present.flatMap((source) => [textAt(source, 'url'), textAt(source, '_links', 'web', 'href')])),
  });
  return Object.keys(release).length > 0 ? release : undefined;
}

function definitionOf(sources: (JsonObject | undefined)[]) {
  const present = sources.filter((source): source is JsonObject => source !== undefined);
  const definition = compact({
    id: firstDefined(...present.map((source) => idAt(source, 'id')).filter((id) => id !== 0)),
    name: firstDefined(...present.map((source) => textAt(source, 'name'))),
  });
  return Object.keys(definition).length > 0 ? definition : undefined;
}

/** Maps both deployment events (and both eventType spellings); `fallbackStatus` applies when none is sent. */
export function releaseDeploymentMapper(contract: EventContract, fallbackStatus: DeploymentStatus) {
  return (notification: Notification): MappedHook => {
    const { resource } = notification;
    const deployment = objectAt(resource, 'deployment');
    const environment = objectAt(resource, 'environment') ?? objectAt(deployment, 'releaseEnvironment');
    const release = objectAt(resource, 'release');
    const environmentName = firstDefined(
      textAt(environment, 'name'),
      textAt(deployment, 'releaseEnvironment', 'name'),
      textAt(resource, 'stageName'),
    );
    const rawStatus = firstDefined(
      stringAt(deployment, 'deploymentStatus'),
      stringAt(deployment, 'status'),
      stringAt(environment, 'status'),
    );
    const status = rawStatus === undefined ? fallbackStatus : normalizeDeploymentStatus(rawStatus);
    const releaseRef = releaseOf([objectAt(deployment, 'release'), objectAt(environment, 'release'), release]);
    const data = compact({
      organizationUrl: notification.organizationUrl,
      project: projectOf(notification),
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
      startedOn: firstDefined(textAt(deployment, 'startedOn'), textAt(deployment, 'queuedOn')),
      completedOn: textAt(deployment, 'completedOn'),
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
