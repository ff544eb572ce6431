import { StageStateChanged } from '../pipelines/stage-state-changed.event';
import { compact, firstDefined, idAt, keyAt, objectAt, textAt } from './json-access';
import type { MappedHook, Notification } from './notification';
import { projectOf } from './project-of';

// The 2019 (5.1-preview.1) delivery has no project object and no resourceContainers: its project is
// only the GUID in these links.
const stageUrlPaths = [
  ['pipeline', 'url'],
  ['run', 'pipeline', 'url'],
  ['run', 'url'],
  ['run', '_links', 'web', 'href'],
  ['stage', '_links', 'web', 'href'],
  ['stage', '_links', 'pipeline.web', 'href'],
];

export function mapStageStateChanged(notification: Notification): MappedHook {
  const { resource } = notification;
  const stage = objectAt(resource, 'stage');
  const run = objectAt(resource, 'run');
  const pipeline = objectAt(resource, 'pipeline') ?? objectAt(run, 'pipeline');
  const stageName = firstDefined(textAt(stage, 'name'), textAt(resource, 'stageName'));
  const runId = idAt(run, 'id');
  const data = {
    ...compact({ organizationUrl: notification.organizationUrl }),
    project: projectOf(notification, { urls: stageUrlPaths }),
    pipeline: compact({ id: idAt(pipeline, 'id'), name: textAt(pipeline, 'name') }),
    run: compact({ id: runId, name: textAt(run, 'name') }),
    stage: compact({
      id: keyAt(stage, 'id'),
      name: stageName,
      displayName: textAt(stage, 'displayName'),
      state: textAt(stage, 'state'),
      result: textAt(stage, 'result'),
    }),
  };
  return {
    contract: StageStateChanged,
    data,
    subject: stageName && `runs/${runId ?? 'unknown'}/stages/${stageName}`,
    issues: stageName ? [] : ['resource.stage.name: a stage-state-changed event needs the stage name'],
  };
}
