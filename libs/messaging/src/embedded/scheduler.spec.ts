import { trace } from '@opentelemetry/api';
import { startInMemoryTracing } from '@switchyard/observability';
import { Scheduler } from './scheduler';

describe('Scheduler', () => {
  afterEach(() => jest.useRealTimers());

  it('releases items in due order, equal times in insertion order, none early', () => {
    jest.useFakeTimers({ now: 0 });
    const released: string[] = [];
    const scheduler = new Scheduler<string>((item) => released.push(item));
    scheduler.add(300, 'c');
    scheduler.add(100, 'a');
    scheduler.add(200, 'b1');
    scheduler.add(200, 'b2');
    jest.advanceTimersByTime(99);
    expect(released).toEqual([]);
    jest.advanceTimersByTime(101);
    expect(released).toEqual(['a', 'b1', 'b2']);
    jest.advanceTimersByTime(100);
    expect(released).toEqual(['a', 'b1', 'b2', 'c']);
    expect(scheduler.size).toBe(0);
  });

  it('keeps 10,000 pending items on one timer', () => {
    jest.useFakeTimers({ now: 0 });
    const released: number[] = [];
    const scheduler = new Scheduler<number>((item) => released.push(item));
    for (let i = 0; i < 10_000; i++) scheduler.add(1000 + ((i * 7919) % 10_000), i);
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(11_000);
    expect(released).toHaveLength(10_000);
    const dueTimes = released.map((i) => 1000 + ((i * 7919) % 10_000));
    expect(dueTimes).toEqual([...dueTimes].sort((a, b) => a - b));
  });

  it('re-arms for an earlier item added later and forgets everything on clear', () => {
    jest.useFakeTimers({ now: 0 });
    const released: string[] = [];
    const scheduler = new Scheduler<string>((item) => released.push(item));
    scheduler.add(1000, 'late');
    scheduler.add(10, 'early');
    jest.advanceTimersByTime(10);
    expect(released).toEqual(['early']);
    scheduler.clear();
    jest.advanceTimersByTime(2000);
    expect(released).toEqual(['early']);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('releases items outside the context of whoever scheduled them', async () => {
    const tracing = startInMemoryTracing();
    try {
      const activeAtRelease: (string | undefined)[] = [];
      const scheduler = new Scheduler<string>(() => activeAtRelease.push(trace.getActiveSpan()?.spanContext().spanId));
      trace.getTracer('test').startActiveSpan('publish', (span) => {
        scheduler.add(Date.now() + 5, 'a');
        scheduler.add(Date.now() + 10, 'b');
        span.end();
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(activeAtRelease).toEqual([undefined, undefined]);
    } finally {
      await tracing.shutdown();
    }
  });
});
