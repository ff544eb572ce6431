import { KeyRateLimiter } from './key-rate-limiter';

describe('KeyRateLimiter', () => {
  it('allows a minute of requests at once, then refills continuously', () => {
    let now = 0;
    const limiter = new KeyRateLimiter(60, () => now);
    for (let i = 0; i < 60; i++) expect(limiter.take('a')).toEqual({ allowed: true });
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.take('b')).toEqual({ allowed: true });
    now += 1000;
    expect(limiter.take('a')).toEqual({ allowed: true });
    expect(limiter.take('a').allowed).toBe(false);
  });

  it('tells how long to wait at low rates', () => {
    const limiter = new KeyRateLimiter(2, () => 0);
    limiter.take('a');
    limiter.take('a');
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 30 });
  });

  it('keeps letting a key through when the clock goes back (NTP step, resumed VM), without refilling it', () => {
    let now = 1_700_000_000_000;
    const limiter = new KeyRateLimiter(3, () => now);
    expect(limiter.take('a')).toEqual({ allowed: true });
    now -= 3_600_000;
    expect(limiter.take('a')).toEqual({ allowed: true });
    expect(limiter.take('a')).toEqual({ allowed: true });
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 20 });
    now += 20_000;
    expect(limiter.take('a')).toEqual({ allowed: true });
  });

  it('does not follow the wall clock by default', () => {
    const wallClock = jest.spyOn(Date, 'now').mockReturnValue(1_700_000_000_000);
    try {
      const limiter = new KeyRateLimiter(1);
      expect(limiter.take('a').allowed).toBe(true);
      wallClock.mockReturnValue(1_700_000_000_000 + 3_600_000);
      expect(limiter.take('a').allowed).toBe(false);
    } finally {
      wallClock.mockRestore();
    }
  });
});
