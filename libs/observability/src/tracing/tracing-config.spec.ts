import { tracingConfigFromEnv, TracingConfigError } from './tracing-config';

describe('tracingConfigFromEnv', () => {
  it('is off when no exporter is configured, saying which variables would turn it on', () => {
    expect(tracingConfigFromEnv('ingress', {})).toEqual({
      enabled: false,
      serviceName: 'ingress',
      exportersFromEnv: false,
      reason: 'no OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_TRACES_EXPORTER',
      diagLevel: 'none',
      summary: 'tracing off: no OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_TRACES_EXPORTER',
    });
  });

  it('sums up for the start-up line where spans go, without the credentials an endpoint may carry', () => {
    const withUserInfo = tracingConfigFromEnv('ingress', { OTEL_EXPORTER_OTLP_ENDPOINT: 'https://spans:S3cretPassw0rd@collector.example:4318' });
    expect(withUserInfo).toMatchObject({
      tracesUrl: 'https://spans:S3cretPassw0rd@collector.example:4318/v1/traces',
      shownUrl: 'https://collector.example:4318/v1/traces',
      summary: 'tracing on (OTEL_EXPORTER_OTLP_ENDPOINT is set): spans go to https://collector.example:4318/v1/traces over OTLP/HTTP',
    });
    const withQuery = tracingConfigFromEnv('ingress', { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://collector.example/v1/traces?api-key=QueryKey-123456#x' });
    expect(withQuery.summary).toBe('tracing on (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set): spans go to https://collector.example/v1/traces over OTLP/HTTP');
    const fromSdk = tracingConfigFromEnv('ingress', { OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://u:Passw0rd-123@collector:4318' });
    expect(fromSdk.summary).toBe('tracing on (OTEL_TRACES_EXPORTER=otlp): the OpenTelemetry SDK builds the exporters from the OTEL_* variables, OTLP endpoint http://collector:4318/');
  });

  it('appends /v1/traces to the path of OTEL_EXPORTER_OTLP_ENDPOINT, keeping a query after it', () => {
    expect(tracingConfigFromEnv('ingress', { OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector.example/otlp/?api-key=K' }).tracesUrl).toBe(
      'https://collector.example/otlp/v1/traces?api-key=K',
    );
    expect(tracingConfigFromEnv('ingress', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).tracesUrl).toBe('http://collector:4318/v1/traces');
  });

  it('writes the SDK diagnostics at OTEL_LOG_LEVEL, warn by default, and names the variable for a level that does not exist', () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    expect(tracingConfigFromEnv('ingress', endpoint).diagLevel).toBe('warn');
    expect(tracingConfigFromEnv('ingress', { ...endpoint, OTEL_LOG_LEVEL: ' ERROR ' }).diagLevel).toBe('error');
    expect(tracingConfigFromEnv('ingress', { ...endpoint, OTEL_LOG_LEVEL: 'none' }).diagLevel).toBe('none');
    const typo = () => tracingConfigFromEnv('ingress', { ...endpoint, OTEL_LOG_LEVEL: 'warning' });
    expect(typo).toThrow(expect.objectContaining({ variable: 'OTEL_LOG_LEVEL', message: expect.stringContaining('use one of none, error, warn, info, debug, verbose, all') }));
    // Tracing off: the variable has no effect, so it stops nothing.
    expect(tracingConfigFromEnv('ingress', { OTEL_LOG_LEVEL: 'warning' }).enabled).toBe(false);
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
