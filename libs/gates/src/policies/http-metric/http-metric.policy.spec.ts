import { HttpMetricPolicy } from './http-metric.policy';
import { parseJsonPath, readJsonPath } from './json-path';

describe('HttpMetricPolicy', () => {
  const policy = new HttpMetricPolicy(
    HttpMetricPolicy.options.parse({ url: 'https://metrics.example/api/error-rate', jsonPath: '$.data[0].value', below: 0.01, consecutive: 3 }),
  );
  const readings: unknown[] = [];
  const metrics = { readJson: async () => { const next = readings.shift(); if (next instanceof Error) throw next; return { data: [{ value: next }] }; } };

  async function run(values: unknown[]) {
    readings.push(...values);
    let state: Record<string, unknown> = {};
    const outcomes: string[] = [];
    for (let evaluation = 1; evaluation <= values.length; evaluation++) {
      const verdict = await policy.evaluate({ policy: 'canary', headers: {}, evaluation, state }, { now: new Date(), metrics });
      outcomes.push(verdict.outcome);
      state = verdict.outcome === 'wait' ? (verdict.state ?? {}) : {};
    }
    return outcomes;
  }

  it('never shows the metric URL query (where API keys live) in a reason', async () => {
    const keyed = new HttpMetricPolicy(
      HttpMetricPolicy.options.parse({ url: 'https://metrics.example/api/error-rate?apiKey=s3cr3t-metric-key', jsonPath: '$.value', below: 0.01 }),
    );
    const unreachable = { readJson: async () => { throw new Error('ECONNREFUSED'); } };
    const notNumber = { readJson: async () => ({ value: 'n/a' }) };
    for (const reader of [unreachable, notNumber]) {
      const verdict = await keyed.evaluate({ policy: 'canary', headers: {}, evaluation: 1, state: {} }, { now: new Date(), metrics: reader });
      expect(verdict.reason).toContain('https://metrics.example/api/error-rate');
      expect(verdict.reason).not.toContain('s3cr3t-metric-key');
    }
  });

  it('passes after N healthy readings in a row, carrying the streak in the check state', async () => {
    expect(await run([0.001, 0.002, 0.005])).toEqual(['wait', 'wait', 'pass']);
  });

  it('restarts the streak after an unhealthy reading, a non-number or an unreachable endpoint', async () => {
    expect(await run([0.001, 0.5, 0.001, 0.001, 'n/a', 0.001, new Error('ECONNREFUSED'), 0.001, 0.001, 0.001])).toEqual([
      'wait', 'wait', 'wait', 'wait', 'wait', 'wait', 'wait', 'wait', 'wait', 'pass',
    ]);
  });

  it('declares its URL for the ALLOWED_METRIC_URLS check', () => {
    expect(policy.outboundUrls).toEqual(['https://metrics.example/api/error-rate']);
  });
});

describe('json path subset', () => {
  it('reads properties and indexes, and refuses what it does not support', () => {
    expect(readJsonPath({ a: { 'b-c': [1, { d: 2 }] } }, parseJsonPath("$.a['b-c'][1].d")!)).toBe(2);
    expect(readJsonPath({ a: 1 }, parseJsonPath('$.constructor')!)).toBeUndefined();
    expect(parseJsonPath('$..value')).toBeUndefined();
    expect(parseJsonPath('value')).toBeUndefined();
  });
});
