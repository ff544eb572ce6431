import type { Writable } from 'node:stream';
import { createTestBus } from '@switchyard/messaging/testing';
import type { CreateLoggerOptions, Logger } from '@switchyard/observability';
import { startGateEvaluator } from './start-gate-evaluator';

// The service's own logger, built as the service builds it, writing here instead of stdout.
const mockLog: { lines: string[]; loggers: Logger[] } = { lines: [], loggers: [] };
jest.mock('@switchyard/observability', () => {
  const actual = jest.requireActual<typeof import('@switchyard/observability')>('@switchyard/observability');
  const { Writable: WritableStream } = jest.requireActual<typeof import('node:stream')>('node:stream');
  const destination: Writable = new WritableStream({
    write(chunk: Buffer, _encoding, callback) {
      mockLog.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  return {
    ...actual,
    createLogger: (options: CreateLoggerOptions) => {
      const logger = actual.createLogger({ ...options, destination });
      mockLog.loggers.push(logger);
      return logger;
    },
  };
});

const secrets = {
  AZURE_DEVOPS_TOKEN: 'ado-pat-52charsofbase32pat0000000000000000000000000',
  GATE_TOKEN_KEY: 'q0Zk4n6QJd0m1i9Yb8mR2c3X5wUuQy7vT1sPz0aLk2E=',
  GATE_TOKEN_PREVIOUS_KEYS: '3d5e0f6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f80,Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHF1dXg=',
  EVENTGRID_KEY: 'eg-access-key-0123456789abcdef',
  SERVICEBUS_CONNECTION_STRING: 'Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=app;SharedAccessKey=c2VydmljZWJ1cy1rZXk=',
};

describe('startGateEvaluator', () => {
  it('scrubs the secret values of its environment from its log lines, wherever they appear', async () => {
    const bus = createTestBus();
    const evaluator = await startGateEvaluator({ bus, env: { ...secrets, LOG_LEVEL: 'info' } });
    try {
      const [logger] = mockLog.loggers;
      const values = [secrets.AZURE_DEVOPS_TOKEN, secrets.GATE_TOKEN_KEY, ...secrets.GATE_TOKEN_PREVIOUS_KEYS.split(','), secrets.EVENTGRID_KEY, 'c2VydmljZWJ1cy1rZXk='];
      for (const value of values) logger.error({ err: new Error(`call failed, sent ${value}`), note: `with ${value}` }, `giving up on ${value}`);
      const failures = mockLog.lines.filter((line) => line.includes('giving up'));
      expect(failures).toHaveLength(values.length);
      for (const line of failures) {
        expect(JSON.parse(line)).toMatchObject({ service: 'gate-evaluator', msg: 'giving up on [REDACTED]', note: 'with [REDACTED]', err: { message: 'call failed, sent [REDACTED]' } });
      }
      for (const value of values) expect(mockLog.lines.join('\n')).not.toContain(value);
    } finally {
      await evaluator.close();
      await bus.close();
    }
  });
});
