import { Writable } from 'node:stream';
import { context, diag, DiagLogLevel, trace } from '@opentelemetry/api';
import { startInMemoryTracing } from './in-memory-tracing';
import { TracingDiagLog } from './tracing-diag-log';

// What the SDK's global error handler hands diag for a failed export: the error flattened to JSON.
const refused = (port: number) =>
  JSON.stringify({ stack: `Error: connect ECONNREFUSED 127.0.0.1:${port}\n    at TCPConnectWrap.afterConnect`, message: `connect ECONNREFUSED 127.0.0.1:${port}`, code: 'ECONNREFUSED' });

function capture() {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      callback();
    },
  });
  return { lines, raw, destination };
}

describe('TracingDiagLog', () => {
  const env = {
    OTEL_EXPORTER_OTLP_ENDPOINT: 'https://spans:Coll3ctorPassw0rd@collector.example:4318',
    OTEL_EXPORTER_OTLP_HEADERS: 'x-honeycomb-team=HoneyKey%2B123456,dataset=switchyard',
    HOOK_KEYS: 'ado:hook-key-0123456789',
  };

  it('still writes an export error at once, at its own level, after many distinct debug lines filled the table', () => {
    const out = capture();
    const log = new TracingDiagLog({ service: 'ingress', env, destination: out.destination, now: () => 0 });
    for (let i = 0; i < 60; i++) log.debug(`batch ${'x'.repeat(i)} exported`);
    log.error(refused(4318));
    expect(out.lines.at(-1)).toEqual(expect.objectContaining({ level: 'error', msg: 'spans were not exported and are dropped: connect ECONNREFUSED 127.0.0.1:4318' }));
  });

  it('writes a failed export once, then at most once a minute with how often it recurred, and the rest on flush', () => {
    let now = 0;
    const out = capture();
    const log = new TracingDiagLog({ service: 'ingress', env, shownUrl: 'https://collector.example:4318/v1/traces', destination: out.destination, now: () => now });

    log.error(refused(4318));
    expect(out.lines).toEqual([
      expect.objectContaining({
        level: 'error',
        service: 'ingress',
        tracesUrl: 'https://collector.example:4318/v1/traces',
        msg: 'spans were not exported and are dropped: connect ECONNREFUSED 127.0.0.1:4318',
      }),
    ]);
    expect(out.raw[0]).not.toContain('TCPConnectWrap');

    for (now = 5_000; now < 60_000; now += 5_000) log.error(refused(4318));
    expect(out.lines).toHaveLength(1);
    now = 60_000;
    log.error(refused(4318));
    expect(out.lines).toHaveLength(2);
    expect(out.lines[1]).toMatchObject({ level: 'error', repeated: 12, repeatedWithinSeconds: 60, msg: expect.stringContaining('ECONNREFUSED') });

    now = 70_000;
    log.error(refused(4318));
    log.error(refused(4318));
    log.flush();
    expect(out.lines).toHaveLength(3);
    expect(out.lines[2]).toMatchObject({ repeated: 2, repeatedWithinSeconds: 10 });
    log.flush();
    expect(out.lines).toHaveLength(3);
  });

  it('does not tie a failed export to the trace of the span the SDK happened to export in', async () => {
    const tracing = startInMemoryTracing();
    try {
      let now = 0;
      const out = capture();
      const log = new TracingDiagLog({ service: 'ingress', env, destination: out.destination, now: () => now });
      const span = trace.getTracer('spec').startSpan('POST /hooks/azure-devops');
      context.with(trace.setSpan(context.active(), span), () => {
        log.error(refused(4318));
        now = 60_000;
        log.error(refused(4318));
      });
      span.end();
      expect(out.lines).toHaveLength(2);
      for (const line of out.lines) {
        expect(line).not.toHaveProperty('trace_id');
        expect(line).not.toHaveProperty('span_id');
      }
    } finally {
      await tracing.shutdown();
    }
  });

  it('writes a different problem at once, even while another one is being held back', () => {
    const out = capture();
    const log = new TracingDiagLog({ service: 'ingress', env: {}, destination: out.destination, now: () => 0 });
    log.error(refused(4318));
    log.error(refused(4318));
    log.warn('Dropped 12 spans because maxQueueSize reached');
    log.warn('Dropped 40 spans because maxQueueSize reached');
    expect(out.lines.map((line) => [line['level'], line['msg']])).toEqual([
      ['error', 'spans were not exported and are dropped: connect ECONNREFUSED 127.0.0.1:4318'],
      ['warn', 'Dropped 12 spans because maxQueueSize reached'],
    ]);
  });

  it('never writes the OTLP header values, the endpoint user info or the secrets of the environment', () => {
    const out = capture();
    const log = new TracingDiagLog({ service: 'ingress', env, destination: out.destination });
    // Messages the SDK writes that quote configuration: a header it rejects, the URL it failed to reach.
    log.warn('Header "x-honeycomb-team" has invalid value (HoneyKey+123456) and will be ignored');
    log.warn('Header "x-honeycomb-team" has invalid value (HoneyKey%2B123456) and will be ignored');
    log.error(JSON.stringify({ message: 'POST https://spans:Coll3ctorPassw0rd@collector.example:4318/v1/traces failed' }));
    log.info('export request', { url: 'https://collector.example:4318/v1/traces?api-key=QueryKey-987654', hook: 'hook-key-0123456789' });
    expect(out.lines).toHaveLength(4);
    for (const secret of ['HoneyKey', 'Coll3ctorPassw0rd', 'QueryKey-987654', 'hook-key-0123456789']) {
      expect(out.raw.join('\n')).not.toContain(secret);
    }
    expect(out.lines[2]['msg']).toContain('collector.example:4318/v1/traces');
  });

  it('receives what diag lets through at the level OTEL_LOG_LEVEL gave', () => {
    const out = capture();
    const log = new TracingDiagLog({ service: 'ingress', env: {}, destination: out.destination });
    diag.setLogger(log, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
    try {
      diag.info('Export retry time 1000ms exceeds remaining timeout 99ms, not retrying further.');
      diag.warn('Dropped 3 spans because maxQueueSize reached');
    } finally {
      diag.disable();
    }
    expect(out.lines.map((line) => line['msg'])).toEqual(['Dropped 3 spans because maxQueueSize reached']);
  });
});
