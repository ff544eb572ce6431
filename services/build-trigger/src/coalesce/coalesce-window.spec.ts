import type { PlannedBuild } from '../match-rules/planned-build';
import { buildSlotOf, mergedAtOf, slotTag } from './coalesce-window';

const planned = (coalesceSeconds: number, mergeKey = 'org|repo|1|abc'): PlannedBuild =>
  ({ ruleName: 'r', targetKey: 'org|p|d|', mergeKey, coalesceSeconds } as PlannedBuild);

describe('build slots', () => {
  it('without coalescing: one slot per merge, due at once', () => {
    const a = buildSlotOf(planned(0), new Date('2026-01-01T00:00:10Z'));
    const again = buildSlotOf(planned(0), new Date('2026-01-01T00:00:10Z'));
    const other = buildSlotOf(planned(0, 'org|repo|2|def'), new Date('2026-01-01T00:00:10Z'));
    expect(a.dueAt).toBeUndefined();
    expect(again.windowKey).toBe(a.windowKey);
    expect(other.windowKey).not.toBe(a.windowKey);
    expect(slotTag('r', a.windowKey)).toMatch(/^switchyard:[0-9a-f]{32}$/);
  });

  it('with coalescing: merges in one fixed window share it, the next window does not', () => {
    const at = (iso: string, key?: string) => buildSlotOf(planned(60, key), new Date(iso));
    const first = at('2026-01-01T00:01:05Z');
    const second = at('2026-01-01T00:01:59Z', 'org|repo|2|def');
    const next = at('2026-01-01T00:02:00Z');
    expect(second.windowKey).toBe(first.windowKey);
    expect(first.windowStart.toISOString()).toBe('2026-01-01T00:01:00.000Z');
    expect(next.windowKey).not.toBe(first.windowKey);
  });

  it('schedules the latest merge of a window first, after a grace period', () => {
    const early = buildSlotOf(planned(60), new Date('2026-01-01T00:01:05Z')).dueAt!;
    const late = buildSlotOf(planned(60), new Date('2026-01-01T00:01:59Z')).dueAt!;
    const windowEnd = Date.parse('2026-01-01T00:02:00Z');
    expect(late.getTime()).toBeLessThan(early.getTime());
    expect(late.getTime()).toBeGreaterThanOrEqual(windowEnd + 5000);
    expect(early.getTime()).toBeLessThanOrEqual(windowEnd + 5000 + 10_000);
  });

  it('uses the PR closed date as merge time, else when the hook arrived', () => {
    expect(mergedAtOf('2014-06-30T18:59:12.3660573Z', '2026-01-01T00:00:00Z').toISOString()).toBe('2014-06-30T18:59:12.366Z');
    expect(mergedAtOf(undefined, '2026-01-01T00:00:00Z').toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });
});
