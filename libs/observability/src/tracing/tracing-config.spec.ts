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
  });
});
