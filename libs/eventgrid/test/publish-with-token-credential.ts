// Child-process half of token-credential.spec.ts: it runs with NODE_EXTRA_CA_CERTS set to the test's
// self-signed certificate, which Node reads only at start-up. Prints what happened as one JSON line.
import { createOutcomePublisher } from '../src/publish/create-outcome-publisher';
import { outcomeEnvelope } from './outcome-envelope';

async function main(): Promise<void> {
  const scopes: string[] = [];
  const credential = {
    async getToken(scope: string | string[]) {
      scopes.push(...[scope].flat());
      return { token: 'token-from-workload-identity', expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
  const quiet = { warn: () => undefined, error: (fields: object, message: string) => console.error(message, fields) };
  const outcomes = createOutcomePublisher({ EVENTGRID_ENDPOINT: process.argv[2], EVENTGRID_MAX_ATTEMPTS: '1' }, { credential, logger: quiet });
  outcomes.publish(outcomeEnvelope('with-token'));
  await outcomes.close(10_000);
  console.log(JSON.stringify({ scopes, stats: outcomes.stats() }));
}

void main();
