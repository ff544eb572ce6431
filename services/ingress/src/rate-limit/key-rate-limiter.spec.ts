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

  it('rounds Retry-After up, so that a sender waiting that long finds a request allowed', () => {
    let now = 0;
    // 7 a minute: one request every 8.57 s.
    const limiter = new KeyRateLimiter(7, () => now);
    for (let i = 0; i < 7; i++) limiter.take('a');
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 9 });
    now += 9_000;
    expect(limiter.take('a')).toEqual({ allowed: true });
  });

  it('refills an idle key up to a minute of requests, never more', () => {
    let now = 0;
    const limiter = new KeyRateLimiter(10, () => now);
    expect(limiter.take('a')).toEqual({ allowed: true });
    now += 3_600_000;
    for (let i = 0; i < 10; i++) expect(limiter.take('a')).toEqual({ allowed: true });
    expect(limiter.take('a').allowed).toBe(false);
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
