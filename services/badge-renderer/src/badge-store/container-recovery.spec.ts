import { createLogger } from '@switchyard/observability';
import { ContainerRecovery } from './container-recovery';

const logger = createLogger({ service: 'test', level: 'silent' });

describe('ContainerRecovery', () => {
  it('keeps trying while Azure refuses the name of a container deleted moments ago, then tells the listeners', async () => {
    let refusals = 3;
    const prepare = jest.fn(async () => {
      if (refusals-- > 0) throw Object.assign(new Error('The specified container is being deleted.'), { statusCode: 409 });
    });
    const recovery = new ContainerRecovery(prepare, logger, { retryDelayMs: 10 });
    const recreated = jest.fn();
    recovery.onRecreated(recreated);

    await expect(recovery.recoverWithin(1_000)).resolves.toBe(true);
    expect(prepare).toHaveBeenCalledTimes(4);
    expect(recreated).toHaveBeenCalledTimes(1);
  });

  it('gives up when the time is up, so the message goes back to the bus', async () => {
    const recovery = new ContainerRecovery(() => Promise.reject(new Error('still refused')), logger, { retryDelayMs: 30 });
    const started = Date.now();
    await expect(recovery.recoverWithin(100)).resolves.toBe(false);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('runs one preparation for every caller that notices at once', async () => {
    const prepare = jest.fn(() => new Promise<void>((resolve) => setTimeout(resolve, 20)));
    const recovery = new ContainerRecovery(prepare, logger);
    await expect(Promise.all([recovery.recover(), recovery.recover(), recovery.recover()])).resolves.toEqual([true, true, true]);
    expect(prepare).toHaveBeenCalledTimes(1);
  });
});
