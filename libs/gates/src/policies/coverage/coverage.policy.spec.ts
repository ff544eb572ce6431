import { InMemoryReads } from '../../testing/in-memory-reads';
import { CoveragePolicy } from './coverage.policy';

const check = { policy: 'p', headers: {}, buildId: '3', evaluation: 1, state: {} };

describe('CoveragePolicy', () => {
  const reads = new InMemoryReads();
  const context = { now: new Date(), azureDevOps: reads };
  const policy = new CoveragePolicy(CoveragePolicy.options.parse({ minimum: 80 }));

  it('waits until coverage is published, then compares line coverage with the minimum', async () => {
    expect((await policy.evaluate(check, context)).outcome).toBe('wait');
    reads.coverage.set(3, [
      { label: 'Lines', covered: 79, total: 100 },
      { label: 'Branches', covered: 10, total: 10 },
    ]);
    expect(await policy.evaluate(check, context)).toEqual({
      outcome: 'fail',
      reason: 'Lines coverage of build 3 is 79% (79/100); minimum 80%',
    });
    reads.coverage.set(3, [
      { label: 'lines', covered: 70, total: 80 },
      { label: 'Lines', covered: 20, total: 20 },
    ]);
    expect((await policy.evaluate(check, context)).outcome).toBe('pass');
  });
});
