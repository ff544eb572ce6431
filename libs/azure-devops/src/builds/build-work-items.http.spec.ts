import { PROJECT, caught, startHarness, type Harness } from '../spec-support/harness';

describe('getBuildWorkItemRefs', () => {
  let h: Harness;
  let buildId: number;

  beforeEach(async () => {
    h = await startHarness();
    const org = h.ado.org('fabrikam');
    const definitionId = org.addDefinition({ project: PROJECT, name: 'CI' }).id;
    buildId = org.addBuild({ project: PROJECT, definitionId }).id;
    org.linkWorkItems(buildId, Array.from({ length: 60 }, (_, index) => index + 1));
  });
  afterEach(() => h.ado.close());

  it('lists all 60 linked work items: it asks for $top=1000, where Azure DevOps would stop at 50', async () => {
    const refs = await h.org().getBuildWorkItemRefs({ project: PROJECT, buildId });
    expect(refs).toHaveLength(60);
    expect(h.ado.callsMatching(`/builds/${buildId}/workitems`, 'GET')[0].query['$top']).toBe('1000');
  });

  it('passes a given top on, and refuses one that is not a positive whole number', async () => {
    expect(await h.org().getBuildWorkItemRefs({ project: PROJECT, buildId, top: 5 })).toHaveLength(5);
    expect(h.ado.callsMatching(`/builds/${buildId}/workitems`, 'GET')[0].query['$top']).toBe('5');
    expect(await caught(h.org().getBuildWorkItemRefs({ project: PROJECT, buildId, top: 0 }))).toMatchObject({
      code: 'AZURE_DEVOPS.INVALID_ARGUMENT',
      message: 'top must be a positive integer, got 0.',
    });
  });
});
