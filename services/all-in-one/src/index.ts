export { runAllInOne, type AllInOne, type AllInOneOptions } from './run-all-in-one';
export { services, type RunningService, type StartService } from './services';
export { ensureLocalSecrets, type GeneratedSecrets } from './local-secrets';
