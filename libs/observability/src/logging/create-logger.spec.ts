import { Writable } from 'node:stream';
import { trace } from '@opentelemetry/api';
import { startInMemoryTracing } from '../tracing/in-memory-tracing';
import { createLogger, loggerForEvent } from './create-logger';
import { logLevelFromEnv } from './log-level';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  return { destination, lines, json: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('createLogger', () => {
  it('writes JSON lines with the service name, level label and message', () => {
    const out = capture();
    createLogger({ service: 'ingress', destination: out.destination }).info({ eventType: 'build.complete' }, 'hook accepted');
    expect(out.json()[0]).toMatchObject({ service: 'ingress', level: 'info', msg: 'hook accepted', eventType: 'build.complete' });
    expect(typeof out.json()[0]['time']).toBe('string');
  });

  it('redacts secret headers, fields and query parameters wherever they appear', () => {
    const out = capture();
    const logger = createLogger({ service: 'ingress', destination: out.destination });
    logger.info(
      {
        req: {
          url: '/hooks/azure-devops?code=s3cr3t-query&x=1',
          query: { code: 's3cr3t-query2', x: '1' },
          headers: {
            authorization: 'Basic dXNlcjpzM2NyM3QtYmFzaWM=',
            'x-hook-key': 's3cr3t-header',
            AuthToken: 's3cr3t-pipeline-token',
            'content-type': 'application/json',
          },
        },
        config: { password: 's3cr3t-pw', accessToken: 's3cr3t-pat', nested: [{ token: 's3cr3t-token' }] },
        code: 'HOOK_KEY_INVALID',
      },
      'GET /x?code=s3cr3t-in-message with Bearer s3cr3t-bearer-value',
    );
    const line = out.lines[0];
    expect(line).not.toMatch(/s3cr3t/);
    const entry = out.json()[0] as { req: { headers: Record<string, string>; url: string; query: unknown }; code: string };
    expect(entry.req.headers.authorization).toBe('[REDACTED]');
    expect(entry.req.headers['content-type']).toBe('application/json');
    expect(entry.req.url).toBe('/hooks/azure-devops?code=[REDACTED]&x=1');
    expect(entry.req.query).toEqual({ code: '[REDACTED]', x: '1' });
    // an error code is not a secret
    expect(entry.code).toBe('HOOK_KEY_INVALID');
  });

  it('redacts secrets in errors, child bindings and known secret values', () => {
    const out = capture();
    const logger = createLogger({ service: 'ingress', destination: out.destination, secrets: ['hunter2-hook-key'] });
    const child = logger.child({ connectionString: 'Endpoint=sb://x/;SharedAccessKey=abc' });
    child.error(
      new Error('POST https://user:pa55word@dev.azure.com/fabrikam failed; key hunter2-hook-key; Endpoint=sb://x/;SharedAccessKey=abcdef'),
      'publish failed',
    );
    child.warn({ detail: 'the caller sent hunter2-hook-key' }, 'weird');
    expect(out.lines.join('\n')).not.toMatch(/hunter2|pa55word|abcdef|SharedAccessKey=abc/);
    expect((out.json()[0] as { err: { message: string } }).err.message).toContain('[REDACTED]');
  });

  it('replaces the secret values of the environment it is given, or of process.env, without being told them', () => {
    const out = capture();
    const env = { AZURE_DEVOPS_TOKEN: 'pat-from-env-0123456789', HOOK_KEYS: 'ado:hook-from-env-0123456789', STORAGE_CONNECTION_STRING: 'AccountName=a;AccountKey=c3RvcmFnZS1rZXk=' };
    const logger = createLogger({ service: 'gate-evaluator', destination: out.destination, env });
    logger.error({ err: new Error('Azure DevOps refused pat-from-env-0123456789') }, 'sent hook-from-env-0123456789 with c3RvcmFnZS1rZXk=');
    expect(out.lines.join('\n')).not.toMatch(/pat-from-env|hook-from-env|c3RvcmFnZS1rZXk/);
    expect(out.json()[0]).toMatchObject({ msg: 'sent [REDACTED] with [REDACTED]', err: { message: 'Azure DevOps refused [REDACTED]' } });

    const previous = process.env['GATE_TOKEN_KEY'];
    process.env['GATE_TOKEN_KEY'] = 'gate-key-from-process-env';
    try {
      const fromProcess = capture();
      createLogger({ service: 'ingress', destination: fromProcess.destination }).warn('key gate-key-from-process-env in a message');
      expect(fromProcess.json()[0]).toMatchObject({ msg: 'key [REDACTED] in a message' });
    } finally {
      if (previous === undefined) delete process.env['GATE_TOKEN_KEY'];
      else process.env['GATE_TOKEN_KEY'] = previous;
    }
  });

  it('ignores given secrets too short to tell from ordinary words, as it does those of the environment', () => {
    const out = capture();
    const logger = createLogger({ service: 'build-trigger', destination: out.destination, secrets: ['ado', 'e', 'hunter2-hook-key'] });
    logger.info({ org: 'ado-prod' }, 'queued the pipeline for ado-prod, key hunter2-hook-key');
    expect(out.json()[0]).toMatchObject({ org: 'ado-prod', msg: 'queued the pipeline for ado-prod, key [REDACTED]' });
  });

  it('keeps the message given in the log object over that of its error', () => {
    const out = capture();
    createLogger({ service: 'x', destination: out.destination }).error({ msg: 'queue failed', err: new Error('socket hang up') });
    expect(out.json()[0]).toMatchObject({ msg: 'queue failed', err: { message: 'socket hang up' } });
  });

  it('leaves the caller’s objects untouched and survives cycles and deep nesting', () => {
    const out = capture();
    const logger = createLogger({ service: 'x', destination: out.destination });
    const headers: Record<string, unknown> = { authorization: 'Bearer abcdefgh' };
    headers['self'] = headers;
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 5000; i++) deep = { deep };
    logger.info({ headers, deep });
    expect(headers['authorization']).toBe('Bearer abcdefgh');
    expect(out.json()[0]).toMatchObject({ headers: { authorization: '[REDACTED]', self: '[Circular]' } });
  });

  it('writes plain lines as given and still catches a secret in one field of an otherwise plain object', () => {
    const out = capture();
    const logger = createLogger({ service: 'ingress', destination: out.destination, secrets: ['hunter2-hook-key'] });
    const fields = { eventId: 'e-1', correlationId: 'c-1', eventType: 'azure-devops.build.completed.v1', keyName: 'primary', attempt: 2 };
    logger.info(fields, 'service hook accepted');
    logger.info({ ...fields, note: 'caller sent hunter2-hook-key', query: { code: 'from-the-url' } }, 'odd');
    logger.child({ component: 'nest' }).info({ headers: { 'x-hook-key': 'hdr-secret-value' } }, 'child');
    const [plain, odd, child] = out.json();
    expect(plain).toMatchObject({ ...fields, msg: 'service hook accepted' });
    expect(odd).toMatchObject({ note: 'caller sent [REDACTED]', query: { code: '[REDACTED]' } });
    expect(child).toMatchObject({ component: 'nest', headers: { 'x-hook-key': '[REDACTED]' } });
    expect(out.lines.join('\n')).not.toMatch(/hunter2|from-the-url|hdr-secret-value/);
  });

  it('serializes and redacts an error under any field, or inside a field of an error, like a top-level err', () => {
    const out = capture();
    const logger = createLogger({ service: 'gate-evaluator', destination: out.destination, secrets: ['hunter2-hook-key'] });
    const sent = Object.assign(new Error('publish refused for hunter2-hook-key'), {
      code: 'EVENTGRID_REFUSED',
      request: { url: 'https://topic.example/api/events?code=s3cr3t-query', headers: { 'x-hook-key': 's3cr3t-header' } },
    });
    logger.warn({ cause: sent }, 'retrying');
    logger.error({ err: Object.assign(new Error('outer'), { response: { status: 502, error: sent } }) }, 'gave up');
    logger.error({ attempts: [{ error: sent }] }, 'listed');
    expect(out.lines.join('\n')).not.toMatch(/hunter2|s3cr3t/);
    const [cause, wrapped, listed] = out.json() as Array<Record<string, any>>;
    const expected = {
      type: 'Error',
      message: 'publish refused for [REDACTED]',
      code: 'EVENTGRID_REFUSED',
      request: { url: 'https://topic.example/api/events?code=[REDACTED]', headers: { 'x-hook-key': '[REDACTED]' } },
    };
    expect(cause['cause']).toMatchObject(expected);
    expect(typeof cause['cause'].stack).toBe('string');
    expect(wrapped['err']).toMatchObject({ type: 'Error', message: 'outer', response: { status: 502, error: expected } });
    expect(listed['attempts'][0].error).toMatchObject(expected);
  });

  it('appends the message of each cause, unless the wrapping message already holds it', () => {
    const out = capture();
    const logger = createLogger({ service: 'x', destination: out.destination });
    const refused = new Error('POST https://dev.azure.com/x/_apis/build/builds answered 503');
    logger.warn({ err: new Error(`${refused.message} The POST was not sent again.`, { cause: refused }) }, 'queue failed');
    logger.warn({ err: new Error('queue failed', { cause: refused }) }, 'wrapped');
    const [advised, wrapped] = out.json() as Array<Record<string, any>>;
    expect(advised['err'].message).toBe('POST https://dev.azure.com/x/_apis/build/builds answered 503 The POST was not sent again.');
    expect(wrapped['err'].message).toBe('queue failed: POST https://dev.azure.com/x/_apis/build/builds answered 503');
    expect(advised['err'].stack).toContain('caused by: Error: POST');
  });

  it('keeps the message and type of an error logged without a message, and redacts the message', () => {
    const out = capture();
    const logger = createLogger({ service: 'x', destination: out.destination, secrets: ['hunter2-hook-key'] });
    logger.error(new TypeError('bad key hunter2-hook-key'));
    logger.error({ err: new Error('GET https://user:pa55word@dev.azure.com/x failed') });
    expect(out.lines.join('\n')).not.toMatch(/hunter2|pa55word/);
    expect(out.json()[0]).toMatchObject({ msg: 'bad key [REDACTED]', err: { type: 'TypeError', message: 'bad key [REDACTED]' } });
    expect(out.json()[1]).toMatchObject({ msg: 'GET https://user:[REDACTED]@dev.azure.com/x failed' });
  });

  it('writes a line for errors that refer to themselves, through fields, causes or aggregates, or nest very deep', () => {
    const out = capture();
    const logger = createLogger({ service: 'x', destination: out.destination });
    const loop = Object.assign(new Error('loop', { cause: undefined }), { response: {} as Record<string, unknown> });
    loop.response['error'] = loop;
    loop.cause = loop;
    const aggregate = new AggregateError([], 'all failed');
    aggregate.errors.push(aggregate, loop);
    let deep = new Error('bottom');
    let causes = new Error('root');
    for (let i = 0; i < 20_000; i++) {
      deep = Object.assign(new Error(`level ${i}`), { inner: deep });
      causes = new Error(`wrapped ${i}`, { cause: causes });
    }
    logger.error({ err: loop }, 'loop');
    logger.error(aggregate);
    logger.warn({ cause: deep }, 'deep');
    logger.error(causes);
    const [first, second, third, fourth] = out.json() as Array<Record<string, any>>;
    expect(first['err']).toMatchObject({ message: 'loop: ...', response: { error: '[Circular]' } });
    expect(second['err']).toMatchObject({ type: 'AggregateError', message: 'all failed', aggregateErrors: ['[Circular]', { message: expect.stringMatching(/^loop/) }] });
    expect(JSON.stringify(third['cause'])).toContain('[Truncated]');
    expect(fourth['msg']).toBe('wrapped 19999');
    expect(fourth['err'].message).toMatch(/^wrapped 19999: wrapped 19998: .*: \.\.\.$/);
  });

  it('writes the size of binary data, never its bytes (a key ring holds GATE_TOKEN_KEY as a Buffer)', () => {
    const out = capture();
    const logger = createLogger({ service: 'gate-evaluator', destination: out.destination });
    const key = Buffer.alloc(32, 0xab);
    logger.info({ keys: { current: { id: 'k1', key }, previous: [{ id: 'k0', key: new Uint8Array(key) }] }, gateTokenKey: key }, 'key ring');
    logger.error({ err: Object.assign(new Error('unseal failed'), { body: key.subarray(0, 4) }) }, 'unseal');
    expect(out.lines.join('\n')).not.toMatch(/171,171|"data"|"0":/);
    const [ring, failure] = out.json() as Array<Record<string, any>>;
    expect(ring).toMatchObject({ keys: { current: { key: '[Buffer 32 bytes]' }, previous: [{ key: '[Uint8Array 32 bytes]' }] }, gateTokenKey: '[REDACTED]' });
    expect(failure['err']).toMatchObject({ body: '[Buffer 4 bytes]' });
  });

  it('redacts values interpolated into the message and objects that serialize themselves', () => {
    const out = capture();
    const logger = createLogger({ service: 'ingress', destination: out.destination });
    logger.info('sent %j to %s', { password: 's3cr3t-pw', headers: { authorization: 'Bearer s3cr3t-bearer' } }, 'https://x/?code=s3cr3t-q');
    logger.info({ target: new URL('https://dev.azure.com/fabrikam?code=s3cr3t-url&x=1'), custom: { toJSON: () => 'Bearer s3cr3t-json' } }, 'call');
    expect(out.lines.join('\n')).not.toMatch(/s3cr3t/);
    expect(out.json()[1]).toMatchObject({ target: 'https://dev.azure.com/fabrikam?code=[REDACTED]&x=1', custom: 'Bearer [REDACTED]' });
  });

  it('stamps each line with the current time in ISO 8601', () => {
    const out = capture();
    const before = Date.now();
    createLogger({ service: 'x', destination: out.destination }).info('now');
    const time = out.json()[0]['time'] as string;
    expect(new Date(time).toISOString()).toBe(time);
    expect(Date.parse(time)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(time)).toBeLessThanOrEqual(Date.now());
  });

  it('tags every line of an event logger with the event and correlation ids', () => {
    const out = capture();
    const logger = createLogger({ service: 'x', destination: out.destination });
    loggerForEvent(logger, { id: 'e-1', correlationId: 'c-1', type: 't.v1' }).info('published');
    expect(out.json()[0]).toMatchObject({ eventId: 'e-1', correlationId: 'c-1', eventType: 't.v1', msg: 'published' });
  });

  it("keeps every ancestor's bindings on a child of a child, event ids included", () => {
    const out = capture();
    const logger = createLogger({ service: 'x', destination: out.destination, secrets: ['known-secret-value'] });
    loggerForEvent(logger, { id: 'e-1', correlationId: 'c-1' }).child({ rule: 'r' }).child({ token: 'known-secret-value', step: 3 }).info('queued');
    expect(out.json()[0]).toMatchObject({ service: 'x', eventId: 'e-1', correlationId: 'c-1', rule: 'r', step: 3, msg: 'queued' });
    expect(out.lines[0]).not.toContain('known-secret-value');
  });

  it('stamps trace_id and span_id of the active span, and nothing without one', async () => {
    const tracing = startInMemoryTracing();
    try {
      const out = capture();
      const logger = createLogger({ service: 'x', destination: out.destination });
      logger.info('outside');
      trace.getTracer('test').startActiveSpan('work', (span) => {
        logger.child({ step: 1 }).info('inside');
        span.end();
      });
      const [outside, inside] = out.json();
      expect(outside).not.toHaveProperty('trace_id');
      const [span] = tracing.spans();
      expect(inside).toMatchObject({ trace_id: span.spanContext().traceId, span_id: span.spanContext().spanId, step: 1 });
    } finally {
      await tracing.shutdown();
    }
  });

  it('honours the level', () => {
    const out = capture();
    const logger = createLogger({ service: 'x', level: 'warn', destination: out.destination });
    logger.info('hidden');
    logger.warn('shown');
    expect(out.json().map((entry) => entry['msg'])).toEqual(['shown']);
  });
});

describe('logLevelFromEnv', () => {
  it('defaults to info and accepts pino levels in any case', () => {
    expect(logLevelFromEnv({})).toBe('info');
    expect(logLevelFromEnv({ LOG_LEVEL: 'DEBUG' })).toBe('debug');
  });

  it('names the variable when the level is wrong', () => {
    expect(() => logLevelFromEnv({ LOG_LEVEL: 'verbose' })).toThrow(/LOG_LEVEL="verbose" is not a log level/);
  });
});
