import { createEvent, ReleaseDeploymentCompleted, ReleaseDeploymentStarted, type DataOf } from '@switchyard/contracts';
import { releaseBadgeState } from './release-badge';

type Data = DataOf<typeof ReleaseDeploymentCompleted>;

const data = (overrides: Partial<Data> = {}): Data => ({
  organizationUrl: 'https://dev.azure.com/fabfiber/',
  project: { id: 'p1', name: 'Fabrikam' },
  releaseDefinition: { id: 4, name: 'Web / API' },
  release: { id: 17, name: '1.4.2' },
  environment: { id: 9, name: 'prod', definitionEnvironmentId: 3 },
  deployment: { id: 120, attempt: 2 },
  status: 'succeeded',
  startedOn: '2026-01-01T10:00:00Z',
  completedOn: '2026-01-01T10:05:00Z',
  originalEventType: 'ms.vss-release.deployment-completed-event',
  ...overrides,
});

const completed = (overrides: Partial<Data> = {}) => createEvent(ReleaseDeploymentCompleted, { source: 'urn:test', data: data(overrides) });

describe('releaseBadgeState', () => {
  it.each([
    ['succeeded', 'brightgreen', '1.4.2 succeeded'],
    ['partiallySucceeded', 'yellow', '1.4.2 partially succeeded'],
    ['failed', 'red', '1.4.2 failed'],
    ['canceled', 'lightgrey', '1.4.2 canceled'],
    ['abandoned', 'lightgrey', '1.4.2 abandoned'],
    ['inProgress', 'blue', '1.4.2 in progress'],
  ] as const)('colours %s %s', (status, color, message) => {
    const state = releaseBadgeState(completed({ status }), 'completed', 'environment');
    expect(state).toMatchObject({ label: 'prod', message, color, status });
  });

  it('places the badge under organization, project, definition and environment', () => {
    const state = releaseBadgeState(completed(), 'completed', 'environment');
    expect(state.path).toBe('fabfiber/Fabrikam/releases/Web ~2F API/environments/prod');
    expect(state.order).toEqual({ primary: 120, secondary: 2, phase: 1, time: Date.parse('2026-01-01T10:05:00Z') });
    expect(state.facts).toMatchObject({ definition: 'Web / API', environment: 'prod', release: '1.4.2', definitionEnvironmentId: 3 });
  });

  it('labels with the definition when configured', () => {
    expect(releaseBadgeState(completed(), 'completed', 'definition').label).toBe('Web / API');
  });

  it('shows a started deployment as in progress, ordered before its completion', () => {
    const started = createEvent(ReleaseDeploymentStarted, { source: 'urn:test', data: data({ status: 'queued', completedOn: undefined }) });
    const state = releaseBadgeState(started, 'started', 'environment');
    expect(state).toMatchObject({ message: '1.4.2 in progress', color: 'blue', order: { primary: 120, phase: 0 } });
  });

  it('dates a completion that has no completedOn by its startedOn, not by when the notification was sent', () => {
    const state = releaseBadgeState(completed({ completedOn: undefined }), 'completed', 'environment');
    expect(state.order.time).toBe(Date.parse('2026-01-01T10:00:00Z'));
    expect(state.updated).toBe('2026-01-01T10:00:00.000Z');
  });

  it('falls back to the event time when the source has no timestamps, and to ids when names are missing', () => {
    const event = completed({ startedOn: undefined, completedOn: undefined, releaseDefinition: { id: 4 }, release: { id: 17 } });
    const state = releaseBadgeState(event, 'completed', 'environment');
    expect(state.order.time).toBe(Date.parse(event.time));
    expect(state.path).toBe('fabfiber/Fabrikam/releases/~id-4/environments/prod');
    expect(state.message).toBe('#17 succeeded');
  });

  it.each([
    [{ releaseDefinition: undefined }],
    [{ releaseDefinition: {} }],
    [{ releaseDefinition: { name: '  ' } }],
  ])('still renders a deployment without a usable definition (%j), under the reserved segment', (overrides) => {
    const state = releaseBadgeState(completed(overrides as Partial<Data>), 'completed', 'definition');
    expect(state).toMatchObject({
      path: 'fabfiber/Fabrikam/releases/~unknown-definition/environments/prod~env-3',
      label: 'prod',
      message: '1.4.2 succeeded',
      color: 'brightgreen',
      order: { primary: 120, secondary: 2, phase: 1 },
    });
    expect(state.facts).not.toHaveProperty('definition');
    expect(state.facts).toMatchObject({ project: 'Fabrikam', environment: 'prod', definitionEnvironmentId: 3, release: '1.4.2' });
  });

  it('keys an unknown-definition badge by environment name alone when there is no definition environment id', () => {
    const state = releaseBadgeState(completed({ releaseDefinition: undefined, environment: { name: 'QA / west' } }), 'completed', 'environment');
    expect(state.path).toBe('fabfiber/Fabrikam/releases/~unknown-definition/environments/QA ~2F west');
  });

  it.each([
    [{ environment: { name: ' ' } }, 'data.environment.name'],
    [{ release: undefined }, 'data.release'],
    [{ project: {} }, 'data.project'],
  ])('refuses an event without %j naming the field', (overrides, field) => {
    expect(() => releaseBadgeState(completed(overrides as Partial<Data>), 'completed', 'environment')).toThrow(
      expect.objectContaining({ code: 'BADGE_FIELD_MISSING', field }),
    );
  });
});
