// Child process for create-logger.stdout.spec.ts: logs with the default (batched) stdout, then exits.
import { createLogger } from '../create-logger';

const logger = createLogger({ service: 'exit-test', secrets: ['very-secret-value'] });
if (process.argv[2] === 'burst') {
  // Two loggers share stdout; many batches' worth, and a partial one left when the process exits.
  const other = createLogger({ service: 'exit-test-2' });
  for (let i = 0; i < 1500; i++) (i % 2 ? other : logger).info({ i, padding: 'p'.repeat(i % 300) }, `burst ${i}`);
  process.exit(0);
}
for (let i = 0; i < 3; i++) logger.info({ i, authorization: 'Bearer abcdefgh' }, `line ${i} very-secret-value`);
if (process.argv[2] === 'exit') process.exit(0);
setTimeout(() => logger.warn('after a pause'), 100);
setTimeout(() => process.exit(0), 3000);
