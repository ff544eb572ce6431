import { ReleaseDeploymentCompleted } from '../release/release-deployment-completed.event';
import { ReleaseDeploymentStarted } from '../release/release-deployment-started.event';
import { StageStateChanged } from '../pipelines/stage-state-changed.event';
import { BuildCompleted } from '../build/build-completed.event';
import { InvalidServiceHookError } from './invalid-service-hook.error';
import { normalizeServiceHook, unknownOrganizationSource } from './normalize-service-hook';

// Shaped after the service-hooks REST spec (DeploymentCompletedEvent: resource.deployment is a Deployment).
const specShapedDeploymentCompleted = (eventType: string) => ({
  id: 'a7c6b1d2-0000-4000-8000-000000000001',
  eventType,
  publisherId: 'rm',
  resource: {
    deployment: {
      id: 42,
      attempt: 2,
      deploymentStatus: 'PartiallySucceeded',
      release: { id: 17, name: 'Release-17', url: 'https://vsrm.dev.azure.com/contoso/p/_apis/Release/releases/17' },
      releaseDefinition: { id: 3, name: 'Web.CD' },
      releaseEnvironment: { id: 90, name: 'Production' },
      startedOn: '2024-05-01T10:00:00Z',
      completedOn: '2024-05-01T10:05:00Z',
    },
    project: { id: 'p-guid', name: 'Platform' },
  },
  resourceContainers: { collection: { id: 'c', baseUrl: 'https://dev.azure.com/contoso/' } },
  createdDate: '2024-05-01T10:05:01.1234567Z',
});

// No fixture exists for this event; shaped after the pipelines service-hook event documentation.
const stageStateChanged = {
  id: 'b1e0c7a4-1111-4222-8333-944455556666',
  eventType: 'ms.vss-pipelines.stage-state-changed-event',
  publisherId: 'pipelines',
  resource: {
    stage: { id: '96ac2280-8cb4-5df5-99de-dd2da759617d', name: 'Deploy', displayName: 'Deploy to prod', state: 'completed', result: 'succeeded' },
    run: {
      pipeline: { id: 4, name: 'web-ci' },
      state: 'inProgress',
      id: 310,
      name: '20240501.3',
      _links: { web: { href: 'https://dev.azure.com/contoso/Platform/_build/results?buildId=310' } },
    },
    pipeline: { url: 'https://dev.azure.com/contoso/p-guid/_apis/Pipelines/4?revision=2', id: 4, revision: 2, name: 'web-ci' },
    project: { id: 'p-guid', name: 'Platform' },
  },
  resourceContainers: { project: { id: 'p-guid' } },
  createdDate: '2024-05-01T10:06:00Z',
};

describe('normalizeServiceHook', () => {
  it.each(['ms.vss-release.deployment-completed-event', 'ms.azure-devops-release.deployment-completed-event'])(
    'maps a spec-shaped %s, preferring resource.deployment',
    (eventType) => {
      const event = normalizeServiceHook(specShapedDeploymentCompleted(eventType));
      expect(event.type).toBe(ReleaseDeploymentCompleted.type);
      expect(event.data).toEqual({
        organizationUrl: 'https://dev.azure.com/contoso/',
        project: { id: 'p-guid', name: 'Platform' },
        releaseDefinition: { id: 3, name: 'Web.CD' },
        release: { id: 17, name: 'Release-17', url: 'https://vsrm.dev.azure.com/contoso/p/_apis/Release/releases/17' },
        environment: { id: 90, name: 'Production' },
        deployment: { id: 42, attempt: 2 },
        status: 'partiallySucceeded',
        startedOn: '2024-05-01T10:00:00Z',
        completedOn: '2024-05-01T10:05:00Z',
        originalEventType: eventType,
      });
      expect(event.subject).toBe('releases/17/environments/Production');
      expect(event.time).toBe('2024-05-01T10:05:01.123Z');
    },
  );

  it('maps both deployment-started spellings', () => {
    for (const eventType of ['ms.vss-release.deployment-started-event', 'ms.azure-devops-release.deployment-started-event']) {
      const payload = { ...specShapedDeploymentCompleted(eventType), resource: { environment: { name: 'QA' } } };
      const event = normalizeServiceHook(payload);
      expect(event.type).toBe(ReleaseDeploymentStarted.type);
      // A started event without any status is in progress by definition.
      expect(event.data).toMatchObject({ environment: { name: 'QA' }, status: 'inProgress' });
    }
  });

  it('maps a stage-state-changed event', () => {
    const event = normalizeServiceHook(stageStateChanged);
    expect(event.type).toBe(StageStateChanged.type);
    expect(event.data).toEqual({
      organizationUrl: 'https://dev.azure.com/contoso/',
      project: { id: 'p-guid', name: 'Platform' },
      pipeline: { id: 4, name: 'web-ci' },
      run: { id: 310, name: '20240501.3' },
      stage: { id: '96ac2280-8cb4-5df5-99de-dd2da759617d', name: 'Deploy', displayName: 'Deploy to prod', state: 'completed', result: 'succeeded' },
    });
    expect(event.subject).toBe('runs/310/stages/Deploy');
    expect(StageStateChanged.envelope.safeParse(event).success).toBe(true);
  });

  it('takes the stage name from resource.stageName when resource.stage has none', () => {
    const event = normalizeServiceHook({ ...stageStateChanged, resource: { ...stageStateChanged.resource, stage: { state: 'inProgress' }, stageName: 'Build' } });
    expect(event.data).toMatchObject({ stage: { name: 'Build', state: 'inProgress' } });
    expect(event.subject).toBe('runs/310/stages/Build');
  });

  it.each([
    ['Build.Complete', BuildCompleted.type],
    ['MS.VSS-Release.Deployment-Completed-Event', ReleaseDeploymentCompleted.type],
  ])('maps an eventType whatever its case (%s)', (eventType, type) => {
    const event = normalizeServiceHook({ id: 'cased', eventType, resource: { id: 5, environment: { name: 'Prod' } } });
    expect(event.type).toBe(type);
  });

  it.each([
    ['no status at all', {}],
    ['a status no spelling of Azure DevOps means', { status: 'finished-ish' }],
  ])('never reports a deployment-completed event with %s as succeeded: its status is "undefined"', (_why, status) => {
    const event = normalizeServiceHook({ id: 'c', eventType: 'ms.vss-release.deployment-completed-event', resource: { environment: { name: 'Prod', ...status } } });
    expect(event.data).toMatchObject({ status: 'undefined' });
  });

  it('reads the DeploymentEvent fields beside the deployment (stageName, attemptId), queuedOn before it started, and names the release by name without an id', () => {
    const event = normalizeServiceHook({
      id: 'deployment-event',
      eventType: 'ms.vss-release.deployment-started-event',
      resource: {
        stageName: 'Staging',
        attemptId: 3,
        deployment: { id: 12, queuedOn: '2024-05-01T09:59:00Z', release: { name: 'Release-12' } },
      },
    });
    expect(event.data).toMatchObject({
      environment: { name: 'Staging' },
      deployment: { id: 12, attempt: 3 },
      startedOn: '2024-05-01T09:59:00Z',
      release: { name: 'Release-12' },
    });
    expect(event.subject).toBe('releases/Release-12/environments/Staging');
  });

  it('takes resource.projectId when no project object names one, and never the empty GUID of a project container', () => {
    const event = normalizeServiceHook({
      id: 'project-id',
      eventType: 'build.complete',
      resource: { id: 4, projectId: '6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c' },
      resourceContainers: { project: { id: '00000000-0000-0000-0000-000000000000' } },
    });
    expect(event.data).toMatchObject({ project: { id: '6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c' } });
  });

  it('reads a modern build.complete (status completed, result separate)', () => {
    const event = normalizeServiceHook({
      id: 'n-1',
      eventType: 'build.complete',
      resource: {
        id: 99,
        buildNumber: '20240501.1',
        status: 'completed',
        result: 'failed',
        sourceBranch: 'refs/heads/main',
        sourceVersion: 'abc1234',
        definition: { id: 7, name: 'api-ci' },
        project: { id: 'p', name: 'Platform' },
        url: 'https://dev.azure.com/contoso/p/_apis/build/Builds/99',
        _links: { web: { href: 'https://dev.azure.com/contoso/Platform/_build/results?buildId=99' } },
      },
    });
    expect(event.type).toBe(BuildCompleted.type);
    expect(event.data).toMatchObject({
      organizationUrl: 'https://dev.azure.com/contoso/',
      status: 'completed',
      result: 'failed',
      // The web page people open, not the REST resource beside it.
      build: { id: 99, number: '20240501.1', url: 'https://dev.azure.com/contoso/Platform/_build/results?buildId=99' },
    });
    expect(event.subject).toBe('builds/99');
  });

  it('carries metadata, falls back to receivedAt, and uses a URN source when no organization is known', () => {
    const receivedAt = new Date('2025-01-02T03:04:05.000Z');
    const event = normalizeServiceHook(
      { id: 'x', eventType: 'workitem.updated', resource: {}, createdDate: 'yesterday' },
      { metadata: { hookKey: 'primary' }, receivedAt },
    );
    expect(event).toMatchObject({ time: receivedAt.toISOString(), metadata: { hookKey: 'primary' }, source: unknownOrganizationSource });
  });

  it.each(['+010000-01-01T00:00:00Z', '-000001-01-01T00:00:00Z', '0000-01-01T00:00:00Z'])('takes the receive time for a createdDate outside years 1-9999 (%s)', (createdDate) => {
    const receivedAt = new Date('2025-01-02T03:04:05.000Z');
    const event = normalizeServiceHook({ id: 'x', eventType: 'tfvc.checkin', resource: {}, createdDate }, { receivedAt });
    expect(event.time).toBe(receivedAt.toISOString());
  });

  it.each(['0001-01-01T00:00:00', '0001-01-01T00:00:00Z', '0001-01-01T00:00:00.0000000'])('takes the receive time for a createdDate of %s (.NET\'s "no time")', (createdDate) => {
    const receivedAt = new Date('2025-01-02T03:04:05.000Z');
    const event = normalizeServiceHook({ id: 'x', eventType: 'tfvc.checkin', resource: {}, createdDate }, { receivedAt });
    expect(event.time).toBe(receivedAt.toISOString());
  });

  it('leaves out a PR closedDate and build times of 0001-01-01: an open PR, a build not started', () => {
    const openMerge = normalizeServiceHook({
      id: 'merge-attempt',
      eventType: 'git.pullrequest.merged',
      resource: {
        pullRequestId: 7,
        status: 'active',
        closedDate: '0001-01-01T00:00:00Z',
        repository: { id: 'r', name: 'lib', project: { id: 'p', name: 'P' } },
        url: 'https://dev.azure.com/contoso/P/_apis/git/repositories/r/pullRequests/7',
      },
    });
    expect(openMerge.data).not.toHaveProperty('closedDate');
    const queued = normalizeServiceHook({
      id: 'build-queued',
      eventType: 'build.complete',
      resource: { id: 9, buildNumber: '9', status: 'completed', result: 'canceled', startTime: '0001-01-01T00:00:00', finishTime: '2024-05-01T10:00:00Z', definition: { id: 1, name: 'CI' }, url: 'https://dev.azure.com/contoso/P/_apis/build/Builds/9' },
    });
    expect(queued.data).not.toHaveProperty('startTime');
    expect(queued.data).toMatchObject({ finishTime: '2024-05-01T10:00:00Z' });
  });

  it('maps the deployment-completed body of the ms.azure-devops-release docs sample (stage under deployment.environment)', () => {
    const event = normalizeServiceHook({
      id: 'docs-sample',
      eventType: 'ms.azure-devops-release.deployment-completed-event',
      resource: {
        deployment: {
          id: 1,
          status: 'succeeded',
          release: { id: 1, name: 'Release-1', releaseDefinition: { id: 1, name: 'definition-name' }, project: { id: 'project-id', name: 'project-name' } },
          environment: { id: 5, name: 'Dev' },
        },
      },
      resourceContainers: { account: { baseUrl: 'https://dev.azure.com/fabrikam/' } },
    });
    expect(event.type).toBe(ReleaseDeploymentCompleted.type);
    expect(event.data).toMatchObject({
      environment: { id: 5, name: 'Dev' },
      status: 'succeeded',
      project: { id: 'project-id', name: 'project-name' },
      releaseDefinition: { id: 1 },
      release: { id: 1, name: 'Release-1' },
    });
  });

  it('takes the event time from createdDate (a time without offset is UTC: see event-time.zone.spec)', () => {
    const event = normalizeServiceHook({ id: 'x', eventType: 'tfvc.checkin', resource: {}, createdDate: '2024-05-01T10:00:00.5' });
    expect(event.time).toBe('2024-05-01T10:00:00.500Z');
  });

  it.each([
    ['build.complete without a build id', { eventType: 'build.complete', resource: { buildNumber: '1' } }, 'resource.id'],
    ['a PR event without pullRequestId', { eventType: 'git.pullrequest.merged', resource: { repository: { name: 'r' } } }, 'resource.pullRequestId'],
    ['a PR event with pull request id 0', { eventType: 'git.pullrequest.merged', resource: { pullRequestId: 0, repository: { name: 'r' } } }, 'resource.pullRequestId'],
    ['a PR event without repository', { eventType: 'git.pullrequest.created', resource: { pullRequestId: 3 } }, 'resource.repository.name'],
    ['a deployment without environment', { eventType: 'ms.vss-release.deployment-completed-event', resource: { project: {} } }, 'resource.environment.name'],
    ['a stage event without stage', { eventType: 'ms.vss-pipelines.stage-state-changed-event', resource: { run: { id: 1 } } }, 'resource.stage.name'],
  ])('rejects %s, naming the missing field', (_name, fields, path) => {
    const error = captureError(() => normalizeServiceHook({ id: 'n', ...fields }));
    expect(error).toBeInstanceOf(InvalidServiceHookError);
    expect(error.issues).toEqual([expect.stringContaining(path)]);
  });

  it.each([
    ['id', { id: '\ud800', eventType: 'x.y' }],
    ['eventType', { id: 'ok-id', eventType: 'x.\ud83d' }],
  ])('rejects a lone surrogate in %s (UTF-8 would turn it into U+FFFD), and accepts a surrogate pair', (field, fields) => {
    const error = captureError(() => normalizeServiceHook({ ...fields, resource: {} }));
    expect(error).toBeInstanceOf(InvalidServiceHookError);
    expect(error.issues).toEqual([expect.stringMatching(new RegExp(`^${field}: contains a lone surrogate`))]);
    expect(normalizeServiceHook({ id: 'pair-\ud83d\ude00', eventType: 'x.y', resource: {} }).id).toBe('pair-\ud83d\ude00');
  });
});

function captureError(fn: () => unknown): InvalidServiceHookError {
  try {
    fn();
  } catch (error) {
    return error as InvalidServiceHookError;
  }
  throw new Error('expected an error');
}
