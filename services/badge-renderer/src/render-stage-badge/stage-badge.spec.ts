import { normalizeServiceHook } from '@switchyard/contracts';
import type { EventOf, StageStateChanged } from '@switchyard/contracts';
import { BadgeFieldMissingError } from '../errors/badge-field-missing.error';
import { compareOrder } from '../ordering/order-key';
import { stageBadgeState } from './stage-badge';

// No stage-state-changed fixture exists; this follows the documented resource shape.
function stageHook(state: string, result?: string) {
  return {
    id: `stage-${state}-${result ?? 'none'}`,
    eventType: 'ms.vss-pipelines.stage-state-changed-event',
    publisherId: 'pipelines',
    createdDate: '2026-03-01T12:00:00Z',
    resource: {
      stage: { id: 's1', name: 'deploy_prod', displayName: 'Deploy prod', state, ...(result && { result }) },
      run: { id: 311, name: '20260301.4', pipeline: { id: 12, name: 'web-app' } },
      pipeline: { id: 12, name: 'web-app', url: 'https://dev.azure.com/fabfiber/p1/_apis/pipelines/12' },
      project: { id: 'p1', name: 'Fabrikam' },
    },
    resourceContainers: { account: { id: 'a', baseUrl: 'https://dev.azure.com/fabfiber/' } },
  };
}

const eventOf = (state: string, result?: string) => normalizeServiceHook(stageHook(state, result)) as EventOf<typeof StageStateChanged>;

describe('stageBadgeState', () => {
  it('draws a completed stage with its result and places it under the pipeline', () => {
    const state = stageBadgeState(eventOf('completed', 'succeeded'));
    expect(state).toMatchObject({
      kind: 'stage',
      path: 'fabfiber/Fabrikam/pipelines/web-app~id-12/stages/deploy_prod',
      label: 'Deploy prod',
      message: '20260301.4 succeeded',
      color: 'brightgreen',
      order: { secondary: 311, phase: 2 },
    });
  });

  it('orders a running stage before its completion in the same run', () => {
    const running = stageBadgeState(eventOf('inProgress'));
    expect(running).toMatchObject({ message: '20260301.4 in progress', color: 'blue', order: { secondary: 311, phase: 1 } });
  });

  it('keeps same-named pipelines of different folders apart: the id is in the path', () => {
    const other = stageHook('completed', 'failed');
    other.resource.pipeline = { id: 13, name: 'web-app', url: 'https://dev.azure.com/fabfiber/p1/_apis/pipelines/13' };
    const otherState = stageBadgeState(normalizeServiceHook(other) as EventOf<typeof StageStateChanged>);
    expect(otherState.path).toBe('fabfiber/Fabrikam/pipelines/web-app~id-13/stages/deploy_prod');
    expect(otherState.path).not.toBe(stageBadgeState(eventOf('completed', 'succeeded')).path);
  });

  it('shows a re-run: "running" after a completion of the same run wins when it is later, a late one of the first attempt does not', () => {
    const at = (state: string, time: string, result?: string) => {
      const hook = { ...stageHook(state, result), createdDate: time };
      return stageBadgeState(normalizeServiceHook(hook) as EventOf<typeof StageStateChanged>).order;
    };
    const failed = at('completed', '2026-03-01T10:00:00Z', 'failed');
    expect(compareOrder(at('inProgress', '2026-03-01T11:00:00Z'), failed)).toBeGreaterThan(0);
    expect(compareOrder(at('inProgress', '2026-03-01T09:59:00Z'), failed)).toBeLessThan(0);
    // Same instant: the completion still wins.
    expect(compareOrder(at('inProgress', '2026-03-01T10:00:00Z'), failed)).toBeLessThan(0);
  });

  it('shows a stage of an older run re-run after a newer one (a rollback): the event time decides, not the run id', () => {
    const at = (runId: number, runName: string, state: string, time: string, result?: string) => {
      const hook = stageHook(state, result);
      hook.createdDate = time;
      hook.resource.run = { ...hook.resource.run, id: runId, name: runName };
      return stageBadgeState(normalizeServiceHook(hook) as EventOf<typeof StageStateChanged>);
    };
    const newerRun = at(101, '20240102.1', 'completed', '2024-01-02T10:00:00Z', 'succeeded');
    const rollbackRunning = at(100, '20240101.1', 'inProgress', '2024-01-02T11:00:00Z');
    const rollbackDone = at(100, '20240101.1', 'completed', '2024-01-02T11:05:00Z', 'succeeded');
    expect(compareOrder(rollbackRunning.order, newerRun.order)).toBeGreaterThan(0);
    expect(compareOrder(rollbackDone.order, rollbackRunning.order)).toBeGreaterThan(0);
    expect(rollbackDone.message).toBe('20240101.1 succeeded');
    // A notification of the newer run created before the rollback, delivered late, does not undo it.
    expect(compareOrder(newerRun.order, rollbackDone.order)).toBeLessThan(0);
    // Same instant, same phase: the higher run id breaks the tie, the same way on every replica.
    expect(compareOrder(at(101, 'b', 'completed', '2024-01-02T12:00:00Z', 'failed').order, at(100, 'a', 'completed', '2024-01-02T12:00:00Z', 'succeeded').order)).toBeGreaterThan(0);
  });

  it('maps failed and canceled results', () => {
    expect(stageBadgeState(eventOf('completed', 'failed')).color).toBe('red');
    expect(stageBadgeState(eventOf('completed', 'canceled')).color).toBe('lightgrey');
  });

  it.each([
    ['succeeded', 'succeeded', 'succeeded', 'brightgreen'],
    ['succeededWithIssues', 'partiallySucceeded', 'partially succeeded', 'yellow'],
    ['partiallySucceeded', 'partiallySucceeded', 'partially succeeded', 'yellow'],
    ['failed', 'failed', 'failed', 'red'],
    ['cancelled', 'canceled', 'canceled', 'lightgrey'],
    ['skipped', 'skipped', 'skipped', 'lightgrey'],
    ['abandoned', 'abandoned', 'abandoned', 'lightgrey'],
  ])('shows the result %s as %s, "%s", %s, as release badges do', (result, status, text, color) => {
    expect(stageBadgeState(eventOf('completed', result))).toMatchObject({ status, message: `20260301.4 ${text}`, color });
  });

  it('orders a notification that carries a result after a running one of the same instant, whatever state it names', () => {
    const withResult = stageBadgeState(eventOf('inProgress', 'succeeded'));
    const running = stageBadgeState(eventOf('inProgress'));
    expect(withResult.order.phase).toBe(2);
    expect(compareOrder(withResult.order, running.order)).toBeGreaterThan(0);
  });

  it('shows a stage that has not started grey "not started", as release badges do; waiting and pending stay blue "queued"', () => {
    expect(stageBadgeState(eventOf('notStarted'))).toMatchObject({ status: 'notStarted', message: '20260301.4 not started', color: 'lightgrey' });
    for (const state of ['waiting', 'pending']) {
      expect(stageBadgeState(eventOf(state))).toMatchObject({ status: 'queued', message: '20260301.4 queued', color: 'blue' });
    }
  });

  it('shows a completed stage without a result as "unknown" and says so in its status (never the string "undefined")', () => {
    const state = stageBadgeState(eventOf('completed'));
    expect(state).toMatchObject({ status: 'unknown', message: '20260301.4 unknown', color: 'lightgrey', order: { phase: 2 } });
    expect(stageBadgeState(eventOf('someFutureState')).status).toBe('unknown');
  });

  it('refuses a blank stage name, naming the field, as a blank environment name is refused', () => {
    const hook = stageHook('completed', 'succeeded');
    hook.resource.stage = { ...hook.resource.stage, name: ' \t', displayName: 'Deploy prod' };
    const event = normalizeServiceHook(hook) as EventOf<typeof StageStateChanged>;
    expect(() => stageBadgeState(event)).toThrow(BadgeFieldMissingError);
    expect(() => stageBadgeState(event)).toThrow('data.stage.name is missing: the badge path needs the stage name');
  });
});
