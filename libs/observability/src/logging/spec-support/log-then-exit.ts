// Child process for create-logger.stdout.spec.ts: logs with the default (batched) stdout, then exits.
import { createLogger } from '../create-logger';

const logger = createLogger({ service: 'exit-test', secrets: ['very-secret-value'] });
for (let i = 0; i < 3; i++) logger.info({ i, authorization: 'Bearer abcdefgh' }, `line ${i} very-secret-value`);
if (process.argv[2] === 'exit') process.exit(0);
setTimeout(() => logger.warn('after a pause'), 100);
setTimeout(() => process.exit(0), 3000);
