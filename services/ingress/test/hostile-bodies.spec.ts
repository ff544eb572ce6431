import { listFixtures, readFixtureJson } from '@switchyard/testing';
import { KEYS, postHook, startHarness, type Harness } from './ingress-harness';

// Deterministic pseudo-random numbers, so a failure can be replayed.
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hostileValues: unknown[] = [
  null, true, 0, -1, 1e308, '', 'x'.repeat(10_000), '\u0000\uffff', [], {}, [[[]]], JSON.parse('{"__proto__":{"polluted":1}}'),
  { constructor: { name: 'x' } }, 'https://evil.example/tfs/DefaultCollection/', { baseUrl: 42 }, ['a', { b: [null] }],
];

/** Replaces, deletes or re-types one random field somewhere in the notification. */
function mutate(value: unknown, random: () => number, depth = 0): unknown {
  if (value === null || typeof value !== 'object' || depth > 6) {
    return random() < 0.5 ? hostileValues[Math.floor(random() * hostileValues.length)] : value;
  }
  const copy: Record<string, unknown> = Array.isArray(value) ? ({ ...value } as Record<string, unknown>) : { ...(value as Record<string, unknown>) };
  const keys = Object.keys(copy);
  if (keys.length === 0) return hostileValues[Math.floor(random() * hostileValues.length)];
  const key = keys[Math.floor(random() * keys.length)];
  const roll = random();
  if (roll < 0.2) delete copy[key];
  else if (roll < 0.5) copy[key] = hostileValues[Math.floor(random() * hostileValues.length)];
  else copy[key] = mutate(copy[key], random, depth + 1);
  return Array.isArray(value) ? Object.values(copy) : copy;
}

describe('hostile but well-formed bodies', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ HOOK_RATE_PER_MINUTE: '100000' });
  });
  afterAll(async () => {
    await h.close();
  });

  it('answer 202 or 400, never 5xx, for 300 random mutations of every fixture', async () => {
    const random = prng(20261121);
    const fixtures = listFixtures('hooks').map((file) => readFixtureJson<Record<string, unknown>>(file));
    const statuses = new Map<number, number>();
    for (let i = 0; i < 300; i++) {
      let body = fixtures[i % fixtures.length];
      for (let m = 0; m < 1 + Math.floor(random() * 4); m++) body = mutate(body, random) as Record<string, unknown>;
      const response = await postHook(h.hookUrl(`?code=${KEYS.prod}`), JSON.stringify(body));
      expect([202, 400]).toContain(response.status);
      if (response.status === 400) expect((await response.json()).code).toMatch(/^[A-Z_]+$/);
      else await response.arrayBuffer();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    }
    // both outcomes occur, so the mutations really hit validation
    expect(statuses.get(202)).toBeGreaterThan(0);
    expect(statuses.get(400)).toBeGreaterThan(0);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect((await fetch(`${h.ingress.url}/healthz`)).status).toBe(200);
  }, 60_000);
});
