import { createEvent } from '@switchyard/contracts';
import { MAX_DELIVERY_COUNT_EXCEEDED } from '../bus/constants';
import { ConformanceAlpha, conformanceTopology } from '../conformance/conformance-topology';
import { consumeEvents, on } from '../consumer/consume-events';
import { PermanentError } from '../errors/permanent.error';
import { createTestBus } from '../testing/create-test-bus';
import { waitForDeadLetter } from '../testing/wait-for-dead-letter';
import { logSettlements, settlementsToStderr } from './log-settlements';

function recordingLogger() {
  const lines: { level: string; fields: Record<string, unknown>; message: string }[] = [];
  const at = (level: string) => (fields: object, message: string) => void lines.push({ level, fields: fields as Record<string, unknown>, message });
  return { lines, logger: { warn: at('warn'), error: at('error') } };
}

const delivery = { messageId: 'm-1', type: 'switchyard.build.completed.v1', topic: 'builds', subscription: 'badge-renderer', deliveryCount: 2, durationMs: 5 };

describe('logSettlements', () => {
  it('logs nothing for a completed message', () => {
    const { lines, logger } = recordingLogger();
    logSettlements(logger)({ ...delivery, settlement: { kind: 'complete' } });
    expect(lines).toEqual([]);
  });

  it('logs an abandon with a typed error (a code) at warn, and one without a code (a bug) at error', () => {
    const { lines, logger } = recordingLogger();
    const log = logSettlements(logger);
    const busy = Object.assign(new Error('storage busy'), { code: 'BADGE.BLOB_UNAVAILABLE' });
    const bug = new TypeError("Cannot read properties of undefined (reading 'id')");
    log({ ...delivery, settlement: { kind: 'abandon', error: busy } });
    log({ ...delivery, settlement: { kind: 'abandon', error: bug } });
    expect(lines).toEqual([
      {
        level: 'warn',
        fields: { messageId: 'm-1', type: delivery.type, subscription: 'builds/badge-renderer', deliveryCount: 2, code: 'BADGE.BLOB_UNAVAILABLE', error: 'storage busy' },
        message: 'handler failed; the message will be delivered again',
      },
      {
        level: 'error',
        fields: { messageId: 'm-1', type: delivery.type, subscription: 'builds/badge-renderer', deliveryCount: 2, err: bug },
        message: 'handler failed unexpectedly; the message will be delivered again',
      },
    ]);
  });

  it("says on the subscription's last delivery that the bus dead-letters the message instead of delivering it again", () => {
    const { lines, logger } = recordingLogger();
    const log = logSettlements(logger);
    const busy = Object.assign(new Error('storage busy'), { code: 'BADGE.BLOB_UNAVAILABLE' });
    log({ ...delivery, deliveryCount: 10, maxDeliveryCount: 10, settlement: { kind: 'abandon', error: busy } });
    log({ ...delivery, deliveryCount: 10, maxDeliveryCount: 10, settlement: { kind: 'abandon', error: new TypeError('bug') } });
    log({ ...delivery, deliveryCount: 9, maxDeliveryCount: 10, settlement: { kind: 'abandon', error: busy } });
    expect(lines.map((line) => [line.level, line.message, line.fields['maxDeliveryCount']])).toEqual([
      ['warn', 'handler failed on its last delivery; the bus dead-letters the message (MaxDeliveryCountExceeded)', 10],
      ['error', 'handler failed unexpectedly on its last delivery; the bus dead-letters the message (MaxDeliveryCountExceeded)', 10],
      ['warn', 'handler failed; the message will be delivered again', undefined],
    ]);
  });

  it('on the embedded bus, logs each failed delivery as delivered again except the last, which the bus dead-letters', async () => {
    const { lines, logger } = recordingLogger();
    const bus = createTestBus({ topology: conformanceTopology, redeliveryDelay: { firstMs: 0, maxMs: 0 }, onDropped: () => undefined });
    const event = createEvent(ConformanceAlpha, { source: 'urn:test', data: { run: 'r', n: 1 } });
    try {
      await consumeEvents(bus, { topic: 'conformance', subscription: 'narrow', onSettled: logSettlements(logger) }, [
        on(ConformanceAlpha, () => Promise.reject(Object.assign(new Error('downstream busy'), { code: 'TEST.BUSY' }))),
      ]);
      await bus.publisher.publish(event);
      expect(await waitForDeadLetter(bus, 'conformance', 'narrow', { messageId: event.id })).toMatchObject({ reason: MAX_DELIVERY_COUNT_EXCEEDED, deliveryCount: 3 });
    } finally {
      await bus.close();
    }
    expect(lines.map((line) => [line.fields['deliveryCount'], line.message])).toEqual([
      [1, 'handler failed; the message will be delivered again'],
      [2, 'handler failed; the message will be delivered again'],
      [3, 'handler failed on its last delivery; the bus dead-letters the message (MaxDeliveryCountExceeded)'],
    ]);
  });

  it('logs a dead letter with its reason and description, and a settlement the bus could not apply', () => {
    const { lines, logger } = recordingLogger();
    const log = logSettlements(logger);
    const refused = new PermanentError('TEST.REFUSED', 'n = 99 is refused');
    log({ ...delivery, settlement: { kind: 'deadLetter', reason: refused.code, description: refused.message } });
    log({ ...delivery, settlement: { kind: 'complete' }, settleFailed: { code: 'MessageLockLost', error: 'The lock supplied is invalid' } });
    expect(lines.map((line) => [line.level, line.message, line.fields['reason'] ?? line.fields['code']])).toEqual([
      ['warn', 'message dead-lettered', 'TEST.REFUSED'],
      ['warn', 'settlement not applied; the bus delivers the message again', 'MessageLockLost'],
    ]);
    expect(lines[0].fields['description']).toBe('n = 99 is refused');
  });
});

describe('settlementsToStderr', () => {
  it('writes one JSON line per failed delivery with codes and error names, never the error text', () => {
    const written: string[] = [];
    const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
    try {
      const bug = new TypeError('cannot read token s3cr3t-in-text');
      settlementsToStderr({ ...delivery, settlement: { kind: 'abandon', error: bug } });
      settlementsToStderr({ ...delivery, settlement: { kind: 'abandon', error: Object.assign(new Error('busy s3cr3t-in-text'), { code: 'X.BUSY' }) } });
    } finally {
      write.mockRestore();
    }
    const lines = written.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({ level: 'error', event: 'messaging.settlement', msg: 'handler failed unexpectedly; the message will be delivered again', messageId: 'm-1', errorType: 'TypeError' }),
      expect.objectContaining({ level: 'warn', event: 'messaging.settlement', msg: 'handler failed; the message will be delivered again', code: 'X.BUSY' }),
    ]);
    expect(written.join('')).not.toContain('s3cr3t');
  });
});
