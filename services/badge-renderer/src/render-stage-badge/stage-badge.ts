import type { EventOf, StageStateChanged } from '@switchyard/contracts';
import type { BadgeState } from '../badge-model/badge-state';
import { appearanceOf } from '../badge-model/status-appearance';
import { blobSegment } from '../badge-path/blob-segment';
import { definitionSegment, namedSegment } from '../badge-path/named-segment';
import { organizationSegment } from '../badge-path/organization-segment';
import { BadgeFieldMissingError } from '../errors/badge-field-missing.error';

// How far a stage got; of two notifications created at the same instant the later phase wins, so
// a "running" delivered after its "completed" cannot regress the badge (an earlier one loses by time).
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

// The status a stage shows before it has a result, in the words and colours release badges use:
// a stage that has not started is grey "not started" (a release's notDeployed); one waiting for
// checks or approvals, or pending, is blue "queued" (a release's pending / scheduled).
const stateStatus: Record<string, string> = {
  notstarted: 'notStarted',
  waiting: 'queued',
  pending: 'queued',
  inprogress: 'inProgress',
  running: 'inProgress',
};

/** `unknown` when neither result nor state says anything we know (e.g. completed without a result). */
function stageStatus(state: string | undefined, result: string | undefined): string {
  const byResult = result ? resultStatus[result.trim().toLowerCase()] : undefined;
  if (byResult) return byResult;
  const byState = state ? stateStatus[state.trim().toLowerCase()] : undefined;
  return byState ?? 'unknown';
}

/** The badge of one stage of one YAML pipeline: label = stage, message = run name + state. */
export function stageBadgeState(event: EventOf<typeof StageStateChanged>): BadgeState {
  const { data } = event;
  if (!data.stage.name.trim()) throw new BadgeFieldMissingError('data.stage.name', 'the badge path needs the stage name');
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
    // The event time (the notification's createdDate, the same on every redelivery) decides, not the
    // run id: re-running a stage of an older run (a YAML rollback, or an old run whose approval came
    // late) deploys after the newer run did. A stage re-run shows "running" again after its first
    // attempt completed, while a late "running" of that first attempt is older than its completion and
    // still loses. The phase breaks ties of equal times, the run id ties of equal phases.
    order: { secondary: data.run.id, phase: data.stage.result ? 2 : (statePhase ?? 0), time },
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
