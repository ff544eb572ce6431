import { ServiceBusError } from '@azure/service-bus';
import { statusForError } from './process-error-status';

describe('statusForError', () => {
  it.each(['UnauthorizedAccess', 'MessagingEntityNotFound', 'ServiceCommunicationProblem'] as const)('degrades readiness on %s with a hint', (code) => {
    const status = statusForError(new ServiceBusError('entity checks/gate-evaluator', code));
    expect(status).toMatchObject({ state: 'degraded', error: { code } });
    expect(status?.error?.message).toContain('entity checks/gate-evaluator');
  });

  it('ignores errors that do not affect readiness', () => {
    expect(statusForError(new ServiceBusError('lock lost', 'MessageLockLost'))).toBeUndefined();
    expect(statusForError(new Error('handler bug'))).toBeUndefined();
  });
});
