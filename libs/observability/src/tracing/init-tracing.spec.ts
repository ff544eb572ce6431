import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { createServer as createHttp2Server, type Http2Server } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { trace } from '@opentelemetry/api';
import { closedPort } from '@switchyard/testing';
import { initTracing } from './init-tracing';

interface OtlpExport {
  resourceSpans: { resource: { attributes: { key: string; value: { stringValue?: string } }[] }; scopeSpans: { spans: { name: string; status?: { message?: string } }[] }[] }[];
}

const repoRoot = join(__dirname, '../../../..');

/** Runs the exporter in a real Node process (see export-one-span.ts for why). */
async function runScript(script: string, args: string[], env: Record<string, string>) {
  return promisify(execFile)(process.execPath, ['-r', '@swc-node/register', join(__dirname, 'spec-support', script), ...args], {
    cwd: repoRoot,
    env: { PATH: process.env['PATH'], ...env },
    timeout: 30_000,
  });
}

async function runService(service: string, env: Record<string, string>) {
  const { stdout } = await runScript('export-one-span.ts', [service], env);
  return JSON.parse(stdout) as { enabled: boolean; serviceName: string; reason: string; summary: string };
}

describe('initTracing', () => {
  let collector: Server;
  let endpoint: string;
  const received: { path: string; contentType?: string; body: OtlpExport }[] = [];

  beforeAll(async () => {
    collector = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const contentType = request.headers['content-type'];
        const body = contentType === 'application/json' ? JSON.parse(Buffer.concat(chunks).toString()) : undefined;
        received.push({ path: request.url ?? '', contentType, body });
        response.writeHead(200, { 'content-type': contentType ?? 'application/json' }).end(contentType === 'application/json' ? '{}' : '');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => collector.close(resolve)));
  beforeEach(() => (received.length = 0));

  it('starts nothing when no exporter is configured: spans are no-ops', async () => {
    const tracing = initTracing({ service: 'ingress', env: {} });
    expect(tracing.enabled).toBe(false);
    const span = trace.getTracer('t').startSpan('nothing');
    expect(span.isRecording()).toBe(false);
    span.end();
    await tracing.shutdown();
  });

  it('exports spans over OTLP/HTTP to OTEL_EXPORTER_OTLP_ENDPOINT with the service name, flushing on shutdown', async () => {
    const result = await runService('badge-renderer', { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint });
    expect(result).toMatchObject({ enabled: true, serviceName: 'badge-renderer' });
    expect(received.map((r) => r.path)).toEqual(['/v1/traces']);
    const [resourceSpans] = received[0].body.resourceSpans;
    expect(resourceSpans.resource.attributes).toContainEqual({ key: 'service.name', value: { stringValue: 'badge-renderer' } });
    expect(resourceSpans.scopeSpans.flatMap((s) => s.spans.map((span) => span.name))).toEqual(['render badge']);
  }, 40_000);

  it('uses OTEL_SERVICE_NAME and OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as given', async () => {
    const result = await runService('badge-renderer', { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${endpoint}/custom/traces`, OTEL_SERVICE_NAME: 'edge' });
    expect(result).toMatchObject({ enabled: true, serviceName: 'edge' });
    expect(received.map((r) => r.path)).toEqual(['/custom/traces']);
    expect(received[0].body.resourceSpans[0].resource.attributes).toContainEqual({ key: 'service.name', value: { stringValue: 'edge' } });
  }, 40_000);

  it('takes service.name from OTEL_RESOURCE_ATTRIBUTES when OTEL_SERVICE_NAME is not set', async () => {
    const result = await runService('badge-renderer', { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_RESOURCE_ATTRIBUTES: 'service.name=edge,deployment.environment=prod' });
    expect(result).toMatchObject({ enabled: true, serviceName: 'edge' });
    const { attributes } = received[0].body.resourceSpans[0].resource;
    expect(attributes).toContainEqual({ key: 'service.name', value: { stringValue: 'edge' } });
    expect(attributes).toContainEqual({ key: 'deployment.environment', value: { stringValue: 'prod' } });
  }, 40_000);

  it('sends OTLP/HTTP protobuf to <endpoint>/v1/traces when OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf', async () => {
    const result = await runService('badge-renderer', { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' });
    expect(result).toMatchObject({ enabled: true });
    expect(received.map((r) => [r.path, r.contentType])).toEqual([['/v1/traces', 'application/x-protobuf']]);
  }, 40_000);

  it.each([
    ['with a space after it', (base: string) => `${base} `, '/v1/traces'],
    ['with a query', (base: string) => `${base}/?tenant=a`, '/v1/traces?tenant=a'],
  ])('sends OTLP/HTTP protobuf to the URL the start-up line shows, for an endpoint %s', async (_, endpointOf, path) => {
    const result = await runService('badge-renderer', { OTEL_EXPORTER_OTLP_ENDPOINT: endpointOf(endpoint), OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' });
    expect(result.summary).toBe(`tracing on (OTEL_EXPORTER_OTLP_ENDPOINT is set): spans go to ${endpoint}/v1/traces over OTLP/HTTP (protobuf)`);
    expect(received.map((r) => [r.path, r.contentType])).toEqual([[path, 'application/x-protobuf']]);
  }, 40_000);

  it('sends OTLP/gRPC to the endpoint as given when OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=grpc', async () => {
    const calls: { path?: string; contentType?: string }[] = [];
    const grpc: Http2Server = createHttp2Server();
    grpc.on('stream', (stream, headers) => {
      calls.push({ path: headers[':path'], contentType: headers['content-type'] });
      stream.on('data', () => undefined);
      stream.on('end', () => {
        stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
        stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
        // An empty ExportTraceServiceResponse: not compressed, length 0.
        stream.end(Buffer.alloc(5));
      });
    });
    await new Promise<void>((resolve) => grpc.listen(0, '127.0.0.1', resolve));
    try {
      const grpcEndpoint = `http://127.0.0.1:${(grpc.address() as AddressInfo).port}`;
      const result = await runService('badge-renderer', { OTEL_EXPORTER_OTLP_ENDPOINT: grpcEndpoint, OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'grpc' });
      expect(result).toMatchObject({ enabled: true });
      expect(calls).toEqual([{ path: '/opentelemetry.proto.collector.trace.v1.TraceService/Export', contentType: 'application/grpc' }]);
    } finally {
      await new Promise((resolve) => grpc.close(resolve));
    }
  }, 40_000);

  it('exports the Azure SDK spans of a failed call without the secret of the environment its error response quoted', async () => {
    const key = 'eg-key-ECHOED-7c1d9e2f0123456789';
    const topic = createServer((request, response) => {
      request.resume();
      request.on('end', () => response.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'Unauthorized', message: `The key ${key} is not valid` } })));
    });
    await new Promise<void>((resolve) => topic.listen(0, '127.0.0.1', resolve));
    try {
      const topicUrl = `http://127.0.0.1:${(topic.address() as AddressInfo).port}/api/events`;
      const { stdout } = await runScript('export-azure-failure.ts', [topicUrl], { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, EVENTGRID_KEY: key });
      expect(JSON.parse(stdout)).toEqual({ outcome: 'failed: 401' });
    } finally {
      await new Promise((resolve) => topic.close(resolve));
    }
    const spans = received.flatMap((r) => r.body.resourceSpans.flatMap((resource) => resource.scopeSpans.flatMap((scope) => scope.spans)));
    expect(spans.find((span) => span.name === 'EventGridPublisherClient.send')?.status?.message).toBe('RestError: The key [REDACTED] is not valid');
    expect(JSON.stringify(received)).not.toContain(key);
  }, 40_000);

  it('says on stderr that spans are dropped when the collector cannot be reached: once, then counted, never with a credential', async () => {
    const port = await closedPort();
    const { stdout, stderr } = await runScript('export-while-collector-down.ts', [], {
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://spans:Coll3ctorPassw0rd@127.0.0.1:${port}`,
      OTEL_EXPORTER_OTLP_HEADERS: 'api-key=HeaderSecret-123456',
      // Export every few ms, and give up on a refused connection at once instead of retrying for 10 s.
      OTEL_BSP_SCHEDULE_DELAY: '5',
      OTEL_EXPORTER_OTLP_TIMEOUT: '100',
    });
    const tracesUrl = `http://127.0.0.1:${port}/v1/traces`;
    expect(JSON.parse(stdout)).toMatchObject({ summary: `tracing on (OTEL_EXPORTER_OTLP_ENDPOINT is set): spans go to ${tracesUrl} over OTLP/HTTP` });
    const lines = stderr.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
    const failure = `spans were not exported and are dropped: connect ECONNREFUSED 127.0.0.1:${port}`;
    // Five exports failed: the first is written, the others are counted on the line written at shutdown.
    expect(lines).toEqual([
      expect.objectContaining({ level: 'error', service: 'spec', tracesUrl, msg: failure }),
      expect.objectContaining({ level: 'error', service: 'spec', tracesUrl, msg: failure, repeated: expect.any(Number) }),
    ]);
    expect(lines[1]['repeated']).toBeGreaterThanOrEqual(2);
    expect(stderr).not.toMatch(/HeaderSecret|Coll3ctorPassw0rd/);
  }, 40_000);

  it('writes no warning of its own about replacing the SDK\'s logger when OTEL_LOG_LEVEL is set', async () => {
    const port = await closedPort();
    const { stderr } = await runScript('export-while-collector-down.ts', [], {
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
      OTEL_LOG_LEVEL: 'warn',
      OTEL_BSP_SCHEDULE_DELAY: '5',
      OTEL_EXPORTER_OTLP_TIMEOUT: '100',
    });
    expect(stderr).toContain('spans were not exported and are dropped');
    expect(stderr).not.toMatch(/logger will (be )?overwrit/);
  }, 40_000);

  it('sends nothing and says why when no endpoint is set', async () => {
    const result = await runService('ingress', {});
    expect(result).toMatchObject({ enabled: false, reason: expect.stringContaining('OTEL_EXPORTER_OTLP_ENDPOINT') });
    expect(received).toEqual([]);
  }, 40_000);
});
