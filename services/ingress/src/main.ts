import { runServiceMain } from '@switchyard/service-host';
import { INGRESS_TOPICS, startIngress } from './start-ingress';

// Runs the ingress alone: config and bus from the environment, SIGTERM/SIGINT close it cleanly; on
// Service Bus it is ready once the links to the topics it publishes to are open.
void runServiceMain('ingress', (bus) => startIngress({ bus }), process.env, { publishesTo: INGRESS_TOPICS });
