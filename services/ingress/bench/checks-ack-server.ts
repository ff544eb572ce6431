// The real ingress for the ack bench, in its own process, on an embedded bus whose topics have no
// subscriptions: the bus accepts (validates, serialises, dedupes) and keeps nothing, like a Service Bus
// topic in production, so the heap of the measured process stays flat over the run.
import { defaultTopology, EmbeddedBus } from '@switchyard/messaging';
import { startIngress } from '../src/start-ingress';

async function main(): Promise<void> {
  const bus = new EmbeddedBus({ topology: { contracts: defaultTopology().contracts, subscriptions: [] } });
  const ingress = await startIngress({ bus, port: Number(process.env['PORT']) });
  process.once('SIGTERM', () => void ingress.close().then(() => bus.close()).then(() => process.exit(0)));
}

void main();
