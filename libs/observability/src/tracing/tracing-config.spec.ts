import { tracingConfigFromEnv, TracingConfigError } from './tracing-config';

describe('tracingConfigFromEnv', () => {
  it('is off when no exporter is configured, saying which variables would turn it on', () => {
    expect(tracingConfigFromEnv('ingress', {})).toEqual({
      enabled: false,
      serviceName: 'ingress',
      exportersFromEnv: false,
      reason: 'no OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_TRACES_EXPORTER',
    });
  });

  it('sends OTLP/HTTP to <endpoint>/v1/traces, or to the traces endpoint as given', () => {
    expect(tracingConfigFromEnv('ingress', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })).toMatchObject({
      enabled: true,
      tracesUrl: 'http://collector:4318/v1/traces',
      exportersFromEnv: false,
    });
    expect(
      tracingConfigFromEnv('ingress', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://traces.example/x' }),
    ).toMatchObject({ enabled: true, tracesUrl: 'https://traces.example/x' });
  });

  it('lets the SDK build the exporters OTEL_TRACES_EXPORTER names', () => {
    expect(tracingConfigFromEnv('ingress', { OTEL_TRACES_EXPORTER: 'console' })).toMatchObject({ enabled: true, exportersFromEnv: true });
  });

  it.each([
    [{ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }, 'OTEL_TRACES_EXPORTER=none'],
    [{ OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }, 'OTEL_SDK_DISABLED=true'],
  ])('is off when switched off explicitly: %j', (env, reason) => {
    expect(tracingConfigFromEnv('ingress', env)).toMatchObject({ enabled: false, reason });
  });

  it('takes OTEL_SERVICE_NAME over the service name', () => {
    expect(tracingConfigFromEnv('ingress', { OTEL_SERVICE_NAME: 'switchyard-edge' }).serviceName).toBe('switchyard-edge');
  });

  it('fails naming the variable when an endpoint is not a URL, without echoing it', () => {
    const attempt = () => tracingConfigFromEnv('ingress', { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'collector:4318?token=abc' });
    expect(attempt).toThrow(TracingConfigError);
    expect(attempt).toThrow(/^OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: must be an http\(s\) URL/);
    expect(attempt).not.toThrow(/token=abc/);
    // Starts like a URL, but is none: the exporter would fail later, quoting it.
    const spaced = () => tracingConfigFromEnv('ingress', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a b:4318/PASSW0RDxyz' });
    expect(spaced).toThrow(/^OTEL_EXPORTER_OTLP_ENDPOINT: must be an http\(s\) URL/);
    expect(spaced).not.toThrow(/PASSW0RD/);
  });

  it.each([
    ['otlp-http', '"otlp-http" is not supported'],
    ['otlp,consol', '"consol" is not supported'],
    // The SDK matches names case-sensitively: OTLP would build no exporter either.
    ['OTLP', '"OTLP" is not supported'],
    ['jaeger', 'Jaeger accepts OTLP: use otlp'],
  ])('fails naming OTEL_TRACES_EXPORTER and the values it accepts for %s, which no exporter answers to', (value, problem) => {
    const attempt = () => tracingConfigFromEnv('ingress', { OTEL_TRACES_EXPORTER: value, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' });
    expect(attempt).toThrow(expect.objectContaining({ variable: 'OTEL_TRACES_EXPORTER', message: expect.stringContaining(problem) }));
    expect(attempt).toThrow(/^OTEL_TRACES_EXPORTER: .*use otlp, console, zipkin or none/);
  });

  it('accepts every exporter the SDK builds, in any combination', () => {
    expect(tracingConfigFromEnv('ingress', { OTEL_TRACES_EXPORTER: ' otlp , zipkin,console ' })).toMatchObject({ enabled: true, reason: 'OTEL_TRACES_EXPORTER=otlp,zipkin,console' });
    expect(tracingConfigFromEnv('ingress', { OTEL_TRACES_EXPORTER: 'None' })).toMatchObject({ enabled: false });
  });
});
