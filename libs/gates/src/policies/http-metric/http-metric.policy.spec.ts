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

  it('reads a number sent as a string (Prometheus sends values so), and only a whole decimal number', async () => {
    expect(await run(['0.001', ' 5e-3 ', '-1'])).toEqual(['wait', 'wait', 'pass']);
    // Number() would read each of these as a healthy 0 (or 16); none is a reading.
    for (const text of ['', ' ', '0x10', 'NaN', 'Infinity', '1,5', '0.001 req/s']) {
      expect(await run([text])).toEqual(['wait']);
    }
    expect((await policy.evaluate({ policy: 'canary', headers: {}, evaluation: 1, state: {} }, { now: new Date(), metrics: { readJson: async () => ({ data: [{ value: '' }] }) } })).reason).toBe(
      '$.data[0].value at https://metrics.example/api/error-rate is not a number (""); healthy readings in a row: 0/3',
    );
  });

  it('waits, naming the path, when the path is missing from the answer', async () => {
    const verdict = await policy.evaluate({ policy: 'canary', headers: {}, evaluation: 2, state: { healthy: 2 } }, { now: new Date(), metrics: { readJson: async () => ({ data: [] }) } });
    expect(verdict).toEqual({ outcome: 'wait', reason: '$.data[0].value at https://metrics.example/api/error-rate is not a number (absent); healthy readings in a row: 0/3', state: { healthy: 0 } });
  });

  it('quotes at most 80 characters of what stands where the number should be', async () => {
    const page = `<html>${'x'.repeat(100_000)}</html>`;
    const verdict = await policy.evaluate({ policy: 'canary', headers: {}, evaluation: 1, state: {} }, { now: new Date(), metrics: { readJson: async () => ({ data: [{ value: page }] }) } });
    expect(verdict.reason).toBe(`$.data[0].value at https://metrics.example/api/error-rate is not a number (${JSON.stringify(page).slice(0, 80)}… (100015 characters)); healthy readings in a row: 0/3`);
  });

  it('counts a reading exactly at a limit as unhealthy: "below" and "above" are strict', async () => {
    const band = new HttpMetricPolicy(HttpMetricPolicy.options.parse({ url: 'https://metrics.example/api/latency', jsonPath: '$.value', above: 0.1, below: 0.5 }));
    const verdictFor = (value: number) => band.evaluate({ policy: 'canary', headers: {}, evaluation: 1, state: {} }, { now: new Date(), metrics: { readJson: async () => ({ value }) } });
    expect(await verdictFor(0.5)).toEqual({ outcome: 'wait', reason: '$.value = 0.5 (must be below 0.5 and above 0.1); healthy readings in a row: 0/1', state: { healthy: 0 } });
    expect((await verdictFor(0.1)).outcome).toBe('wait');
    expect((await verdictFor(0.3)).outcome).toBe('pass');
  });

  it('refuses limits no reading can meet', () => {
    const parsed = HttpMetricPolicy.options.safeParse({ url: 'https://metrics.example/x', jsonPath: '$.value', below: 0.01, above: 0.5 });
    expect(parsed.error?.issues.map((issue) => issue.message)).toEqual(['above must be less than below: no reading can be above and below these, so the check could never pass']);
    expect(HttpMetricPolicy.options.safeParse({ url: 'https://metrics.example/x', jsonPath: '$.value', below: 0.5, above: 0.01 }).success).toBe(true);
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
