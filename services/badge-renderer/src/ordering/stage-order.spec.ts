import type { OrderKey } from './order-key';
import { compareStageOrder } from './stage-order';

const WAITING = 0;
const RUNNING = 1;
const COMPLETED = 2;
const stage = (run: number | undefined, phase: number, time: number): OrderKey => ({ ...(run !== undefined && { secondary: run }), phase, time });

describe('compareStageOrder', () => {
  it('orders one run by time, then phase', () => {
    expect(compareStageOrder(stage(7, RUNNING, 2_000), stage(7, COMPLETED, 1_000))).toBe(1);
    expect(compareStageOrder(stage(7, RUNNING, 1_000), stage(7, COMPLETED, 1_000))).toBe(-1);
    expect(compareStageOrder(stage(7, COMPLETED, 1_000), stage(7, COMPLETED, 1_000))).toBe(0);
  });

  it('lets an older run win only with a "running" later than the newer run', () => {
    expect(compareStageOrder(stage(6, RUNNING, 2_000), stage(7, COMPLETED, 1_000))).toBe(1);
    expect(compareStageOrder(stage(6, COMPLETED, 2_000), stage(7, COMPLETED, 1_000))).toBe(-1);
    expect(compareStageOrder(stage(6, WAITING, 2_000), stage(7, COMPLETED, 1_000))).toBe(-1);
    expect(compareStageOrder(stage(6, RUNNING, 1_000), stage(7, WAITING, 1_000))).toBe(-1);
  });

  it('gives the same answer whichever side is stored, so every replica and the index agree', () => {
    const keys = [6, 7].flatMap((run) => [WAITING, RUNNING, COMPLETED].flatMap((phase) => [1_000, 2_000].map((time) => stage(run, phase, time))));
    for (const a of keys) for (const b of keys) expect({ a, b, sign: compareStageOrder(a, b) }).toEqual({ a, b, sign: -compareStageOrder(b, a) || 0 });
  });

  it('reads the run of keys stored before stage keys held it as secondary (run id first, then the event time)', () => {
    const stored: OrderKey = { primary: 7, secondary: 1_000, phase: COMPLETED, time: 1_000 };
    expect(compareStageOrder(stage(7, RUNNING, 2_000), stored)).toBe(1);
    expect(compareStageOrder(stage(6, COMPLETED, 3_000), stored)).toBe(-1);
    expect(compareStageOrder(stage(6, RUNNING, 3_000), stored)).toBe(1);
    expect(compareStageOrder(stage(8, WAITING, 500), stored)).toBe(1);
  });

  it('orders by time, then phase, when a notification names no run', () => {
    expect(compareStageOrder(stage(undefined, WAITING, 2_000), stage(7, COMPLETED, 1_000))).toBe(1);
    expect(compareStageOrder(stage(undefined, RUNNING, 1_000), stage(undefined, COMPLETED, 1_000))).toBe(-1);
  });
});
