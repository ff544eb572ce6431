// Child-process half of token-credential.spec.ts: it runs with NODE_EXTRA_CA_CERTS set to the test's
// self-signed certificate, which Node reads only at start-up. Prints what happened as one JSON line.
// argv: the topic endpoint, then "granted" (a token is issued) or "refused" (Entra ID refuses the client).
import { AuthenticationError } from '@azure/identity';
import { createOutcomePublisher } from '../src/publish/create-outcome-publisher';
import { captureLogger } from './capture-logger';
import { outcomeEnvelope } from './outcome-envelope';

async function main(): Promise<void> {
  const [endpoint, mode = 'granted'] = process.argv.slice(2);
  const scopes: string[] = [];
  const credential = {
    async getToken(scope: string | string[]) {
      scopes.push(...[scope].flat());
      if (mode === 'refused') {
        throw new AuthenticationError(400, { error: 'invalid_client', error_description: 'AADSTS700016: Application with identifier was not found in the directory.' });
      }
      return { token: 'token-from-workload-identity', expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
  const logger = captureLogger();
  const outcomes = createOutcomePublisher({ EVENTGRID_ENDPOINT: endpoint, EVENTGRID_MAX_ATTEMPTS: '1' }, { credential, logger });
  outcomes.publish(outcomeEnvelope('with-token'));
  outcomes.publish(outcomeEnvelope('with-token-2'));
  await outcomes.close(10_000);
  console.log(JSON.stringify({ scopes, stats: outcomes.stats(), logs: logger.lines }));
}

void main();
