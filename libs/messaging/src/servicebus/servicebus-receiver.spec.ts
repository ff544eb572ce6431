import { ServiceBusError, type ServiceBusClient, type ServiceBusReceivedMessage } from '@azure/service-bus';
import type { BusStatus, SettleFailure, Settlement } from '../bus/bus.port';
import type { ServiceBusErrorEvent } from './servicebus-error-event';
import { LAST_ERROR_PROPERTY, UNCLASSIFIED_ERROR_CODE } from '../bus/last-error-code';
import { startServiceBusReceiver, type ReceiverHooks } from './servicebus-receiver';

interface Handlers {
  processMessage(message: ServiceBusReceivedMessage): Promise<void>;
  processError(args: { error: Error; entityPath: string }): Promise<void>;
}

/** The SDK receiver surface the bus uses, recording settlements; `failWith` makes the next settle throw. */
function fakeClient() {
  const calls: { op: string; properties?: unknown }[] = [];
  let handlers: Handlers | undefined;
  let failWith: Error | undefined;
  let peekFailures: Error[] = [];
  let peeks = 0;
  let receiverOptions: unknown;
  let subscribeOptions: unknown;
  const settleOp = (op: string) => async (_message: unknown, properties?: unknown) => {
    calls.push({ op, properties });
    if (failWith) throw failWith;
  };
  const receiver = {
    subscribe: (h: Handlers, options: unknown) => {
      handlers = h;
      subscribeOptions = options;
      return { close: async () => undefined };
    },
    completeMessage: settleOp('complete'),
    abandonMessage: settleOp('abandon'),
    deadLetterMessage: settleOp('deadLetter'),
    peekMessages: async () => {
      peeks++;
      const failure = peekFailures.shift();
      if (failure) throw failure;
      return [];
    },
    close: async () => void calls.push({ op: 'close' }),
  };
  const client = {
    createReceiver: (_topic: string, _subscription: string, options: unknown) => {
      receiverOptions = options;
      return receiver;
    },
  } as unknown as ServiceBusClient;
  return {
    client,
    calls,
    /** What the receiver was created with, and what its subscribe() was given. */
    options: () => ({ receiver: receiverOptions, subscribe: subscribeOptions }),
    failNextSettle: (error: Error) => (failWith = error),
    failPeeks: (...errors: Error[]) => (peekFailures = errors),
    peeks: () => peeks,
    deliver: (body: unknown) => handlers!.processMessage({ messageId: 'm-1', body, deliveryCount: 0, applicationProperties: {} } as unknown as ServiceBusReceivedMessage),
    error: (error: Error) => handlers!.processError({ error, entityPath: 'checks/Subscriptions/gate-evaluator' }),
  };
}

async function start(answer: () => Promise<Settlement>, recoveryProbeMs?: number, namespaceSetting?: ReceiverHooks['namespaceSetting'], concurrency?: number) {
  const fake = fakeClient();
  const statuses: BusStatus[] = [];
  const errors: ServiceBusErrorEvent[] = [];
  const failures: SettleFailure[] = [];
  const receiver = await startServiceBusReceiver(
    fake.client,
    { topic: 'checks', subscription: 'gate-evaluator', concurrency, onSettleFailed: (f) => failures.push(f) },
    answer,
    { onStatus: (s) => statuses.push(s), onError: (e) => errors.push(e), recoveryProbeMs, namespaceSetting },
  );
  return { fake, statuses, errors, failures, receiver };
}

describe('startServiceBusReceiver', () => {
  it('reports ready only after the broker accepted the settlement', async () => {
    const { fake, statuses, receiver } = await start(async () => ({ kind: 'complete' }));
    fake.failNextSettle(new ServiceBusError('lock lost on checks/gate-evaluator', 'MessageLockLost'));
    await fake.deliver({ type: 't' });
    expect(statuses).toEqual([]);
    await receiver.close();
  });

  it('reports a failed settlement to onError and to the settle observer, with the code and no body', async () => {
    const { fake, statuses, errors, failures, receiver } = await start(async () => ({ kind: 'complete' }));
    fake.failNextSettle(new ServiceBusError('lock lost on checks/gate-evaluator', 'MessageLockLost'));
    await fake.deliver({ type: 't', data: { secret: 'BODY-SECRET' } });
    expect(errors).toEqual([
      { kind: 'settle-failed', messageId: 'm-1', settlement: 'complete', code: 'MessageLockLost', entityPath: 'checks/Subscriptions/gate-evaluator', message: 'lock lost on checks/gate-evaluator' },
    ]);
    expect(JSON.stringify(errors)).not.toContain('BODY-SECRET');
    expect(failures).toMatchObject([{ settlement: { kind: 'complete' }, code: 'MessageLockLost', message: { messageId: 'm-1' } }]);
    expect(statuses).toEqual([]);
    await receiver.close();
  });

  it('marks the bus ready once a settlement succeeded', async () => {
    const { fake, statuses, errors, receiver } = await start(async () => ({ kind: 'complete' }));
    await fake.deliver({ type: 't' });
    expect(fake.calls).toEqual([{ op: 'complete', properties: undefined }]);
    expect(statuses).toEqual([{ state: 'ready' }]);
    expect(errors).toEqual([]);
    await receiver.close();
  });

  it('abandons with the error code only, never the error message', async () => {
    const failure = Object.assign(new Error('token=PAT-SECRET rejected'), { code: 'AZDO.UNAUTHORIZED' });
    const { fake, receiver } = await start(async () => ({ kind: 'abandon', error: failure }));
    await fake.deliver({ type: 't' });
    expect(fake.calls).toEqual([{ op: 'abandon', properties: { [LAST_ERROR_PROPERTY]: 'AZDO.UNAUTHORIZED' } }]);
    await receiver.close();
  });

  it('dead-letters with the reason and description the processor gave', async () => {
    const { fake, receiver } = await start(async () => ({ kind: 'deadLetter', reason: 'MESSAGING.SCHEMA_VIOLATION', description: 'Not a valid t: data.n: expected number' }));
    await fake.deliver({ type: 't' });
    expect(fake.calls).toEqual([
      { op: 'deadLetter', properties: { deadLetterReason: 'MESSAGING.SCHEMA_VIOLATION', deadLetterErrorDescription: 'Not a valid t: data.n: expected number' } },
    ]);
    await receiver.close();
  });

  it('receives in peek-lock, settling every message itself (no auto-complete, no lock renewal), with its concurrency', async () => {
    const { fake, receiver } = await start(async () => ({ kind: 'complete' }), undefined, undefined, 3);
    expect(fake.options()).toEqual({
      receiver: { receiveMode: 'peekLock', maxAutoLockRenewalDurationInMs: 0 },
      subscribe: { autoCompleteMessages: false, maxConcurrentCalls: 3 },
    });
    await receiver.close();
  });

  it('on close, waits for the handler in flight and its settlement before closing the link', async () => {
    let finish!: () => void;
    const { fake, receiver } = await start(() => new Promise<Settlement>((resolve) => (finish = () => resolve({ kind: 'complete' }))));
    const delivering = fake.deliver({ type: 't' });
    const closing = receiver.close();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fake.calls).toEqual([]);
    finish();
    await Promise.all([delivering, closing]);
    expect(fake.calls.map((call) => call.op)).toEqual(['complete', 'close']);
  });

  it('abandons a handler throw without a code as unclassified', async () => {
    const { fake, receiver } = await start(async () => {
      throw new Error('boom with PAT-SECRET');
    });
    await fake.deliver({ type: 't' });
    expect(fake.calls).toEqual([{ op: 'abandon', properties: { [LAST_ERROR_PROPERTY]: UNCLASSIFIED_ERROR_CODE } }]);
    expect(JSON.stringify(fake.calls)).not.toContain('PAT-SECRET');
    await receiver.close();
  });

  it('reports receive errors that do not affect readiness instead of dropping them', async () => {
    const { fake, statuses, errors, receiver } = await start(async () => ({ kind: 'complete' }));
    await fake.error(new ServiceBusError('session lost on checks/gate-evaluator', 'SessionLockLost'));
    expect(statuses).toEqual([]);
    expect(errors).toEqual([
      { kind: 'receive-error', code: 'SessionLockLost', entityPath: 'checks/Subscriptions/gate-evaluator', message: 'session lost on checks/gate-evaluator' },
    ]);
    await receiver.close();
  });

  it('reports ready again once the subscription can be read, without waiting for a message', async () => {
    const { fake, statuses, receiver } = await start(async () => ({ kind: 'complete' }), 5);
    const unreachable = new ServiceBusError('getaddrinfo ENOTFOUND ns.servicebus.windows.net', 'ServiceCommunicationProblem');
    fake.failPeeks(unreachable); // the first check still fails: the namespace is not back yet
    await fake.error(unreachable);
    await waitUntil(() => statuses.length === 2);
    expect(statuses).toMatchObject([{ state: 'degraded', error: { code: 'ServiceCommunicationProblem' } }, { state: 'ready' }]);
    expect(fake.peeks()).toBe(2);
    await receiver.close();
  });

  it('tells to check SERVICEBUS_CONNECTION_STRING when that is how the namespace is configured', async () => {
    const { fake, statuses, receiver } = await start(async () => ({ kind: 'complete' }), undefined, 'SERVICEBUS_CONNECTION_STRING');
    await fake.error(new ServiceBusError('connect ECONNREFUSED 127.0.0.1:5671', 'GeneralError'));
    expect(statuses[0]?.error?.message).toContain('SERVICEBUS_CONNECTION_STRING');
    expect(statuses[0]?.error?.message).not.toContain('SERVICEBUS_FQDN');
    await receiver.close();
  });

  it('stays degraded while the subscription cannot be read, and stops checking when closed', async () => {
    const { fake, statuses, receiver } = await start(async () => ({ kind: 'complete' }), 5);
    const missing = new ServiceBusError('checks/gate-evaluator not found', 'MessagingEntityNotFound');
    fake.failPeeks(...Array.from({ length: 1000 }, () => missing));
    await fake.error(missing);
    await waitUntil(() => fake.peeks() >= 3);
    await receiver.close();
    const peeksAtClose = fake.peeks();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(fake.peeks()).toBe(peeksAtClose);
    expect(statuses.map((s) => s.state)).toEqual(['degraded']);
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited > 2000) throw new Error('condition not met within 2 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
