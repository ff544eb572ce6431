import { normalizeServiceHook } from '@switchyard/contracts';
import type { EventOf, StageStateChanged } from '@switchyard/contracts';
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
      path: 'fabfiber/Fabrikam/pipelines/web-app/stages/deploy_prod',
      label: 'Deploy prod',
      message: '20260301.4 succeeded',
      color: 'brightgreen',
      order: { primary: 311, phase: 2 },
    });
  });

  it('orders a running stage before its completion in the same run', () => {
    const running = stageBadgeState(eventOf('inProgress'));
    expect(running).toMatchObject({ message: '20260301.4 in progress', color: 'blue', order: { primary: 311, phase: 1 } });
  });

  it('maps failed and canceled results', () => {
    expect(stageBadgeState(eventOf('completed', 'failed')).color).toBe('red');
    expect(stageBadgeState(eventOf('completed', 'canceled')).color).toBe('lightgrey');
  });
});
