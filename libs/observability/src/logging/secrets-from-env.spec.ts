import { SECRET_VARIABLES, secretsFromEnv } from './secrets-from-env';

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
