import { recoveryProbe } from './recovery-probe';

describe('recoveryProbe', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('stops once readiness came back by other means, even when the check under way then fails', async () => {
    let checks = 0;
    let failCheck: (error: Error) => void = () => undefined;
    const recovered = jest.fn();
    const probe = recoveryProbe(
      () => {
        checks++;
        return new Promise((_, reject) => (failCheck = reject));
      },
      recovered,
      1000,
    );
    probe.failed();
    await jest.advanceTimersByTimeAsync(1000);
    expect(checks).toBe(1);
    probe.recovered(); // a send worked meanwhile
    failCheck(new Error('connect ETIMEDOUT')); // the check started before the namespace came back
    await jest.advanceTimersByTimeAsync(10_000);
    expect(checks).toBe(1);
    expect(recovered).not.toHaveBeenCalled();
    probe.stop();
  });

  it('runs one check at a time and reports recovery once', async () => {
    let checks = 0;
    const recovered = jest.fn();
    const probe = recoveryProbe(async () => void checks++, recovered, 1000);
    probe.failed();
    probe.failed();
    await jest.advanceTimersByTimeAsync(5000);
    expect(checks).toBe(1);
    expect(recovered).toHaveBeenCalledTimes(1);
    probe.stop();
  });
});
