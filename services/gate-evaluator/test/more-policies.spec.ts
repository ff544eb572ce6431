import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { loadGateEvaluatorConfig } from '../src/config/gate-evaluator-config';
import { MetricAllowList } from '../src/config/metric-allow-list';
import { waitFor } from '@switchyard/messaging/testing';
import { seedBuild, startEvaluatorHarness, type EvaluatorHarness } from './evaluator-harness';

jest.setTimeout(20_000);

describe('coverage and http-metric policies through the evaluator', () => {
  let h: EvaluatorHarness;
  let metrics: Server;
  let metricsUrl: string;
  const readings: number[] = [];
  let served = 0;

  beforeAll(async () => {
    metrics = createServer((_request, response) => {
      served += 1;
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ value: readings.length > 1 ? readings.shift() : readings[0] }));
    });
    await new Promise<void>((resolve) => metrics.listen(0, '127.0.0.1', resolve));
    metricsUrl = `http://127.0.0.1:${(metrics.address() as AddressInfo).port}/api/error-rate`;
    h = await startEvaluatorHarness(
      `policies:
  coverage-80: { type: coverage, minimum: 80 }
  coverage-57: { type: coverage, minimum: 57, every: 100ms, timeout: 10s }
  canary:      { type: http-metric, url: "${metricsUrl}", jsonPath: "$.value", below: 0.01, consecutive: 2, every: 100ms, timeout: 10s }
`,
      { ALLOWED_METRIC_URLS: metricsUrl.replace('/error-rate', '/') },
    );
    seedBuild(h.org, 1);
    h.org.setCoverage(1, { status: 'completed', stats: [{ label: 'Lines', covered: 85, total: 100 }] });
    seedBuild(h.org, 2);
    h.org.setCoverage(2, { status: 'completed', stats: [{ label: 'Lines', covered: 40, total: 100 }] });
  });
  afterAll(async () => {
    await h.close();
    await new Promise((resolve) => metrics.close(resolve));
  });

  it('coverage: passes at or above the minimum and fails below it', async () => {
    const good = await h.requestCheck('coverage-80', { buildId: '1' });
    const bad = await h.requestCheck('coverage-80', { buildId: '2' });
    expect((await h.waitForEvents(good))[0].result).toBe('succeeded');
    expect((await h.waitForEvents(bad))[0].result).toBe('failed');
    await h.waitForLog(bad, 'rejected: Lines coverage of build 2 is 40% (40/100); minimum 80%');
  });

  it('coverage: waits while Azure DevOps is still computing the summary, then decides on the finished one', async () => {
    seedBuild(h.org, 3);
    // A partial summary (first test run merged) that would pass; the final one does not.
    h.org.setCoverage(3, { status: 'inProgress', stats: [{ label: 'Lines', covered: 90, total: 100 }] });
    const ids = await h.requestCheck('coverage-57', { buildId: '3' });
    const log = () => (h.plan(ids)?.logs ?? []).map((entry) => entry.content).join('');
    await waitFor(() => (log().match(/waiting: .*still computing/g)?.length ?? 0) >= 2 || undefined, 'two evaluations waiting for the summary');
    expect(log()).toContain('Azure DevOps is still computing the code coverage summary of build 3 (status inProgress)');
    h.org.setCoverage(3, { status: 'updateRequestQueued', stats: [{ label: 'Lines', covered: 90, total: 100 }] });
    await waitFor(() => (log().includes('status updateRequestQueued') ? true : undefined), 'an evaluation waiting for the queued update');
    expect(h.plan(ids)?.events ?? []).toEqual([]);

    h.org.setCoverage(3, { status: 'finalized', stats: [{ label: 'Lines', covered: 5_699, total: 10_000 }] });
    expect((await h.waitForEvents(ids))[0].result).toBe('failed');
    await h.waitForLog(ids, 'rejected: Lines coverage of build 3 is 56.99% (5699/10000); minimum 57%');
  });

  it('coverage: a figure exactly at the minimum passes (57/100 against 57%)', async () => {
    seedBuild(h.org, 4);
    h.org.setCoverage(4, { status: 'completed', stats: [{ label: 'Lines', covered: 57, total: 100 }] });
    const ids = await h.requestCheck('coverage-57', { buildId: '4' });
    expect((await h.waitForEvents(ids))[0].result).toBe('succeeded');
    await h.waitForLog(ids, 'approved: Lines coverage of build 4 is 57% (57/100); minimum 57%');
  });

  it('http-metric: passes after consecutive healthy readings, restarting the count after a bad one', async () => {
    readings.push(0.001, 0.5, 0.002, 0.003);
    const ids = await h.requestCheck('canary');
    const [event] = await h.waitForEvents(ids);
    expect(event.result).toBe('succeeded');
    expect(served).toBeGreaterThanOrEqual(4);
    const log = await h.waitForLog(ids, /approved: \$\.value = 0\.003 \(must be below 0\.01\); healthy readings in a row: 2\/2/);
    expect(log).toContain('$.value = 0.5 (must be below 0.01); healthy readings in a row: 0/2');
  });
});

describe('ALLOWED_METRIC_URLS', () => {
  it('admits the URL itself and paths below an entry, nothing else', () => {
    const list = new MetricAllowList(['https://metrics.example/api/', 'https://other.example/rate']);
    expect(list.isAllowed('https://metrics.example/api/error-rate')).toBe(true);
    expect(list.isAllowed('https://other.example/rate')).toBe(true);
    expect(list.isAllowed('https://other.example/rate/sub')).toBe(true);
    expect(list.isAllowed('https://other.example/rates')).toBe(false);
    expect(list.isAllowed('https://metrics.example/apix')).toBe(false);
    expect(list.isAllowed('https://metrics.example.evil/api/x')).toBe(false);
    expect(list.isAllowed('http://metrics.example/api/x')).toBe(false);
  });

  it('stops the evaluator at start-up when an http-metric URL is not allowed, naming policy and variable', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'metric-')), 'gates.yaml');
    writeFileSync(file, 'policies:\n  canary: { type: http-metric, url: "https://metrics.example/api/error-rate?apiKey=s3cr3t-metric-key", jsonPath: "$.value", below: 1 }\n');
    const load = () => loadGateEvaluatorConfig({ GATE_POLICIES_FILE: file, GATE_TOKEN_KEY: Buffer.alloc(32).toString('hex'), ALLOWED_ORG_URLS: 'https://dev.azure.com/f/' });
    expect(load).toThrow(/ALLOWED_METRIC_URLS does not allow[\s\S]*gates\.yaml:2: policy "canary": https:\/\/metrics.example\/api\/error-rate/);
    // The query is where metric APIs take their keys: the start-up error must not print it.
    expect(load).toThrow(expect.objectContaining({ message: expect.not.stringContaining('s3cr3t-metric-key') }));
  });
});
