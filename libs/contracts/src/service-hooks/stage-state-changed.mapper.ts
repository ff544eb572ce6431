import { StageStateChanged } from '../pipelines/stage-state-changed.event';
import { compact, firstDefined, idAt, keyAt, objectAt, textAt } from './json-access';
import type { MappedHook, Notification } from './notification';
import { projectOf } from './project-of';

export function mapStageStateChanged(notification: Notification): MappedHook {
  const { resource } = notification;
  const stage = objectAt(resource, 'stage');
  const run = objectAt(resource, 'run');
  const pipeline = objectAt(resource, 'pipeline') ?? objectAt(run, 'pipeline');
  const stageName = firstDefined(textAt(stage, 'name'), textAt(resource, 'stageName'));
  const runId = idAt(run, 'id');
  const data = {
    ...compact({ organizationUrl: notification.organizationUrl }),
    project: projectOf(notification),
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
