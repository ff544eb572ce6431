import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpanKind, context, trace } from '@opentelemetry/api';
import { BlobServiceClient } from '@azure/storage-blob';
import { startAzurite, type RunningAzurite } from '@switchyard/azurite';
import { startInMemoryTracing, type InMemoryTracing } from './in-memory-tracing';

jest.setTimeout(20_000);

describe('Azure SDK tracing (Blob calls against Azurite on loopback)', () => {
  let tracing: InMemoryTracing;
  let azurite: RunningAzurite;
  let location: string;

  beforeAll(async () => {
    // @azure/storage-blob (and so @azure/core-tracing) is already loaded: the bridge must patch it in place.
    tracing = startInMemoryTracing({ azureSdk: true });
    location = mkdtempSync(join(tmpdir(), 'switchyard-trace-azurite-'));
    azurite = await startAzurite({ location });
  });
  afterAll(async () => {
    await azurite?.stop();
    rmSync(location, { recursive: true, force: true });
    await tracing.shutdown();
  });

  it('nests the Blob client operation and its HTTP request under the active span', async () => {
    const container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient('traced');
    const handler = trace.getTracer('test').startSpan('process azure-devops.build.completed.v1', { kind: SpanKind.CONSUMER });
    await context.with(trace.setSpan(context.active(), handler), async () => {
      await container.createIfNotExists();
      await container.getBlockBlobClient('badge.svg').upload('<svg/>', 6);
    });
    handler.end();

    const spans = tracing.spans();
    const upload = spans.find((span) => span.name === 'BlockBlobClient-upload');
    expect(upload?.parentSpanContext?.spanId).toBe(handler.spanContext().spanId);
    expect(upload?.spanContext().traceId).toBe(handler.spanContext().traceId);
    const http = spans.filter((span) => span.kind === SpanKind.CLIENT && span.parentSpanContext?.spanId === upload?.spanContext().spanId);
    expect(http.length).toBeGreaterThan(0);
    expect(http[0].attributes['http.status_code'] ?? http[0].attributes['http.response.status_code']).toBe(201);
  });
});
