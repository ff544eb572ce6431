import { runServiceMain } from '@switchyard/service-host';
import { startIngress } from './start-ingress';

// Runs the ingress alone: config and bus from the environment, SIGTERM/SIGINT close it cleanly.
void runServiceMain('ingress', (bus) => startIngress({ bus }));
