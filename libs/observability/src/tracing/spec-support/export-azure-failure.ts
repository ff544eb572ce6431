// Run by init-tracing.spec.ts in a child process (see export-one-span.ts for why): starts tracing from
// process.env, makes one Event Grid call to the topic given (which refuses it), then shuts down.
import { AzureKeyCredential, EventGridPublisherClient } from '@azure/eventgrid';
import { initTracing } from '../init-tracing';

async function main(): Promise<void> {
  const tracing = initTracing({ service: 'spec' });
  const client = new EventGridPublisherClient(process.argv[2], 'CloudEvent', new AzureKeyCredential(process.env['EVENTGRID_KEY'] ?? ''), {
    allowInsecureConnection: true,
    retryOptions: { maxRetries: 0 },
  });
  const outcome = await client.send([{ type: 'switchyard.spec', source: '/spec', data: {} }]).then(
    () => 'sent',
    (error: { statusCode?: number }) => `failed: ${error.statusCode}`,
  );
  await tracing.shutdown();
  process.stdout.write(JSON.stringify({ outcome }));
}

void main();
