import { listFixtures, readFixtureJson } from '@switchyard/testing';
import { contractForType } from '../registry';
import { normalizeServiceHook } from './normalize-service-hook';

type Expected = { type: string; organizationUrl: string; subject: string; data: Record<string, unknown> };

// Key fields per fixture, read by hand from the payloads (see the fixtures README).
const expectations: Record<string, Expected> = {
  'hooks/aspnet-aspnetwebhooks-pr36/release.created.json': {
    type: 'azure-devops.service-hook.v1',
    organizationUrl: 'https://dev.azure.com/fabfiber/',
    subject: 'ms.vss-release.release-created-event',
    data: { eventType: 'ms.vss-release.release-created-event', publisherId: 'rm' },
  },
  'hooks/aspnet-aspnetwebhooks-pr36/release.deployment.approval.completed.json': {
    type: 'azure-devops.service-hook.v1',
    organizationUrl: 'https://dev.azure.com/fabfiber/',
    subject: 'ms.vss-release.deployment-approval-completed-event',
    data: { eventType: 'ms.vss-release.deployment-approval-completed-event' },
  },
  'hooks/aspnet-webhooks-vsts/build.complete.json': {
    type: 'azure-devops.build.completed.v1',
    organizationUrl: 'https://good-company.some.ssl.host/DefaultCollection/',
    subject: 'builds/2',
    data: {
      build: expect.objectContaining({ id: 2, number: 'ConsumerAddressModule_20150407.1' }),
      definition: { id: 2, name: 'ConsumerAddressModule' },
      result: 'succeeded',
      sourceBranch: 'refs/heads/master',
      sourceVersion: '600c52d2d5b655caa111abfd863e5a9bd304bb0e',
      project: { id: 'be9b3917-87e6-42a4-a549-2bc06a7a878f' },
    },
  },
  'hooks/aspnet-webhooks-vsts/git.pullrequest.created.json': {
    type: 'azure-devops.git.pull-request-created.v1',
    organizationUrl: 'https://fabrikam.visualstudio.com/',
    subject: 'repositories/4bc14d40-c903-45e2-872e-0462c7748079/pullrequests/1',
    data: { pullRequestId: 1, status: 'active', targetRefName: 'refs/heads/master', sourceRefName: 'refs/heads/mytopic' },
  },
  'hooks/aspnet-webhooks-vsts/git.pullrequest.merged.json': {
    type: 'azure-devops.git.pull-request-merged.v1',
    organizationUrl: 'https://fabrikam.visualstudio.com/',
    subject: 'repositories/4bc14d40-c903-45e2-872e-0462c7748079/pullrequests/1',
    data: { pullRequestId: 1, status: 'completed', mergeStatus: 'succeeded', lastMergeCommit: 'eef717f69257a6333f221566c1c987dc94cc0d72' },
  },
  'hooks/aspnet-webhooks-vsts/git.pullrequest.updated.json': {
    type: 'azure-devops.git.pull-request-updated.v1',
    organizationUrl: 'https://fabrikam.visualstudio.com/',
    subject: 'repositories/4bc14d40-c903-45e2-872e-0462c7748079/pullrequests/1',
    data: { pullRequestId: 1, status: 'completed', targetRefName: 'refs/heads/master' },
  },
  'hooks/aspnet-webhooks-vsts/git.push.json': {
    type: 'azure-devops.service-hook.v1',
    organizationUrl: 'https://good-company.some.ssl.host/tfs/GoodCompany/',
    subject: 'git.push',
    // notificationId is a number in the payload; the contract carries it as a string.
    data: { eventType: 'git.push', subscriptionId: '00000000-0000-0000-0000-000000000000', notificationId: '9' },
  },
  'hooks/azure-devops-docs/ms.vss-release.deployment-completed-event.events-md@09dc63ed.json': {
    type: 'azure-devops.release.deployment-completed.v1',
    organizationUrl: 'https://fabfiber.visualstudio.com/',
    subject: 'releases/1/environments/Dev',
    data: {
      environment: { id: 5, name: 'Dev', definitionEnvironmentId: 1 },
      status: 'succeeded',
      release: expect.objectContaining({ id: 1, name: 'Release-1' }),
      // The sample's project id is the empty GUID, a placeholder: not passed on as an id.
      project: { name: 'Fabrikam' },
      originalEventType: 'ms.vss-release.deployment-completed-event',
    },
  },
  'hooks/azure-devops-docs/ms.vss-release.deployment-completed-event.events-md@58e45a46.json': {
    type: 'azure-devops.release.deployment-completed.v1',
    organizationUrl: 'https://dev.azure.com/fabfiber/',
    subject: 'releases/1/environments/Dev',
    data: { environment: expect.objectContaining({ name: 'Dev' }), status: 'succeeded', release: expect.objectContaining({ name: 'Release-1' }) },
  },
  'hooks/azure-devops-docs/ms.vss-release.deployment-started-event.events-md@09dc63ed.json': {
    type: 'azure-devops.release.deployment-started.v1',
    organizationUrl: 'https://fabfiber.visualstudio.com/',
    subject: 'releases/5/environments/Dev',
    data: {
      environment: expect.objectContaining({ name: 'Dev' }),
      status: 'queued',
      // resource.release is a placeholder (id 0, name null); the environment's release is the real one.
      release: expect.objectContaining({ id: 5, name: 'Release-5' }),
      releaseDefinition: { id: 1, name: 'Fabrikam.CD' },
    },
  },
  'hooks/azure-devops-docs/ms.vss-release.deployment-started-event.events-md@58e45a46.json': {
    type: 'azure-devops.release.deployment-started.v1',
    organizationUrl: 'https://dev.azure.com/fabfiber/',
    subject: 'releases/5/environments/Dev',
    data: { environment: expect.objectContaining({ name: 'Dev' }), status: 'queued', release: expect.objectContaining({ id: 5 }) },
  },
  'hooks/go-playground-webhooks/build.complete.json': {
    type: 'azure-devops.build.completed.v1',
    organizationUrl: 'https://dev.azure.com/fabrikam-fiber-inc/',
    subject: 'builds/2',
    data: { build: expect.objectContaining({ id: 2 }), result: 'succeeded', reason: 'manual', finishTime: '2015-04-07T18:06:10.69Z' },
  },
  'hooks/go-playground-webhooks/git.pullrequest.created.json': {
    type: 'azure-devops.git.pull-request-created.v1',
    organizationUrl: 'https://dev.azure.com/fabrikam/',
    subject: 'repositories/4bc14d40-c903-45e2-872e-0462c7748079/pullrequests/1',
    data: {
      pullRequestId: 1,
      repository: expect.objectContaining({ id: '4bc14d40-c903-45e2-872e-0462c7748079', name: 'Fabrikam' }),
      createdBy: expect.objectContaining({ displayName: 'Jamal Hartnett' }),
    },
  },
  'hooks/go-playground-webhooks/git.pullrequest.merged.json': {
    type: 'azure-devops.git.pull-request-merged.v1',
    organizationUrl: 'https://dev.azure.com/fabrikam/',
    subject: 'repositories/4bc14d40-c903-45e2-872e-0462c7748079/pullrequests/1',
    data: {
      pullRequestId: 1,
      repository: expect.objectContaining({ name: 'Fabrikam' }),
      project: { id: '6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c', name: 'Fabrikam' },
      targetRefName: 'refs/heads/master',
      status: 'completed',
      mergeStatus: 'succeeded',
      lastMergeCommit: 'eef717f69257a6333f221566c1c987dc94cc0d72',
      lastMergeSourceCommit: '53d54ac915144006c2c9e90d2c7d3880920db49c',
      lastMergeTargetCommit: 'a511f535b1ea495ee0c903badb68fbc83772c882',
      closedDate: '2014-06-30T18:59:12.3660573Z',
    },
  },
  'hooks/go-playground-webhooks/git.pullrequest.updated.json': {
    type: 'azure-devops.git.pull-request-updated.v1',
    organizationUrl: 'https://dev.azure.com/fabrikam/',
    subject: 'repositories/4bc14d40-c903-45e2-872e-0462c7748079/pullrequests/1',
    data: { pullRequestId: 1, status: 'completed' },
  },
  'hooks/go-playground-webhooks/git.push.json': {
    type: 'azure-devops.service-hook.v1',
    organizationUrl: 'https://dev.azure.com/fabrikam-fiber-inc/',
    subject: 'git.push',
    data: { eventType: 'git.push' },
  },
  'hooks/jenkinsci-tfs-plugin/GitPullRequestMergedEvent.json': {
    type: 'azure-devops.git.pull-request-merged.v1',
    organizationUrl: 'https://fabrikam.visualstudio.com/',
    subject: 'repositories/4bc14d40-c903-45e2-872e-0462c7748079/pullrequests/1',
    data: { pullRequestId: 1, repository: expect.objectContaining({ remoteUrl: 'https://fabrikam.visualstudio.com/_git/Fabrikam' }) },
  },
  'hooks/jenkinsci-tfs-plugin/git.push-sample.json': {
    type: 'azure-devops.service-hook.v1',
    // resourceContainers.*.baseUrl is present here and wins over the resource links.
    organizationUrl: 'https://fabrikam-fiber-inc.visualstudio.com/',
    subject: 'git.push',
    data: { eventType: 'git.push' },
  },
};

describe('normalizeServiceHook on every hook fixture', () => {
  const fixtures = listFixtures('hooks');

  it('has an expectation for every fixture file (a new fixture must be described here)', () => {
    expect(fixtures).toEqual(Object.keys(expectations).sort());
  });

  it.each(fixtures)('%s maps to its contract and validates', (fixture) => {
    const payload = readFixtureJson<Record<string, unknown>>(fixture);
    const expected = expectations[fixture];
    const event = normalizeServiceHook(payload);

    expect(event.type).toBe(expected.type);
    expect(event.id).toBe(payload['id']);
    expect(event.source).toBe(expected.organizationUrl);
    expect(event.subject).toBe(expected.subject);
    expect(event.data).toMatchObject({ organizationUrl: expected.organizationUrl, ...expected.data });
    const contract = contractForType(event.type);
    if (!contract) throw new Error(`no contract for ${event.type}`);
    expect(contract.envelope.safeParse(event).success).toBe(true);
    // The envelope survives a round trip through JSON (it is the Service Bus message body).
    expect(contract.envelope.parse(JSON.parse(JSON.stringify(event)))).toEqual(event);
  });

  it('takes the event time from createdDate (7 fractional digits) and keeps the whole payload for generic hooks', () => {
    const payload = readFixtureJson<Record<string, unknown>>('hooks/go-playground-webhooks/git.push.json');
    const event = normalizeServiceHook(payload);
    expect(event.time).toBe('2016-09-19T13:03:27.037Z');
    expect(event.data).toEqual(expect.objectContaining({ payload }));
    // The resource travels once, inside the payload: a copy beside it would double the event.
    expect(event.data).not.toHaveProperty('resource');
  });

  it('takes a project id from the containers where the resource has only the empty GUID', () => {
    const payload = readFixtureJson<Record<string, unknown>>('hooks/azure-devops-docs/ms.vss-release.deployment-started-event.events-md@09dc63ed.json');
    const event = normalizeServiceHook(payload);
    expect(event.data).toMatchObject({ project: { id: 'be9b3917-87e6-42a4-a549-2bc06a7a878f' } });
  });

  describe('a deployment-completed event whose resource.deployment is a REST Deployment that never deployed', () => {
    // A failed deployment as the Deployments REST API lists it: deploymentStatus notDeployed, operationStatus PhaseFailed.
    const deployment = () =>
      readFixtureJson<{ responses: { 200: { body: { value: Record<string, unknown>[] } } } }>('rest/release/7.1/GET__ListDeploymentsForAGivenDefinitionId.json')
        .responses[200].body.value[0]!;
    const completed = (resource: Record<string, unknown>) =>
      normalizeServiceHook({
        id: 'deployment-79',
        eventType: 'ms.vss-release.deployment-completed-event',
        resource,
        resourceContainers: { account: { baseUrl: 'https://dev.azure.com/fabrikam/' } },
      });

    it.each([
      ['the operation status PhaseFailed, no environment', undefined, 'PhaseFailed', 'failed'],
      ['an approval rejected it', 'rejected', 'Rejected', 'failed'],
      ['no operation status; the environment says canceled', 'canceled', undefined, 'canceled'],
      ['no operation status; the environment says rejected', 'rejected', undefined, 'failed'],
    ])('%s: %s', (_why, environmentStatus, operationStatus, expected) => {
      const environment = environmentStatus === undefined ? undefined : { id: 118, name: 'PROD', status: environmentStatus };
      const event = completed({ deployment: { ...deployment(), operationStatus }, ...(environment && { environment }) });
      expect(event.data).toMatchObject({ status: expected, environment: { name: 'PROD' } });
      // queuedOn/startedOn of a deployment that never started are 0001-01-01, not a time.
      expect(JSON.stringify(event.data)).not.toContain('0001-01-01');
    });
  });
});
