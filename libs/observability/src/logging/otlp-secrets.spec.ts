import { otlpSecretsFromEnv } from './otlp-secrets';
import { secretsFromEnv } from './secrets-from-env';
import { scrubText } from './secret-redaction';

describe('otlpSecretsFromEnv', () => {
  it('takes the header values (as given, as sent before a ;property, decoded) and the user info of both endpoints', () => {
    expect(
      otlpSecretsFromEnv({
        OTEL_EXPORTER_OTLP_HEADERS: 'api-key=abc%2Bdef, other = plain;prop=1',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://user:p%40ss@collector:4318/v1/traces',
      }).sort(),
    ).toEqual(['abc%2Bdef', 'abc+def', 'p%40ss', 'p@ss', 'plain', 'plain;prop=1', 'user'].sort());
    expect(otlpSecretsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_EXPORTER_OTLP_HEADERS: 'novalue,=' })).toEqual([]);
  });

  it('takes the credential of a Basic or Bearer header on its own, and the query values of an endpoint', () => {
    const secrets = otlpSecretsFromEnv({
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'authorization=Basic%20dXNlcjpwYXNzd29yZA==',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector:4318/?api-key=querysecret123',
    });
    expect(secrets).toEqual(expect.arrayContaining(['Basic dXNlcjpwYXNzd29yZA==', 'dXNlcjpwYXNzd29yZA==', 'querysecret123']));
  });

  it('reaches every scrub that uses secretsFromEnv, such as the services\' logger and npm start\'s error lines', () => {
    const env = { OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=k3y-0f-the-collector;ttl=5' };
    expect(scrubText('export failed: 401 for key k3y-0f-the-collector', secretsFromEnv(env))).not.toContain('k3y-0f-the-collector');
  });
});
