import type { EventOf, StageStateChanged } from '@switchyard/contracts';
import type { BadgeState } from '../badge-model/badge-state';
import { appearanceOf } from '../badge-model/status-appearance';
import { blobSegment } from '../badge-path/blob-segment';
import { definitionSegment, namedSegment } from '../badge-path/named-segment';
import { organizationSegment } from '../badge-path/organization-segment';

// How far a stage got; within one run a later phase wins over a later timestamp, so a
// "running" notification delivered after "completed" cannot regress the badge.
const phaseOfState: Record<string, number> = { notstarted: 0, waiting: 0, pending: 0, inprogress: 1, running: 1, completed: 2 };

const resultStatus: Record<string, string> = {
  succeeded: 'succeeded',
  succeededwithissues: 'partiallySucceeded',
  partiallysucceeded: 'partiallySucceeded',
  failed: 'failed',
  canceled: 'canceled',
  cancelled: 'canceled',
  skipped: 'skipped',
  abandoned: 'abandoned',
};

function stageStatus(state: string | undefined, result: string | undefined): string {
  const byResult = result ? resultStatus[result.toLowerCase()] : undefined;
  if (byResult) return byResult;
  const phase = state ? phaseOfState[state.toLowerCase()] : undefined;
  if (phase === 1) return 'inProgress';
  if (phase === 0) return 'queued';
  return 'undefined';
}

/** The badge of one stage of one YAML pipeline: label = stage, message = run name + state. */
export function stageBadgeState(event: EventOf<typeof StageStateChanged>): BadgeState {
  const { data } = event;
  const project = namedSegment(data.project, 'data.project');
  const pipeline = namedSegment(data.pipeline, 'data.pipeline');
  const status = stageStatus(data.stage.state, data.stage.result);
  const appearance = appearanceOf(status);
  const stageLabel = data.stage.displayName?.trim() || data.stage.name;
  const runName = data.run.name?.trim() || (data.run.id !== undefined ? `#${data.run.id}` : undefined);
  const time = Date.parse(event.time);
  const statePhase = data.stage.state ? phaseOfState[data.stage.state.toLowerCase()] : undefined;
  return {
    kind: 'stage',
    path: `${organizationSegment(data.organizationUrl)}/${project.segment}/pipelines/${definitionSegment(data.pipeline, 'data.pipeline')}/stages/${blobSegment(data.stage.name)}`,
    label: stageLabel,
    message: runName ? `${runName} ${appearance.text}` : appearance.text,
    status,
    color: appearance.color,
    // Within a run, the event time decides before the phase: a stage re-run (same run id, no attempt in
    // the event) shows "running" again after its first attempt completed, and a late "running" of that
    // first attempt is older than its completion, so it still loses. The phase breaks ties of equal times.
    order: { primary: data.run.id, secondary: time, phase: data.stage.result ? 2 : (statePhase ?? 0), time },
    updated: new Date(time).toISOString(),
    sourceEventId: event.id,
    facts: {
      ...(data.organizationUrl !== undefined && { organizationUrl: data.organizationUrl }),
      project: project.display,
      definition: pipeline.display,
      stage: stageLabel,
      ...(runName !== undefined && { run: runName }),
    },
  };
}
