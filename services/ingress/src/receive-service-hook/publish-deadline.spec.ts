import { BusUnavailableError } from '@switchyard/messaging';
import { PublishDeadline } from './publish-deadline';

describe('PublishDeadline', () => {
  it('passes on what settles in time, value or error', async () => {
    const deadline = new PublishDeadline(1000);
    await expect(deadline.within(Promise.resolve(7))).resolves.toBe(7);
    await expect(deadline.within(Promise.reject(new Error('refused')))).rejects.toThrow('refused');
  });

  it('rejects each promise that hangs once its own deadline has passed, and only those', async () => {
    const deadline = new PublishDeadline(60);
    const started = performance.now();
    const first = deadline.within(new Promise(() => undefined));
    await new Promise((resolve) => setTimeout(resolve, 30));
    const second = deadline.within(new Promise(() => undefined));
    const quick = deadline.within(new Promise((resolve) => setTimeout(() => resolve('late but in time'), 40)));

    await expect(first).rejects.toThrow('the bus did not answer within 60 ms');
    const firstAfter = performance.now() - started;
    await expect(quick).resolves.toBe('late but in time');
    await expect(second).rejects.toThrow('within 60 ms');
    const secondAfter = performance.now() - started;
    expect(firstAfter).toBeGreaterThanOrEqual(59);
    expect(secondAfter).toBeGreaterThanOrEqual(89);
    expect(secondAfter).toBeLessThan(1000);
  });

  it('rejects with BusUnavailableError, the failure answered 503 BUS_UNAVAILABLE', async () => {
    const hung = new PublishDeadline(1).within(new Promise(() => undefined));
    await expect(hung).rejects.toBeInstanceOf(BusUnavailableError);
    await expect(hung).rejects.toMatchObject({ code: 'MESSAGING.BUS_UNAVAILABLE' });
  });
});
