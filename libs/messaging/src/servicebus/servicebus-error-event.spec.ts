import { ServiceBusError } from '@azure/service-bus';
import { errorCodeOf, logServiceBusError, safely } from './servicebus-error-event';

describe('Service Bus error events', () => {
  it('are written by default as one JSON line on stderr', () => {
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      logServiceBusError({ kind: 'settle-failed', messageId: 'm-1', settlement: 'abandon', code: 'MessageLockLost', entityPath: 'checks/Subscriptions/gate-evaluator', message: 'lock lost' });
      expect(write).toHaveBeenCalledTimes(1);
      const line = String(write.mock.calls[0][0]);
      expect(line.endsWith('\n')).toBe(true);
      expect(JSON.parse(line)).toMatchObject({ level: 'warn', event: 'messaging.servicebus.settle-failed', messageId: 'm-1', code: 'MessageLockLost', settlement: 'abandon' });
    } finally {
      write.mockRestore();
    }
  });

  it('never let a throwing hook escape into settlement', () => {
    const hook = safely(() => {
      throw new Error('hook bug');
    });
    expect(() => hook({ kind: 'receive-error', message: 'x' })).not.toThrow();
  });

  it('take the SDK code, or undefined when there is none', () => {
    expect(errorCodeOf(new ServiceBusError('busy', 'ServiceBusy'))).toBe('ServiceBusy');
    expect(errorCodeOf(new Error('plain'))).toBeUndefined();
  });
});
