import { AzureDevOpsErrorCodes } from '../errors/azure-devops-error';
import { PROJECT, startHarness, type Harness } from '../spec-support/harness';

describe('work item operations against the test server', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
    const org = h.ado.org('fabrikam');
    org.addWorkItem({ id: 42, project: PROJECT, type: 'User Story', state: 'Active', relations: [{ rel: 'ArtifactLink', url: 'vstfs:///Git/Commit/abc' }] });
    org.addWorkItem({ id: 43, project: PROJECT, type: 'Bug', state: 'Closed' });
  });
  afterEach(() => h.ado.close());

  it('gets one work item with its fields, and its relations on request', async () => {
    const item = await h.org().getWorkItem(42, { project: PROJECT });
    expect(item.fields).toMatchObject({ 'System.State': 'Active', 'System.WorkItemType': 'User Story' });
    expect(item.relations).toBeUndefined();
    const withLinks = await h.org().getWorkItem(42, { includeRelations: true });
    expect(withLinks.relations).toEqual([expect.objectContaining({ rel: 'ArtifactLink', url: 'vstfs:///Git/Commit/abc' })]);
  });

  it('sees a state change made between two calls', async () => {
    await expect(h.org().getWorkItem(42)).resolves.toMatchObject({ fields: { 'System.State': 'Active' } });
    h.ado.org('fabrikam').setWorkItemState(42, 'Closed');
    await expect(h.org().getWorkItem(42)).resolves.toMatchObject({ fields: { 'System.State': 'Closed' }, rev: 2 });
  });

  it('reports a missing work item as NOT_FOUND', async () => {
    await expect(h.org().getWorkItem(999)).rejects.toMatchObject({ code: AzureDevOpsErrorCodes.NOT_FOUND, details: { status: 404 } });
  });

  it('gets several work items, omitting missing ones, and only the fields asked for', async () => {
    const items = await h.org().getWorkItems([42, 999, 43], { fields: ['System.State'] });
    expect(items.map((item) => [item.id, item.fields])).toEqual([
      [42, { 'System.State': 'Active' }],
      [43, { 'System.State': 'Closed' }],
    ]);
  });

  it('refuses fields together with relations, as the REST API does', async () => {
    await expect(h.org().getWorkItem(42, { fields: ['System.State'], includeRelations: true })).rejects.toMatchObject({
      code: AzureDevOpsErrorCodes.INVALID_ARGUMENT,
    });
  });

  it('reads work item type states with their categories', async () => {
    const states = await h.org().getWorkItemTypeStates(PROJECT, 'User Story');
    expect(states).toContainEqual({ name: 'Closed', color: '339933', category: 'Completed' });
    h.ado.org('fabrikam').setWorkItemTypeStates('Product Backlog Item', [{ name: 'Done', color: '009CCC', category: 'Completed' }]);
    await expect(h.org().getWorkItemTypeStates(PROJECT, 'Product Backlog Item')).resolves.toEqual([{ name: 'Done', color: '009CCC', category: 'Completed' }]);
    expect(h.ado.callsMatching('/workitemtypes/Product%20Backlog%20Item/states')).toHaveLength(1);
    await expect(h.org().getWorkItemTypeStates(PROJECT, 'Nope')).rejects.toMatchObject({ code: AzureDevOpsErrorCodes.NOT_FOUND });
  });
});
