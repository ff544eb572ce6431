import { portFromEnv, runServiceMain } from '@switchyard/service-host';
import { serviceName } from './config/build-trigger-config';
import { startBuildTrigger } from './start-build-trigger';

// Runs the build trigger alone; unlike the local all-in-one run, a rules file is required.
void runServiceMain(serviceName, (bus) => startBuildTrigger({ bus, port: portFromEnv(process.env), requireRules: true }));
