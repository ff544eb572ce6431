import type { IndexEntry } from '../badge-index/index-entry';
import { mergeIndex } from '../badge-index/merge-index';
import { deriveSummaries } from '../render-summary-badge/summary-entries';
import { branchRetention } from './branch-retention';

const NOW = new Date('2026-06-30T12:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 24 * 60 * 60 * 1000).toISOString();

function entry(kind: IndexEntry['kind'], path: string, updated: string, facts: Partial<IndexEntry> = {}): IndexEntry {
  const time = Date.parse(updated);
  return {
    kind,
    path,
    project: 'P',
    label: 'L',
    message: 'm',
    status: 'succeeded',
    color: 'brightgreen',
    updated,
    svgUrl: `${path}.svg`,
    jsonUrl: `${path}.json`,
    markdown: 'md',
    sourceEventId: path,
    order: { primary: time, phase: 1, time },
    ...facts,
  };
}

const builds = 'org/P/builds/api~id-1';
const branch = (name: string, updated: string) => entry('build', `${builds}/branches/${name}`, updated, { branch: name });
// Rarely touched, but not branches: the definition's latest build and a release environment the
// definition summary is computed from.
const latest = entry('build', `${builds}/latest`, daysAgo(400));
const prod = entry('release', 'org/P/releases/D/environments/prod', daysAgo(400), { definition: 'D', environment: 'prod', release: 'R-1' });
const index = {
  schemaVersion: 1 as const,
  revision: 5,
  updated: daysAgo(1),
  badges: [latest, prod, branch('main', daysAgo(89)), branch('feature/gone', daysAgo(91)), branch('refs/pull/7/merge', daysAgo(1))],
};
const listed = (merged: ReturnType<typeof mergeIndex>) => merged?.badges.map((b) => b.path).sort();
const derive = deriveSummaries((path) => path);

describe('branchRetention in the index merge', () => {
  it('drops branch badges whose last build is past BADGE_INDEX_BRANCH_MAX_AGE_DAYS, and pull-request refs, at the next change', () => {
    const merged = mergeIndex(index, [branch('release/2', daysAgo(0))], derive, NOW, branchRetention(90));
    expect(listed(merged)).toEqual([latest.path, `${builds}/branches/main`, `${builds}/branches/release/2`, prod.path].sort());
  });

  it('keeps every branch when the limit is 0 (the default), still dropping pull-request refs', () => {
    const merged = mergeIndex(index, [branch('release/2', daysAgo(0))], derive, NOW, branchRetention(0));
    expect(listed(merged)).toEqual(
      [latest.path, `${builds}/branches/main`, `${builds}/branches/feature/gone`, `${builds}/branches/release/2`, prod.path].sort(),
    );
  });

  it('does not list a late branch build that is already past the limit, and writes nothing for it', () => {
    expect(mergeIndex(index, [branch('hotfix', daysAgo(120))], derive, NOW, branchRetention(90))).toBeUndefined();
  });

  it('keeps the summary in step: environments are never dropped, however old', () => {
    const dev = entry('release', 'org/P/releases/D/environments/dev', daysAgo(0), { definition: 'D', environment: 'dev', release: 'R-2' });
    const merged = mergeIndex(index, [dev], derive, NOW, branchRetention(1));
    expect(merged?.badges.find((b) => b.kind === 'summary')?.message).toBe('dev R-2 ✓ | prod R-1 ✓');
    expect(listed(merged)).toEqual(expect.arrayContaining([prod.path, dev.path, latest.path]));
  });
});
