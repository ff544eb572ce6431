import { ServiceBusError } from '@azure/service-bus';
import { statusForError } from './process-error-status';

describe('statusForError', () => {
  it.each(['UnauthorizedAccess', 'MessagingEntityNotFound', 'ServiceCommunicationProblem'] as const)('degrades readiness on %s with a hint', (code) => {
    const status = statusForError(new ServiceBusError('entity checks/gate-evaluator', code));
    expect(status).toMatchObject({ state: 'degraded', error: { code } });
    expect(status?.error?.message).toContain('entity checks/gate-evaluator');
  });

  it.each([
    'connect ECONNREFUSED 127.0.0.1:5671',
    'getaddrinfo ENOTFOUND sb-typo.servicebus.windows.net',
  ])('degrades readiness when the namespace cannot be reached, which the SDK reports as GeneralError: %s', (message) => {
    const status = statusForError(new ServiceBusError(message, 'GeneralError'));
    expect(status).toMatchObject({ state: 'degraded', error: { code: 'MESSAGING.CONNECTION_FAILED' } });
    expect(status?.error?.message).toContain('SERVICEBUS_FQDN');
  });

  it('ignores errors that do not affect readiness', () => {
    expect(statusForError(new ServiceBusError('lock lost', 'MessageLockLost'))).toBeUndefined();
    expect(statusForError(new Error('handler bug'))).toBeUndefined();
    expect(statusForError(new ServiceBusError('read ECONNRESET', 'GeneralError'))).toBeUndefined();
  });
});
