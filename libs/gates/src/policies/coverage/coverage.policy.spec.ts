import { InMemoryReads } from '../../testing/in-memory-reads';
import { CoveragePolicy } from './coverage.policy';

const check = { policy: 'p', headers: {}, buildId: '3', evaluation: 1, state: {} };

describe('CoveragePolicy', () => {
  const reads = new InMemoryReads();
  const context = { now: new Date(), azureDevOps: reads };
  const policy = new CoveragePolicy(CoveragePolicy.options.parse({ minimum: 80 }));
  const lines = (covered: number, total: number) => ({ status: 'completed', stats: [{ label: 'Lines', covered, total }] });

  it('waits until coverage is published, then compares line coverage with the minimum', async () => {
    expect((await policy.evaluate(check, context)).outcome).toBe('wait');
    reads.coverage.set(3, {
      status: 'completed',
      stats: [
        { label: 'Lines', covered: 79, total: 100 },
        { label: 'Branches', covered: 10, total: 10 },
      ],
    });
    expect(await policy.evaluate(check, context)).toEqual({
      outcome: 'fail',
      reason: 'Lines coverage of build 3 is 79% (79/100); minimum 80%',
    });
    reads.coverage.set(3, {
      status: 'finalized',
      stats: [
        { label: 'lines', covered: 70, total: 80 },
        { label: 'Lines', covered: 20, total: 20 },
      ],
    });
    expect((await policy.evaluate(check, context)).outcome).toBe('pass');
  });

  it.each(['inProgress', 'pending', 'updateRequestQueued'])('waits while the summary is %s, however good the figures so far', async (status) => {
    reads.coverage.set(3, { status, stats: [{ label: 'Lines', covered: 100, total: 100 }] });
    expect(await policy.evaluate(check, context)).toEqual({
      outcome: 'wait',
      reason: `Azure DevOps is still computing the code coverage summary of build 3 (status ${status})`,
    });
  });

  it('waits while the statistic has no figures, naming the statistics the build has', async () => {
    reads.coverage.set(3, { status: 'completed', stats: [] });
    expect(await policy.evaluate(check, context)).toEqual({ outcome: 'wait', reason: 'Build 3 has no Lines coverage published yet' });
    const typo = new CoveragePolicy(CoveragePolicy.options.parse({ minimum: 80, statistic: 'Line' }));
    reads.coverage.set(3, lines(90, 100));
    expect(await typo.evaluate(check, context)).toEqual({ outcome: 'wait', reason: 'Build 3 has no Line coverage published yet (it has Lines)' });
  });

  it('decides on the figures of a server that reports no status', async () => {
    reads.coverage.set(3, { stats: [{ label: 'Lines', covered: 81, total: 100 }] });
    expect((await policy.evaluate(check, context)).outcome).toBe('pass');
  });

  it('compares exactly: a figure at the minimum passes, one a hair below fails, and the shown percent never rounds up', async () => {
    const at57 = new CoveragePolicy(CoveragePolicy.options.parse({ minimum: 57 }));
    reads.coverage.set(3, lines(57, 100));
    expect(await at57.evaluate(check, context)).toEqual({ outcome: 'pass', reason: 'Lines coverage of build 3 is 57% (57/100); minimum 57%' });
    reads.coverage.set(3, lines(56_999_999, 100_000_000));
    expect(await at57.evaluate(check, context)).toEqual({ outcome: 'fail', reason: 'Lines coverage of build 3 is 56.99% (56999999/100000000); minimum 57%' });
    const third = new CoveragePolicy(CoveragePolicy.options.parse({ minimum: 33.33 }));
    reads.coverage.set(3, lines(1, 3));
    expect(await third.evaluate(check, context)).toEqual({ outcome: 'pass', reason: 'Lines coverage of build 3 is 33.33% (1/3); minimum 33.33%' });
    reads.coverage.set(3, lines(801, 1000));
    expect((await policy.evaluate(check, context)).reason).toBe('Lines coverage of build 3 is 80.1% (801/1000); minimum 80%');
  });

  it('refuses a minimum with more than two decimals, naming it', () => {
    const parsed = CoveragePolicy.options.safeParse({ minimum: 80.125 });
    expect(parsed.error?.issues.map((issue) => issue.message)).toEqual(['80.125 has more than two decimals; use a percentage such as 80 or 72.5']);
  });
});
