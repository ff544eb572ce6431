import { eventGridConfigFromEnv } from './eventgrid-config';
import { EventGridConfigError } from './eventgrid-config.error';

describe('eventGridConfigFromEnv', () => {
  it('is off when EVENTGRID_ENDPOINT is unset or blank', () => {
    expect(eventGridConfigFromEnv({})).toBeUndefined();
    expect(eventGridConfigFromEnv({ EVENTGRID_ENDPOINT: '  ' })).toBeUndefined();
  });

  it('reads the endpoint, key and defaults', () => {
    const config = eventGridConfigFromEnv({ EVENTGRID_ENDPOINT: 'https://t.westeurope-1.eventgrid.azure.net/api/events', EVENTGRID_KEY: 'k' });
    expect(config).toEqual({
      endpoint: 'https://t.westeurope-1.eventgrid.azure.net/api/events',
      key: 'k',
      batchSize: 100,
      queueLimit: 10_000,
      maxAttempts: 6,
      timeoutMs: 10_000,
    });
  });

  it('leaves the key out when unset, so DefaultAzureCredential is used', () => {
    expect(eventGridConfigFromEnv({ EVENTGRID_ENDPOINT: 'https://t.example/api/events' })).not.toHaveProperty('key');
  });

  it('refuses plain http except on loopback', () => {
    expect(() => eventGridConfigFromEnv({ EVENTGRID_ENDPOINT: 'http://t.example/api/events' })).toThrow(/EVENTGRID_ENDPOINT must use https/);
    expect(eventGridConfigFromEnv({ EVENTGRID_ENDPOINT: 'http://127.0.0.1:9/api/events' })?.endpoint).toBe('http://127.0.0.1:9/api/events');
  });

  it('names the variable that is malformed', () => {
    const attempt = () => eventGridConfigFromEnv({ EVENTGRID_ENDPOINT: 'https://t.example', EVENTGRID_MAX_ATTEMPTS: 'lots' });
    expect(attempt).toThrow(EventGridConfigError);
    expect(attempt).toThrow('EVENTGRID_MAX_ATTEMPTS is invalid: "lots" is not a whole number from 1 to 20');
    expect(() => eventGridConfigFromEnv({ EVENTGRID_ENDPOINT: 'not a url' })).toThrow(
      expect.objectContaining({ code: 'EVENTGRID.CONFIG_INVALID', variable: 'EVENTGRID_ENDPOINT' }),
    );
  });
});
