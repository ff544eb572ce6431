import { localBusSettings } from './local-bus-settings';

describe('localBusSettings (npm start always runs on the in-process bus)', () => {
  it('has nothing to say when no bus is asked for, or the embedded one', () => {
    expect(localBusSettings({}).warning).toBeUndefined();
    expect(localBusSettings({ BUS: 'embedded' }).warning).toBeUndefined();
  });

  it('names the Service Bus settings it does not use, never their values', () => {
    const { warning } = localBusSettings({
      BUS: 'servicebus',
      SERVICEBUS_FQDN: 'myns.servicebus.windows.net',
      SERVICEBUS_CONNECTION_STRING: 'Endpoint=sb://myns/;SharedAccessKey=secret-key',
      SERVICEBUS_CREATE_ENTITIES: '',
    });
    expect(warning).toBe(
      'Ignoring BUS=servicebus, SERVICEBUS_CONNECTION_STRING, SERVICEBUS_FQDN: npm start runs every service on one in-process bus, never on Service Bus. ' +
        'To use Service Bus, run each service alone (node -r @swc-node/register services/<service>/src/main.ts).',
    );
    expect(localBusSettings({ SERVICEBUS_FQDN: 'myns.servicebus.windows.net' }).warning).toMatch(/^Ignoring SERVICEBUS_FQDN: /);
  });

  it('refuses a BUS value no service accepts, naming BUS', () => {
    expect(() => localBusSettings({ BUS: 'embeded' })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', variable: 'BUS', message: expect.stringContaining('BUS must be "embedded" or "servicebus" (got "embeded")') }),
    );
  });

  it('does not quote a BUS value that looks like a pasted connection string', () => {
    const pasted = 'Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=Pa55w0rdXYZsecret=';
    expect(() => localBusSettings({ BUS: pasted })).toThrow(
      expect.objectContaining({ variable: 'BUS', message: expect.stringContaining(`(got a value of ${pasted.length} characters)`) }),
    );
    expect(() => localBusSettings({ BUS: pasted })).toThrow(expect.objectContaining({ message: expect.not.stringContaining('Pa55w0rdXYZsecret') }));
  });

  it('applies BUS_PUBLISH_TIMEOUT_MS, BUS_REDELIVERY_* and BUS_EMBEDDED_MAX_MESSAGES to the in-process bus, as a service run alone does, and refuses a malformed one', () => {
    expect(localBusSettings({ BUS_PUBLISH_TIMEOUT_MS: '2500', BUS_REDELIVERY_DELAY_MS: '0', BUS_EMBEDDED_MAX_MESSAGES: '50000' }).options).toMatchObject({
      publishTimeoutMs: 2500,
      redeliveryDelay: { firstMs: 0, maxMs: 30_000 },
      maxMessagesPerSubscription: 50_000,
    });
    expect(() => localBusSettings({ BUS_EMBEDDED_MAX_MESSAGES: 'lots' })).toThrow(expect.objectContaining({ variable: 'BUS_EMBEDDED_MAX_MESSAGES' }));
    expect(() => localBusSettings({ BUS_REDELIVERY_MAX_DELAY_MS: 'soon' })).toThrow(expect.objectContaining({ variable: 'BUS_REDELIVERY_MAX_DELAY_MS' }));
    expect(() => localBusSettings({ BUS: 'servicebus', BUS_PUBLISH_TIMEOUT_MS: 'abc' })).toThrow(
      expect.objectContaining({ variable: 'BUS_PUBLISH_TIMEOUT_MS' }),
    );
  });
});
