import { InMemoryReads } from '../../testing/in-memory-reads';
import { WorkItemsStatePolicy } from './work-items-state.policy';

const check = { policy: 'p', headers: {}, buildId: '5', evaluation: 1, state: {} };

describe('WorkItemsStatePolicy', () => {
  const reads = new InMemoryReads();
  const context = { now: new Date(), azureDevOps: reads };
  reads.workItemLinks.set(5, [1, 2]);
  reads.states.set('User Story', [
    { name: 'New', category: 'Proposed' },
    { name: 'Active', category: 'InProgress' },
    { name: 'Closed', category: 'Completed' },
  ]);
  reads.states.set('Bug', [
    { name: 'Active', category: 'InProgress' },
    { name: 'Done', category: 'Completed' },
  ]);

  it('waits for the items not yet in the state category, then passes once all are', async () => {
    const policy = new WorkItemsStatePolicy(WorkItemsStatePolicy.options.parse({ stateCategory: 'Completed' }));
    reads.workItems.set(1, { id: 1, type: 'User Story', state: 'Closed' });
    reads.workItems.set(2, { id: 2, type: 'Bug', state: 'Active' });
    expect(await policy.evaluate(check, context)).toEqual({
      outcome: 'wait',
      reason: '1 of 2 linked work items are state category Completed; waiting for #2 (Active)',
    });
    reads.workItems.set(2, { id: 2, type: 'Bug', state: 'Done' });
    expect(await policy.evaluate(check, context)).toMatchObject({ outcome: 'pass' });
  });

  it('compares state names when given a state', async () => {
    const policy = new WorkItemsStatePolicy(WorkItemsStatePolicy.options.parse({ state: 'closed' }));
    reads.workItems.set(2, { id: 2, type: 'Bug', state: 'Done' });
    expect((await policy.evaluate(check, context)).outcome).toBe('wait');
    // The policies file may spell the state in another case than the process does.
    reads.workItems.set(1, { id: 1, type: 'User Story', state: 'Closed' });
    reads.workItems.set(2, { id: 2, type: 'Bug', state: 'CLOSED' });
    expect(await policy.evaluate(check, context)).toEqual({ outcome: 'pass', reason: 'All 2 linked work items are closed' });
  });

  it('reads the states of each work item type once, all types at once', async () => {
    const policy = new WorkItemsStatePolicy(WorkItemsStatePolicy.options.parse({ stateCategory: 'Completed' }));
    reads.workItems.set(1, { id: 1, type: 'User Story', state: 'Closed' });
    reads.workItems.set(2, { id: 2, type: 'Bug', state: 'Done' });
    reads.workItemLinks.set(9, [1, 2, 1]);
    reads.calls.length = 0;
    expect(await policy.evaluate({ ...check, buildId: '9' }, context)).toEqual({ outcome: 'pass', reason: 'All 2 linked work items are state category Completed' });
    expect(reads.calls.filter((call) => call.startsWith('states')).sort()).toEqual(['states Bug', 'states User Story']);
  });

  it('reads all linked work items in one batch, and waits for one it cannot read', async () => {
    const policy = new WorkItemsStatePolicy(WorkItemsStatePolicy.options.parse({ state: 'Closed' }));
    reads.workItems.set(1, { id: 1, type: 'User Story', state: 'Closed' });
    reads.workItemLinks.set(11, [1, 404]);
    reads.calls.length = 0;
    expect(await policy.evaluate({ ...check, buildId: '11' }, context)).toEqual({
      outcome: 'wait',
      reason: '1 of 2 linked work items are Closed; waiting for #404 (not readable)',
    });
    expect(reads.calls.filter((call) => call.startsWith('workitems '))).toEqual(['workitems 11', 'workitems 1,404']);
  });

  it('fails, saying why, when Azure DevOps may have cut the list of linked work items off', async () => {
    const policy = new WorkItemsStatePolicy(WorkItemsStatePolicy.options.parse({ stateCategory: 'Completed' }));
    const limited = new InMemoryReads();
    limited.workItemLimit = 3;
    limited.workItemLinks.set(5, [1, 2, 3]);
    expect(await policy.evaluate(check, { now: new Date(), azureDevOps: limited })).toEqual({
      outcome: 'fail',
      reason:
        'Build 5 has at least 3 linked work items, the most Azure DevOps lists in one answer, so some may be missing and the policy cannot check them all; ' +
        "link fewer work items to the run's commits and pull requests",
    });
    expect(limited.calls).toEqual(['workitems 5']);
  });

  it('fails when nothing is linked', async () => {
    const policy = new WorkItemsStatePolicy(WorkItemsStatePolicy.options.parse({ state: 'Closed' }));
    expect((await policy.evaluate({ ...check, buildId: '6' }, context)).outcome).toBe('fail');
  });
});
