// A stand-in service main, run as a child process by run-service-main.spec.ts.
import { createServer } from 'node:http';
import { trace } from '@opentelemetry/api';
import type { Bus } from '@switchyard/messaging';
import { portFromEnv, runServiceMain, type RunningService } from '../src';

const mode = process.env['FAKE_SERVICE_MODE'];
// Like the ingress, which says the topics it publishes to.
const publishesTo = process.env['FAKE_SERVICE_PUBLISHES_TO']?.split(',');
const start = async (bus: Bus): Promise<RunningService> => {
  // Like a service that handled a message: a span waits in the exporter's buffer for the flush at stop.
  trace.getTracer('fake-service').startSpan('handled').end();
  if (mode === 'fail') throw new Error('FAKE_SETTING is missing: set it to a number');
  // Like a client whose error quotes the credential it was given.
  if (mode === 'fail-quoting-token') throw new Error(`Azure DevOps refused the token ${process.env['AZURE_DEVOPS_TOKEN']}`);
  if (mode === 'listen') {
    // Listens on HOST / PORT the way the services' HTTP servers do, and fails the same way.
    const server = createServer((_request, response) => response.end());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(portFromEnv(process.env), process.env['HOST']?.trim() || '0.0.0.0', resolve);
    });
    process.stdout.write('listening\n');
    return { close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  }
  // Like a real service's HTTP server, something keeps the process alive until it is closed.
  const keepAlive = setInterval(() => undefined, 1_000);
  process.stdout.write(`started on ${bus.backend}\n`);
  bus.status$.subscribe((status) => process.stdout.write(`bus ${status.state}${status.error ? ` ${status.error.code}` : ''}\n`));
  return {
    close: async () => {
      clearInterval(keepAlive);
      await new Promise((resolve) => setTimeout(resolve, 50));
      process.stdout.write('service closed\n');
    },
  };
};
void runServiceMain('fake-service', start, process.env, { publishesTo });
