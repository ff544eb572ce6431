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

  it('takes service.name from OTEL_RESOURCE_ATTRIBUTES over the service name, and OTEL_SERVICE_NAME over both', () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    const attributes = { ...endpoint, OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=prod, service.name=switchyard%20edge' };
    expect(tracingConfigFromEnv('ingress', attributes).serviceName).toBe('switchyard edge');
    expect(tracingConfigFromEnv('ingress', { ...attributes, OTEL_SERVICE_NAME: 'from-name' }).serviceName).toBe('from-name');
    expect(tracingConfigFromEnv('ingress', { ...endpoint, OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=prod' }).serviceName).toBe('ingress');
  });

  it.each(['team=a=b', 'service.name=edge,=x', 'note=100%', `long=${'x'.repeat(256)}`])(
    'fails naming OTEL_RESOURCE_ATTRIBUTES for %s, which the SDK would drop whole',
    (value) => {
      const attempt = () => tracingConfigFromEnv('ingress', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_RESOURCE_ATTRIBUTES: value });
      expect(attempt).toThrow(expect.objectContaining({ variable: 'OTEL_RESOURCE_ATTRIBUTES', message: expect.stringContaining('percent-encoded (%2C, %3D)') }));
      // Tracing off: the variable has no effect, so it stops nothing.
      expect(tracingConfigFromEnv('ingress', { OTEL_RESOURCE_ATTRIBUTES: value }).enabled).toBe(false);
    },
  );

  it('sends OTLP over the protocol OTEL_EXPORTER_OTLP_PROTOCOL names, OTEL_EXPORTER_OTLP_TRACES_PROTOCOL first, to the URL it shows', () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4317' };
    expect(tracingConfigFromEnv('ingress', { ...endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toMatchObject({
      enabled: true,
      exportersFromEnv: false,
      protocol: 'grpc',
      tracesUrl: 'http://collector:4317/',
      summary: 'tracing on (OTEL_EXPORTER_OTLP_ENDPOINT is set): spans go to http://collector:4317/ over OTLP/gRPC',
    });
    expect(tracingConfigFromEnv('ingress', { ...endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf' })).toMatchObject({
      exportersFromEnv: false,
      protocol: 'http/protobuf',
      tracesUrl: 'http://collector:4317/v1/traces',
      summary: 'tracing on (OTEL_EXPORTER_OTLP_ENDPOINT is set): spans go to http://collector:4317/v1/traces over OTLP/HTTP (protobuf)',
    });
    expect(tracingConfigFromEnv('ingress', { ...endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' })).toMatchObject({
      exportersFromEnv: false,
      protocol: 'http/json',
      tracesUrl: 'http://collector:4317/v1/traces',
      summary: 'tracing on (OTEL_EXPORTER_OTLP_ENDPOINT is set): spans go to http://collector:4317/v1/traces over OTLP/HTTP',
    });
    // JSON when none is set.
    expect(tracingConfigFromEnv('ingress', { ...endpoint, OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: ' ' })).toMatchObject({ exportersFromEnv: false, protocol: 'http/json' });
  });

  it('gives gRPC the endpoint with its scheme in lower case, by which the exporter chooses plain text for http', () => {
    expect(tracingConfigFromEnv('ingress', { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: ' HTTP://Collector:4317 ', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }).tracesUrl).toBe('http://collector:4317/');
  });

  it.each([
    [{ OTEL_EXPORTER_OTLP_PROTOCOL: 'http' }, 'OTEL_EXPORTER_OTLP_PROTOCOL', '"http" is not supported'],
    [{ OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'GRPC', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', '"GRPC" is not supported'],
    [{ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc ', OTEL_TRACES_EXPORTER: 'otlp' }, 'OTEL_EXPORTER_OTLP_PROTOCOL', '"grpc " is not supported'],
  ])('fails naming the protocol variable and the protocols it accepts for %j, where the SDK would send protobuf instead', (env, variable, problem) => {
    const attempt = () => tracingConfigFromEnv('ingress', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4317', ...env });
    expect(attempt).toThrow(expect.objectContaining({ variable, message: expect.stringContaining(problem) }));
    expect(attempt).toThrow(/use http\/protobuf, http\/json or grpc/);
  });

  it('ignores the OTLP protocol when no OTLP exporter is built', () => {
    expect(tracingConfigFromEnv('ingress', { OTEL_TRACES_EXPORTER: 'console', OTEL_EXPORTER_OTLP_PROTOCOL: 'http' }).enabled).toBe(true);
    expect(tracingConfigFromEnv('ingress', { OTEL_EXPORTER_OTLP_PROTOCOL: 'http' }).enabled).toBe(false);
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
