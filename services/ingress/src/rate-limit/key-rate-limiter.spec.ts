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
});
