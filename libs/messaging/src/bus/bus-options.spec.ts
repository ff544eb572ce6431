import { conformanceTopology } from '../conformance/conformance-topology';
import { BusConfigError } from '../errors/bus-config.error';
import { busOptionsFromEnv } from './bus-options';
import { createBus } from './create-bus';

describe('busOptionsFromEnv', () => {
  it('defaults to the embedded bus', () => {
    expect(busOptionsFromEnv({})).toEqual({
      backend: 'embedded',
      embeddedOptions: { publishTimeoutMs: undefined, redeliveryDelay: { firstMs: 1000, maxMs: 30_000 } },
    });
  });

  it('takes a blank BUS as unset (embedded), and refuses a publish timeout setTimeout cannot hold', () => {
    expect(busOptionsFromEnv({ BUS: ' ' })).toMatchObject({ backend: 'embedded' });
    expect(() => busOptionsFromEnv({ BUS_PUBLISH_TIMEOUT_MS: '99999999999' })).toThrow(BusConfigError);
    expect(() => busOptionsFromEnv({ BUS_PUBLISH_TIMEOUT_MS: '99999999999' })).toThrow(/BUS_PUBLISH_TIMEOUT_MS/);
  });

  it('reads a Service Bus namespace host for DefaultAzureCredential', () => {
    expect(busOptionsFromEnv({ BUS: 'servicebus', SERVICEBUS_FQDN: 'switchyard.servicebus.windows.net' })).toEqual({
      backend: 'servicebus',
      fullyQualifiedNamespace: 'switchyard.servicebus.windows.net',
      connectionString: undefined,
      createEntities: false,
      publishTimeoutMs: undefined,
      redeliveryDelay: { firstMs: 1000, maxMs: 30_000 },
    });
  });

  it('reads the wait before an abandoned message is delivered again, for both backends (0 turns it off)', () => {
    expect(busOptionsFromEnv({ BUS_REDELIVERY_DELAY_MS: '250', BUS_REDELIVERY_MAX_DELAY_MS: '4000' })).toMatchObject({
      embeddedOptions: { redeliveryDelay: { firstMs: 250, maxMs: 4000 } },
    });
    expect(busOptionsFromEnv({ BUS: 'servicebus', SERVICEBUS_FQDN: 'ns.servicebus.windows.net', BUS_REDELIVERY_DELAY_MS: '0' })).toMatchObject({
      redeliveryDelay: { firstMs: 0, maxMs: 30_000 },
    });
    // A first wait above the default cap raises the cap with it rather than failing.
    expect(busOptionsFromEnv({ BUS_REDELIVERY_DELAY_MS: '60000' })).toMatchObject({ embeddedOptions: { redeliveryDelay: { firstMs: 60_000, maxMs: 60_000 } } });
  });

  it('reads how many messages an embedded subscription may hold; Service Bus has its own quota and ignores it', () => {
    expect(busOptionsFromEnv({ BUS_EMBEDDED_MAX_MESSAGES: '500' })).toMatchObject({ embeddedOptions: { maxMessagesPerSubscription: 500 } });
    expect(busOptionsFromEnv({ BUS: 'servicebus', SERVICEBUS_FQDN: 'ns.servicebus.windows.net', BUS_EMBEDDED_MAX_MESSAGES: 'x' })).toMatchObject({ backend: 'servicebus' });
  });

  it('runs either backend on the topology it is given', async () => {
    const embedded = createBus(busOptionsFromEnv({}, { topology: conformanceTopology }));
    try {
      expect(embedded.topology).toBe(conformanceTopology);
    } finally {
      await embedded.close();
    }
    expect(busOptionsFromEnv({ BUS: 'servicebus', SERVICEBUS_FQDN: 'ns.servicebus.windows.net' }, { topology: conformanceTopology })).toMatchObject({
      backend: 'servicebus',
      topology: conformanceTopology,
    });
  });

  it('reads a connection string, entity creation and the publish timeout', () => {
    const options = busOptionsFromEnv({
      BUS: 'servicebus',
      SERVICEBUS_CONNECTION_STRING: 'Endpoint=sb://localhost;SharedAccessKeyName=x;SharedAccessKey=y;UseDevelopmentEmulator=true;',
      SERVICEBUS_CREATE_ENTITIES: 'true',
      BUS_PUBLISH_TIMEOUT_MS: '2500',
    });
    expect(options).toMatchObject({ backend: 'servicebus', createEntities: true, publishTimeoutMs: 2500 });
  });

  it.each([
    [{ BUS: 'kafka' }, 'BUS'],
    [{ BUS: 'servicebus' }, 'SERVICEBUS_FQDN'],
    [{ BUS: 'servicebus', SERVICEBUS_FQDN: 'https://ns.servicebus.windows.net/' }, 'SERVICEBUS_FQDN'],
    [{ BUS: 'servicebus', SERVICEBUS_CONNECTION_STRING: 'SharedAccessKey=topsecret' }, 'SERVICEBUS_CONNECTION_STRING'],
    [{ BUS: 'servicebus', SERVICEBUS_FQDN: 'ns.servicebus.windows.net', SERVICEBUS_CREATE_ENTITIES: 'yes' }, 'SERVICEBUS_CREATE_ENTITIES'],
    [{ BUS_PUBLISH_TIMEOUT_MS: '10s' }, 'BUS_PUBLISH_TIMEOUT_MS'],
    [{ BUS_REDELIVERY_DELAY_MS: '-1' }, 'BUS_REDELIVERY_DELAY_MS'],
    [{ BUS_REDELIVERY_DELAY_MS: '2000', BUS_REDELIVERY_MAX_DELAY_MS: '1000' }, 'BUS_REDELIVERY_MAX_DELAY_MS'],
    [{ BUS_EMBEDDED_MAX_MESSAGES: '0' }, 'BUS_EMBEDDED_MAX_MESSAGES'],
    [{ BUS_EMBEDDED_MAX_MESSAGES: '10k' }, 'BUS_EMBEDDED_MAX_MESSAGES'],
  ])('fails naming the variable to fix for %j', (env, variable) => {
    let thrown: unknown;
    try {
      busOptionsFromEnv(env);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(BusConfigError);
    expect(thrown).toMatchObject({ code: 'MESSAGING.CONFIG_INVALID', variable });
    expect((thrown as Error).message).toMatch(new RegExp(`^${variable}: `));
  });

  it('quotes a mistyped BUS, but not a connection string pasted into BUS (it holds a key)', () => {
    expect(() => busOptionsFromEnv({ BUS: 'servcebus' })).toThrow('BUS: must be "servicebus" or "embedded", got "servcebus"');
    const pasted = 'Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=root;SharedAccessKey=topsecret';
    expect(() => busOptionsFromEnv({ BUS: pasted })).toThrow(`BUS: must be "servicebus" or "embedded", got a value of ${pasted.length} characters (not shown)`);
  });

  it('never echoes a malformed connection string (it holds a key)', () => {
    expect(() => busOptionsFromEnv({ BUS: 'servicebus', SERVICEBUS_CONNECTION_STRING: 'SharedAccessKey=topsecret' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('topsecret') }),
    );
  });
});
