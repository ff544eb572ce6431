import { describeWithContainerRuntime } from '@switchyard/testing';
import { busConformanceCases } from '../conformance/bus-conformance';
import { conformanceTopology } from '../conformance/conformance-topology';
import { ServiceBusBus } from './servicebus-bus';
import { startServiceBusEmulator, type StartedServiceBusEmulator } from './servicebus-emulator.container';

// Lock duration of the conformance subscriptions (conformance-topology.ts), in ms.
const LOCK_DURATION_MS = 5000;
const REDELIVERY_DELAY = { firstMs: 500, maxMs: 1000 };

function conformanceSuite(connectionString: () => string): void {
  busConformanceCases(async () => ({
    bus: new ServiceBusBus({ connectionString: connectionString(), topology: conformanceTopology, redeliveryDelay: REDELIVERY_DELAY }),
    lockDurationMs: LOCK_DURATION_MS,
    redeliveryDelay: REDELIVERY_DELAY,
  }));
}

const realNamespace = process.env['SERVICEBUS_CONNECTION_STRING'];

if (realNamespace) {
  // Needs the "conformance" topic with subscriptions "wide" and "narrow" as in conformanceTopology
  // (create them with SERVICEBUS_CREATE_ENTITIES=true semantics: see create-entities.ts).
  describe('bus conformance: Azure Service Bus namespace (SERVICEBUS_CONNECTION_STRING)', () => {
    jest.setTimeout(60_000);
    conformanceSuite(() => realNamespace);
  });
} else {
  describeWithContainerRuntime('bus conformance: Service Bus emulator (testcontainers)', () => {
    jest.setTimeout(60_000);
    let emulator: StartedServiceBusEmulator;
    beforeAll(async () => {
      emulator = await startServiceBusEmulator(conformanceTopology);
    }, 300_000);
    afterAll(async () => {
      await emulator?.stop();
    });
    conformanceSuite(() => emulator.connectionString);
  });
}
