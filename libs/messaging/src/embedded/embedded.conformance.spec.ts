import { busConformanceCases } from '../conformance/bus-conformance';
import { conformanceTopology } from '../conformance/conformance-topology';
import { EmbeddedBus } from './embedded-bus';

describe('bus conformance: embedded backend', () => {
  busConformanceCases(async () => ({
    bus: new EmbeddedBus({ topology: conformanceTopology, lockDurationMs: 300, redeliveryDelay: { firstMs: 100, maxMs: 200 } }),
    lockDurationMs: 300,
    redeliveryDelay: { firstMs: 100, maxMs: 200 },
  }));
});
