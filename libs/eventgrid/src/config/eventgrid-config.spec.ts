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
    expect(() => eventGridConfigFromEnv({ EVENTGRID_ENDPOINT: 'http://t.example/api/events', EVENTGRID_KEY: 'k' })).toThrow(/EVENTGRID_ENDPOINT must use https/);
    expect(eventGridConfigFromEnv({ EVENTGRID_ENDPOINT: 'http://127.0.0.1:9/api/events', EVENTGRID_KEY: 'k' })?.endpoint).toBe('http://127.0.0.1:9/api/events');
  });

  it.each(['http://localhost:9/api/events', 'http://[::1]:9/api/events'])('accepts plain http on the loopback host of %s', (endpoint) => {
    expect(eventGridConfigFromEnv({ EVENTGRID_ENDPOINT: endpoint, EVENTGRID_KEY: 'k' })?.endpoint).toBe(endpoint);
  });

  it('accepts the topic endpoint with a trailing slash', () => {
    expect(eventGridConfigFromEnv({ EVENTGRID_ENDPOINT: 'https://t.example/api/events/', EVENTGRID_KEY: 'k' })?.endpoint).toBe('https://t.example/api/events/');
  });

  it('trims the key (a mounted secret file ends in a newline), and takes a blank one for none', () => {
    expect(eventGridConfigFromEnv({ EVENTGRID_ENDPOINT: 'https://t.example/api/events', EVENTGRID_KEY: 'k3y\n' })?.key).toBe('k3y');
    expect(eventGridConfigFromEnv({ EVENTGRID_ENDPOINT: 'https://t.example/api/events', EVENTGRID_KEY: '  ' })).not.toHaveProperty('key');
  });

  it('refuses http without EVENTGRID_KEY: the SDK sends Entra ID tokens over https only', () => {
    expect(() => eventGridConfigFromEnv({ EVENTGRID_ENDPOINT: 'http://127.0.0.1:9/api/events' })).toThrow(
      'EVENTGRID_ENDPOINT is http://, which works only with EVENTGRID_KEY (Entra ID tokens are sent over https:// only): set EVENTGRID_KEY or use https://',
    );
  });

  it('refuses an endpoint that is not a topic endpoint (/api/events), showing the one to set', () => {
    const attempt = () => eventGridConfigFromEnv({ EVENTGRID_ENDPOINT: 'https://outcomes.westeurope-1.eventgrid.azure.net', EVENTGRID_KEY: 'k' });
    expect(attempt).toThrow(
      'EVENTGRID_ENDPOINT must be the topic endpoint, ending in /api/events: e.g. https://outcomes.westeurope-1.eventgrid.azure.net/api/events',
    );
    expect(() => eventGridConfigFromEnv({ EVENTGRID_ENDPOINT: 'https://t.example/api/event' })).toThrow(/ending in \/api\/events/);
    expect(eventGridConfigFromEnv({ EVENTGRID_ENDPOINT: 'https://t.example/api/events?api-version=2018-01-01' })?.endpoint).toBe(
      'https://t.example/api/events?api-version=2018-01-01',
    );
  });

  it('never echoes the key in an error', () => {
    const attempt = () => eventGridConfigFromEnv({ EVENTGRID_ENDPOINT: 'https://t.example', EVENTGRID_KEY: 'eg-key-secret-value' });
    expect(attempt).toThrow(EventGridConfigError);
    expect(attempt).not.toThrow(/eg-key-secret-value/);
  });

  it('names the variable that is malformed', () => {
    const attempt = () => eventGridConfigFromEnv({ EVENTGRID_ENDPOINT: 'https://t.example/api/events', EVENTGRID_MAX_ATTEMPTS: 'lots' });
    expect(attempt).toThrow(EventGridConfigError);
    expect(attempt).toThrow('EVENTGRID_MAX_ATTEMPTS is invalid: "lots" is not a whole number from 1 to 20');
    expect(() => eventGridConfigFromEnv({ EVENTGRID_ENDPOINT: 'not a url' })).toThrow(
      expect.objectContaining({ code: 'EVENTGRID.CONFIG_INVALID', variable: 'EVENTGRID_ENDPOINT' }),
    );
  });
});
