import { PROJECT, startHarness, type Harness } from '../spec-support/harness';

describe('code coverage summary', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
    h.ado.org('fabrikam').addProject(PROJECT);
  });
  afterEach(() => h.ado.close());

  it('returns per-label figures with a percentage', async () => {
    h.ado.org('fabrikam').setCoverage(12, { stats: [{ label: 'Lines', covered: 801, total: 1000 }, { label: 'Branches', covered: 0, total: 0 }] });
    const summary = await h.org().getCodeCoverageSummary(PROJECT, 12);
    expect(summary).toEqual({
      buildId: 12,
      status: 'completed',
      figures: [
        { label: 'Lines', covered: 801, total: 1000, percent: 80.1 },
        { label: 'Branches', covered: 0, total: 0, percent: undefined },
      ],
    });
    expect(h.ado.callsMatching('/_apis/test/CodeCoverage')[0].query.buildId).toBe('12');
  });

  it.each(['inProgress', 'pending', 'updateRequestQueued', 'finalized'])('reports the summary status %s in its REST spelling', async (status) => {
    h.ado.org('fabrikam').setCoverage(14, { status, stats: [{ label: 'Lines', covered: 1, total: 2 }] });
    await expect(h.org().getCodeCoverageSummary(PROJECT, 14)).resolves.toMatchObject({ status, figures: [expect.objectContaining({ covered: 1, total: 2 })] });
  });

  it('returns no figures when the build published no coverage', async () => {
    await expect(h.org().getCodeCoverageSummary(PROJECT, 13)).resolves.toEqual({ buildId: 13, status: 'none', figures: [] });
  });
});
