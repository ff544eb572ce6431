import { Controller, Inject, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, Payload } from '@nestjs/microservices';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { createEvent, type EventOf } from '@switchyard/contracts';
import { AzureDevOpsClient, patCredential } from '@switchyard/azure-devops';
import { AzureDevOpsTestServer } from '@switchyard/azure-devops/test-server';
import { registerHttpTracing, startInMemoryTracing, type InMemoryTracing } from '@switchyard/observability';
import Fastify, { type FastifyInstance } from 'fastify';
import { ConformanceAlpha, ConformanceBeta, conformanceTopology } from '../conformance/conformance-topology';
import { BusContext } from '../ctx-host/bus.context';
import { OnEvent } from '../decorators/on-event.decorator';
import { EmbeddedBus } from '../embedded/embedded-bus';
import { PermanentError } from '../errors/permanent.error';
import { MessagingModule } from '../messaging.module';
import { EventPublisher } from '../publisher/event-publisher';
import { BusTransport } from '../server/bus.transport';
import { waitFor } from '../testing/wait-for';

const PROJECT = 'Fabrikam-Fiber';
const TOKEN = 'pat-trace-chain-SECRET-0123456789';
const ADO = Symbol('ado');
const seen: BusContext[] = [];

/** The consumer: looks a build definition up in Azure DevOps, then publishes a follow-up event. */
@Controller()
class TracedController {
  constructor(
    @Inject(ADO) private readonly ado: { client: AzureDevOpsClient; orgUrl: string },
    private readonly publisher: EventPublisher,
  ) {}

  @OnEvent(ConformanceAlpha)
  async onAlpha(@Payload() event: EventOf<typeof ConformanceAlpha>, @Ctx() ctx: BusContext): Promise<void> {
    seen.push(ctx);
    if (event.data.n === 99) throw new PermanentError('TEST.REFUSED', 'n = 99 is refused');
    await this.ado.client.forOrganization(this.ado.orgUrl, patCredential(TOKEN)).findBuildDefinition(PROJECT, 'Deploy');
    await this.publisher.publish(createEvent(ConformanceBeta, { source: 'urn:consumer', correlationId: event.correlationId, data: { run: event.data.run, n: 2 } }));
  }
}

describe('one trace from the HTTP request through the embedded bus to the Azure DevOps call', () => {
  let tracing: InMemoryTracing;
  let bus: EmbeddedBus;
  let ado: AzureDevOpsTestServer;
  let consumer: INestMicroservice;
  let http: FastifyInstance;
  let url: string;

  beforeAll(async () => {
    tracing = startInMemoryTracing();
    bus = new EmbeddedBus({ topology: conformanceTopology, lockDurationMs: 2000, maxDeliveryCount: 1 });
    ado = await AzureDevOpsTestServer.start();
    ado.org('fabrikam').addDefinition({ project: PROJECT, name: 'Deploy', id: 25 });
    const client = new AzureDevOpsClient({ allowedOrgUrls: [ado.orgUrl('fabrikam')], timeoutMs: 2000 });

    @Module({ imports: [MessagingModule.forRoot({ bus })], controllers: [TracedController], providers: [{ provide: ADO, useValue: { client, orgUrl: ado.orgUrl('fabrikam') } }] })
    class ConsumerModule {}
    consumer = await NestFactory.createMicroservice(ConsumerModule, { strategy: new BusTransport({ bus, service: 'narrow' }), logger: false });
    await consumer.listen();

    http = Fastify();
    registerHttpTracing(http);
    http.post<{ Params: { n: string } }>('/hooks/:n', async (request, reply) => {
      await bus.publisher.publish(createEvent(ConformanceAlpha, { source: 'urn:ingress', data: { run: 'trace', n: Number(request.params.n) } }));
      return reply.code(202).send({ accepted: true });
    });
    url = await http.listen({ host: '127.0.0.1', port: 0 });
  });

  afterAll(async () => {
    await http.close();
    await consumer.close();
    await bus.close();
    await ado.close();
    await tracing.shutdown();
  });

  beforeEach(() => {
    tracing.reset();
    seen.length = 0;
  });

  const spanNamed = (name: string) => tracing.spans().find((span) => span.name === name);
  const mustFind = (name: string) => {
    const span = spanNamed(name);
    if (!span) throw new Error(`no span "${name}" among ${tracing.spans().map((s) => s.name).join(', ')}`);
    return span;
  };

  it('chains SERVER → PRODUCER → CONSUMER → CLIENT in one trace, each the parent of the next', async () => {
    const response = await fetch(`${url}/hooks/1?code=hook-key-SECRET`, { method: 'POST' });
    expect(response.status).toBe(202);
    await waitFor(() => (spanNamed('POST /hooks/:n') && spanNamed(`process ${ConformanceAlpha.type}`) ? true : undefined), 'the server and consumer spans to end');

    const server = mustFind('POST /hooks/:n');
    const producer = mustFind('publish conformance');
    const consumerSpan = mustFind(`process ${ConformanceAlpha.type}`);
    const clients = tracing.spans().filter((span) => span.kind === SpanKind.CLIENT);
    expect(server.kind).toBe(SpanKind.SERVER);
    expect(producer.kind).toBe(SpanKind.PRODUCER);
    expect(consumerSpan.kind).toBe(SpanKind.CONSUMER);
    expect(clients.length).toBeGreaterThan(0);

    const traceId = server.spanContext().traceId;
    const parentOf = (span: { parentSpanContext?: { spanId: string } }) => span.parentSpanContext?.spanId;
    expect(server.parentSpanContext).toBeUndefined();
    expect(parentOf(producer)).toBe(server.spanContext().spanId);
    expect(parentOf(consumerSpan)).toBe(producer.spanContext().spanId);
    for (const client of clients) {
      expect(client.spanContext().traceId).toBe(traceId);
      expect(parentOf(client)).toBe(consumerSpan.spanContext().spanId);
    }
    for (const span of [producer, consumerSpan]) expect(span.spanContext().traceId).toBe(traceId);

    // The handler's own publish nests under its consumer span too.
    const followUps = tracing.spans().filter((span) => span.name === 'publish conformance' && span !== producer);
    expect(followUps.map(parentOf)).toEqual([consumerSpan.spanContext().spanId]);

    // Azure DevOps received the CLIENT span's context, and the message carried the PRODUCER's.
    const lookup = ado.callsMatching('/_apis/build/definitions')[0];
    const lookupSpan = clients.find((span) => String(span.attributes['url.full']).endsWith('/_apis/build/definitions'));
    expect(lookup.headers['traceparent']).toBe(`00-${traceId}-${lookupSpan?.spanContext().spanId}-01`);
    const producerTraceparent = `00-${traceId}-${producer.spanContext().spanId}-01`;
    expect(seen[0].applicationProperties).toMatchObject({ traceparent: producerTraceparent, 'Diagnostic-Id': producerTraceparent });
    expect(seen[0].traceparent).toBe(producerTraceparent);
  });

  it('records what each span is: messaging, CloudEvents, HTTP attributes and the settlement, never a query string', async () => {
    await fetch(`${url}/hooks/1?code=hook-key-SECRET`, { method: 'POST' });
    await waitFor(() => (spanNamed('POST /hooks/:n') && spanNamed(`process ${ConformanceAlpha.type}`) ? true : undefined), 'the server and consumer spans to end');
    const producer = mustFind('publish conformance');
    const consumerSpan = mustFind(`process ${ConformanceAlpha.type}`);
    const server = mustFind('POST /hooks/:n');

    expect(server.attributes).toMatchObject({ 'http.request.method': 'POST', 'http.route': '/hooks/:n', 'url.path': '/hooks/1', 'http.response.status_code': 202 });
    expect(producer.attributes).toMatchObject({
      'messaging.system': 'switchyard.embedded',
      'messaging.destination.name': 'conformance',
      'messaging.message.id': expect.any(String),
      'cloudevents.event_type': ConformanceAlpha.type,
    });
    expect(consumerSpan.attributes).toMatchObject({
      'messaging.destination.name': 'conformance',
      'messaging.destination.subscription.name': 'narrow',
      'messaging.message.id': producer.attributes['messaging.message.id'],
      'switchyard.settlement': 'completed',
    });
    const everything = JSON.stringify(tracing.spans().map((span) => [span.name, span.attributes, span.events]));
    expect(everything).not.toContain('hook-key-SECRET');
    expect(everything).not.toContain(TOKEN);
  });

  it('marks the consumer span failed, with the dead-letter reason, when the handler refuses the event', async () => {
    await fetch(`${url}/hooks/99`, { method: 'POST' });
    const consumerSpan = await waitFor(() => spanNamed(`process ${ConformanceAlpha.type}`), 'the consumer span to end');
    expect(consumerSpan.status).toEqual({ code: SpanStatusCode.ERROR, message: 'dead-lettered: TEST.REFUSED' });
    expect(consumerSpan.attributes).toMatchObject({ 'switchyard.settlement': 'dead-lettered', 'switchyard.dead_letter.reason': 'TEST.REFUSED' });
  });
});
