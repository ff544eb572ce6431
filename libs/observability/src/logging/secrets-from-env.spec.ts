import { SECRET_VARIABLES, secretsFromEnv, secretsFromEnvAsItChanges } from './secrets-from-env';

describe('secretsFromEnv', () => {
  it('gives the trimmed values, each item of a comma-separated list, and only the keys of a connection string', () => {
    const env = {
      AZURE_DEVOPS_TOKEN: ' pat-value-123456\n',
      GATE_TOKEN_PREVIOUS_KEYS: 'old-key-one-1111, old-key-two-2222',
      STORAGE_CONNECTION_STRING: 'DefaultEndpointsProtocol=https;AccountName=fabrikam;AccountKey=YWNjb3VudC1rZXk=;EndpointSuffix=core.windows.net',
      SERVICEBUS_CONNECTION_STRING: 'Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=app;SharedAccessKey=c2FzLWtleQ==',
      SAS_CONNECTION_STRING: 'BlobEndpoint=https://fabrikam.blob.core.windows.net/;SharedAccessSignature=sv=2022-11-02&sig=abc%2Bdef',
      EVENTGRID_KEY: '',
    };
    expect(secretsFromEnv(env, Object.keys(env).concat('UNSET'))).toEqual([
      'pat-value-123456',
      'old-key-one-1111, old-key-two-2222',
      'old-key-one-1111',
      'old-key-two-2222',
      'YWNjb3VudC1rZXk=',
      'c2FzLWtleQ==',
      'sv=2022-11-02&sig=abc%2Bdef',
    ]);
    expect(secretsFromEnv({ STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' }, ['STORAGE_CONNECTION_STRING'])).toEqual([]);
    // Too short to tell from ordinary text: scrubbing them would garble the error saying they are too short.
    expect(secretsFromEnv({ HOOK_KEYS: 'ado:e', AZURE_DEVOPS_TOKEN: 'x', GATE_TOKEN_KEY: 'abcdef' })).toEqual(['abcdef']);
  });

  it('reads every variable that holds a secret by default, of HOOK_KEYS the secrets and not the names', () => {
    const env = {
      HOOK_KEYS: 'ado-prod:hook-secret-0123456789, ado-test:hook-secret-abcdef:with-colon',
      AZURE_DEVOPS_TOKEN: 'pat-value-123456',
      GATE_TOKEN_KEY: 'gate-key-base64==',
      EVENTGRID_KEY: 'eg-key-0123',
      LOG_LEVEL: 'info',
    };
    expect(secretsFromEnv(env)).toEqual(['hook-secret-0123456789', 'hook-secret-abcdef:with-colon', 'pat-value-123456', 'gate-key-base64==', 'eg-key-0123']);
    expect(SECRET_VARIABLES).toEqual(expect.arrayContaining(['SERVICEBUS_CONNECTION_STRING', 'STORAGE_CONNECTION_STRING', 'GATE_TOKEN_PREVIOUS_KEYS']));
  });
});

describe('secretsFromEnvAsItChanges', () => {
  it('gives the same list while the variables are unchanged, and a new one once a secret is set, changed or removed', () => {
    const env: Record<string, string | undefined> = { AZURE_DEVOPS_TOKEN: 'pat-value-123456', LOG_LEVEL: 'info' };
    const secretsNow = secretsFromEnvAsItChanges(env);
    const first = secretsNow();
    expect(first).toEqual(['pat-value-123456']);
    env['LOG_LEVEL'] = 'debug';
    expect(secretsNow()).toBe(first);

    // npm start writes the keys it generates after tracing started.
    env['HOOK_KEYS'] = 'local:generated-hook-key-0123456789';
    const withHookKey = secretsNow();
    expect(withHookKey).toEqual(['generated-hook-key-0123456789', 'pat-value-123456']);
    expect(secretsNow()).toBe(withHookKey);

    env['OTEL_EXPORTER_OTLP_HEADERS'] = 'api-key=collector-key-abcdef';
    expect(secretsNow()).toEqual(['generated-hook-key-0123456789', 'pat-value-123456', 'collector-key-abcdef']);

    delete env['AZURE_DEVOPS_TOKEN'];
    expect(secretsNow()).toEqual(['generated-hook-key-0123456789', 'collector-key-abcdef']);
  });
});
