import { BuildCompleted } from '../build/build-completed.event';
import { normalizeBuildResult } from '../build/build-result.schema';
import { compact, firstDefined, idAt, textAt, timeAt } from './json-access';
import type { MappedHook, Notification } from './notification';
import { projectOf } from './project-of';

// XAML-era payloads carry `sourceGetVersion: "LG:refs/heads/main:<commit>"` instead of
// sourceBranch/sourceVersion.
function fromSourceGetVersion(value: string | undefined): { branch?: string; version?: string } {
  const match = value?.match(/^LG:(refs\/[^:]+):([0-9a-f]{7,64})$/i);
  return match ? { branch: match[1], version: match[2] } : {};
}

// Where an old build names its project only by the GUID in its links.
const buildUrlPaths = [['url'], ['_links', 'web', 'href'], ['definition', 'url']];

export function mapBuildCompleted(notification: Notification): MappedHook {
  const { resource } = notification;
  const buildId = idAt(resource, 'id');
  const status = textAt(resource, 'status');
  const legacy = fromSourceGetVersion(textAt(resource, 'sourceGetVersion'));
  const data = compact({
    organizationUrl: notification.organizationUrl,
    project: projectOf(notification, { objects: [['definition', 'project']], urls: buildUrlPaths }),
    definition: compact({ id: idAt(resource, 'definition', 'id'), name: textAt(resource, 'definition', 'name') }),
    build: compact({
      id: buildId,
      number: textAt(resource, 'buildNumber'),
      url: firstDefined(textAt(resource, '_links', 'web', 'href'), textAt(resource, 'url')),
    }),
    status,
    // XAML-era payloads put the result in `status` ("succeeded"); newer ones have status "completed".
    result: normalizeBuildResult(textAt(resource, 'result')) ?? normalizeBuildResult(status),
    sourceBranch: firstDefined(textAt(resource, 'sourceBranch'), legacy.branch),
    sourceVersion: firstDefined(textAt(resource, 'sourceVersion'), legacy.version),
    reason: textAt(resource, 'reason'),
    startTime: timeAt(resource, 'startTime'),
    finishTime: timeAt(resource, 'finishTime'),
  });
  return {
    contract: BuildCompleted,
    data,
    subject: buildId === undefined ? undefined : `builds/${buildId}`,
    issues: buildId === undefined ? ['resource.id: a build.complete event needs the numeric build id'] : [],
  };
}
