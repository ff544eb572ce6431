import { TtlCache } from './ttl-cache';

describe('TtlCache', () => {
  it('forgets entries after the TTL and evicts the oldest beyond the size bound', () => {
    let now = 0;
    const cache = new TtlCache<number>(100, 2, () => now);
    cache.set('a', 1);
    now = 99;
    expect(cache.get('a')).toBe(1);
    now = 100;
    expect(cache.get('a')).toBeUndefined();
    cache.set('x', 1);
    cache.set('y', 2);
    cache.set('z', 3);
    expect([cache.get('x'), cache.get('y'), cache.get('z')]).toEqual([undefined, 2, 3]);
  });

  it('stores nothing when the TTL is 0', () => {
    const cache = new TtlCache<number>(0);
    cache.set('a', 1);
    expect(cache.get('a')).toBeUndefined();
  });
});
