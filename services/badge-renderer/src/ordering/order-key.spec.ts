import { compareOrder, parseOrder, serializeOrder, timeOf, type OrderKey } from './order-key';

describe('compareOrder', () => {
  const at = (time: number, extra: Partial<OrderKey> = {}): OrderKey => ({ phase: 0, time, ...extra });

  it('lets a higher deployment id win even when its clock is older (a rollback)', () => {
    expect(compareOrder(at(1_000, { primary: 12 }), at(5_000, { primary: 11 }))).toBe(1);
  });

  it('lets completed beat started of the same deployment whatever the timestamps', () => {
    const started = at(9_000, { primary: 7, phase: 0 });
    const completed = at(1_000, { primary: 7, phase: 1 });
    expect(compareOrder(completed, started)).toBe(1);
    expect(compareOrder(started, completed)).toBe(-1);
  });

  it('orders attempts of one deployment before phases', () => {
    expect(compareOrder(at(0, { primary: 7, secondary: 2, phase: 0 }), at(0, { primary: 7, secondary: 1, phase: 1 }))).toBe(1);
  });

  it('falls back to time, then phase, when either side has no id', () => {
    expect(compareOrder(at(2_000), at(1_000, { primary: 99 }))).toBe(1);
    expect(compareOrder(at(1_000, { phase: 1 }), at(1_000, { phase: 0 }))).toBe(1);
  });

  it('without ids, breaks ties of equal time and phase by secondary, and only then', () => {
    expect(compareOrder(at(1_000, { secondary: 101, phase: 1 }), at(1_000, { secondary: 100, phase: 1 }))).toBe(1);
    expect(compareOrder(at(1_000, { secondary: 100, phase: 1 }), at(1_000, { secondary: 101, phase: 0 }))).toBe(1);
    expect(compareOrder(at(2_000, { secondary: 100 }), at(1_000, { secondary: 101 }))).toBe(1);
  });

  it('reports the same state as equal, so replays are no-ops', () => {
    expect(compareOrder(at(5, { primary: 1, secondary: 1, phase: 1 }), at(5, { primary: 1, secondary: 1, phase: 1 }))).toBe(0);
  });
});

describe('order key serialization', () => {
  it('round-trips through blob metadata', () => {
    const key = { primary: 42, secondary: 3, phase: 1, time: 1_700_000_000_000 };
    expect(parseOrder(serializeOrder(key))).toEqual(key);
    expect(parseOrder(serializeOrder({ phase: 0, time: 5 }))).toEqual({ primary: undefined, secondary: undefined, phase: 0, time: 5 });
  });

  it('treats missing or foreign metadata as no key', () => {
    expect(parseOrder(undefined)).toBeUndefined();
    expect(parseOrder('not json')).toBeUndefined();
    expect(parseOrder('[1,2]')).toBeUndefined();
    expect(parseOrder('{"a":1}')).toBeUndefined();
  });
});

describe('timeOf', () => {
  it('reads Azure DevOps timestamps with and without an offset as UTC', () => {
    expect(timeOf('2016-09-19T13:03:28.5345098Z')).toBe(Date.UTC(2016, 8, 19, 13, 3, 28, 534));
    expect(timeOf('2016-09-19T13:03:28.5345098')).toBe(Date.UTC(2016, 8, 19, 13, 3, 28, 534));
    expect(timeOf('garbage')).toBeUndefined();
  });
});
