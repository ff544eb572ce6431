import { ServiceBusError } from '@azure/service-bus';
import { statusForError, statusForLinkError, statusForSendError } from './process-error-status';

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

  it.each([
    ['a refused connection', new ServiceBusError('connect ECONNREFUSED 127.0.0.1:5671', 'GeneralError'), /Endpoint host in SERVICEBUS_CONNECTION_STRING/],
    ['a refused sign-in', new ServiceBusError('Unauthorized access. Send claim required', 'UnauthorizedAccess'), /key in SERVICEBUS_CONNECTION_STRING .*Send and Listen claims/],
  ])('names SERVICEBUS_CONNECTION_STRING, not SERVICEBUS_FQDN or an identity role, when that is what is configured: %s', (_case, error, hint) => {
    const message = statusForError(error, 'SERVICEBUS_CONNECTION_STRING')?.error?.message;
    expect(message).toMatch(hint);
    expect(message).not.toMatch(/SERVICEBUS_FQDN|identity/);
  });

  it('gives a failed send that is no ServiceBusError (TLS, socket) the same hint', () => {
    const status = statusForSendError(new Error('self-signed certificate in certificate chain'), 'SERVICEBUS_CONNECTION_STRING');
    expect(status).toMatchObject({ state: 'degraded', error: { code: 'MESSAGING.CONNECTION_FAILED' } });
    expect(status?.error?.message).toMatch(/^self-signed certificate in certificate chain — check the Endpoint host in SERVICEBUS_CONNECTION_STRING/);
  });

  it('points a sign-in that got no token (a wrong client id) at the workload identity, not at the network', () => {
    const error = Object.assign(new Error('WorkloadIdentityCredential authentication failed. AADSTS700016: Application with identifier was not found'), { name: 'AuthenticationError' });
    const status = statusForSendError(error);
    expect(status).toMatchObject({ state: 'degraded', error: { code: 'MESSAGING.SIGN_IN_FAILED' } });
    expect(status?.error?.message).toContain('azure.workload.identity/client-id');
    expect(status?.error?.message).not.toContain('port 5671');
  });

  it('never leaves a sender link that could not be opened without a degraded status and a hint', () => {
    // What the SDK says when the endpoint hangs up during the AMQP handshake.
    const status = statusForLinkError(new ServiceBusError('Failed to connect', 'GeneralError'), 'SERVICEBUS_CONNECTION_STRING');
    expect(status).toMatchObject({ state: 'degraded', error: { code: 'MESSAGING.CONNECTION_FAILED' } });
    expect(status.error?.message).toContain('the Endpoint host in SERVICEBUS_CONNECTION_STRING');
  });

  it('ignores errors that do not affect readiness', () => {
    expect(statusForError(new ServiceBusError('lock lost', 'MessageLockLost'))).toBeUndefined();
    expect(statusForError(new Error('handler bug'))).toBeUndefined();
    expect(statusForError(new ServiceBusError('read ECONNRESET', 'GeneralError'))).toBeUndefined();
  });
});
