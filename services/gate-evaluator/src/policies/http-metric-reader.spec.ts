import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closedPort } from '@switchyard/testing';
import { MetricAllowList } from '../config/metric-allow-list';
import { HttpMetricReader } from './http-metric-reader';

// A loopback metrics endpoint: /small answers JSON, /endless streams chunks without a Content-Length;
// /api/moved redirects to /internal/healthy (JSON outside /api/), /api/broken answers 500 with a JSON body,
// /api/bom JSON after a byte order mark, /api/slow JSON after 2 s.
async function startMetrics(): Promise<{ base: string; server: Server }> {
  const server = createServer((request, response) => {
    if (request.url === '/small' || request.url === '/internal/healthy') {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"value":0.002}');
      return;
    }
    if (request.url === '/api/moved') {
      response.writeHead(302, { location: '/internal/healthy?apiKey=s3cr3t-metric-key' }).end();
      return;
    }
    if (request.url === '/api/bom') {
      // .NET and PowerShell endpoints may start UTF-8 JSON with a byte order mark.
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end('\uFEFF{"value":0.002}');
      return;
    }
    if (request.url === '/api/slow') {
      const timer = setTimeout(() => response.writeHead(200, { 'content-type': 'application/json' }).end('{"value":0.002}'), 2_000);
      response.on('close', () => clearTimeout(timer));
      return;
    }
    if (request.url === '/api/broken') {
      response.writeHead(500, { 'content-type': 'application/json' }).end('{"value":0.002}');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const timer = setInterval(() => response.write(chunk), 1);
    response.on('close', () => clearInterval(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('HttpMetricReader', () => {
  let metrics: { base: string; server: Server };
  let reader: HttpMetricReader;
  beforeAll(async () => {
    metrics = await startMetrics();
    reader = new HttpMetricReader(new MetricAllowList([`${metrics.base}/`]), 5_000);
  });
  afterAll(async () => {
    metrics.server.closeAllConnections();
    await new Promise((resolve) => metrics.server.close(resolve));
  });

  it('reads JSON from an allowed URL', async () => {
    expect(await reader.readJson(`${metrics.base}/small`)).toEqual({ value: 0.002 });
  });

  it('stops reading a chunked answer past 1 MiB instead of buffering it all', async () => {
    await expect(reader.readJson(`${metrics.base}/endless`)).rejects.toThrow('larger than 1048576 bytes');
  });

  it('does not follow a redirect, which could lead outside ALLOWED_METRIC_URLS', async () => {
    const apiOnly = new HttpMetricReader(new MetricAllowList([`${metrics.base}/api/`]), 5_000);
    const refused = apiOnly.readJson(`${metrics.base}/api/moved`);
    // Says what to fix, naming the target without its query (fetch alone says only "fetch failed").
    await expect(refused).rejects.toThrow(
      `it answered HTTP 302, a redirect to ${metrics.base}/internal/healthy; redirects are not followed: set the policy's url to the final URL (allowed by ALLOWED_METRIC_URLS)`,
    );
    await expect(refused).rejects.not.toThrow('s3cr3t-metric-key');
  });

  it('names why an endpoint could not be reached, instead of "fetch failed"', async () => {
    const port = await closedPort();
    const unreachable = new HttpMetricReader(new MetricAllowList([`http://127.0.0.1:${port}/`]), 5_000);
    await expect(unreachable.readJson(`http://127.0.0.1:${port}/api/rate?key=s3cr3t-metric-key`)).rejects.toThrow(
      new RegExp(`^the request failed: connect ECONNREFUSED 127\\.0\\.0\\.1:${port}$`),
    );
  });

  it('says a slow endpoint did not answer within the timeout', async () => {
    const impatient = new HttpMetricReader(new MetricAllowList([`${metrics.base}/`]), 200);
    await expect(impatient.readJson(`${metrics.base}/api/slow`)).rejects.toThrow('no complete answer within 200 ms');
  });

  it('reads JSON that starts with a byte order mark, as Response.json() would', async () => {
    expect(await reader.readJson(`${metrics.base}/api/bom`)).toEqual({ value: 0.002 });
  });

  it('refuses an error answer even when its body reads as a healthy metric', async () => {
    await expect(reader.readJson(`${metrics.base}/api/broken`)).rejects.toThrow('HTTP 500');
  });

  it('refuses a URL that is not allowed without echoing its query', async () => {
    const refused = reader.readJson('http://metrics.invalid/api/rate?apiKey=s3cr3t-metric-key');
    await expect(refused).rejects.toThrow('http://metrics.invalid/api/rate is not in ALLOWED_METRIC_URLS');
    await expect(refused).rejects.not.toThrow('s3cr3t-metric-key');
  });
});
