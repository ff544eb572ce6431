import type { PeekMessagesOptions, ServiceBusClient, ServiceBusMessage, ServiceBusReceivedMessage } from '@azure/service-bus';
import Long from 'long';
import { conformanceTopology } from '../conformance/conformance-topology';
import type { PurgeReport } from '../dead-letters/dead-letter.port';
import { InvalidDeadLetterPageError } from '../dead-letters/invalid-dead-letter-page.error';
import { resubmitMessageId } from '../dead-letters/resubmit-message-id';
import { fakeNamespace } from './fake-namespace';
import { fakeServiceBusClient } from './fake-servicebus-client';
import type { SenderCache } from './sender-cache';
import { ServiceBusBus } from './servicebus-bus';
import { serviceBusDeadLetters } from './servicebus-dead-letters';

/** The subscription has its resubmit rule. */
const routed = async () => undefined;

const dead = (messageId: string, sequenceNumber: number, deadLetterReason?: string) =>
  ({ messageId, sequenceNumber: { toString: () => String(sequenceNumber) }, deadLetterReason, body: { type: 't', token: 'body-secret' }, applicationProperties: {} }) as unknown as ServiceBusReceivedMessage;

/**
 * A dead-letter sub-queue: receive hands out unlocked messages; `lockExpires` makes every lock
 * lapse at once (the broker hands the message out again); completeMessage can be made to fail.
 */
function fakeQueue(messages: ServiceBusReceivedMessage[], behaviour: { lockExpires?: boolean; completeFails?: boolean; sendFailsAt?: string } = {}) {
  const available = [...messages];
  const sent: ServiceBusMessage[] = [];
  const abandoned: string[] = [];
  let receives = 0;
  const receiver = {
    receiveMessages: async (max: number) => {
      receives++;
      const batch = available.splice(0, max);
      if (behaviour.lockExpires) available.push(...batch);
      return batch;
    },
    completeMessage: async (message: ServiceBusReceivedMessage) => {
      if (behaviour.completeFails) {
        available.push(message);
        throw Object.assign(new Error('lock lost'), { code: 'MessageLockLost' });
      }
      const index = available.indexOf(message);
      if (index >= 0) available.splice(index, 1);
    },
    abandonMessage: async (message: ServiceBusReceivedMessage) => {
      abandoned.push(String(message.messageId));
      if (!behaviour.lockExpires) available.push(message);
    },
    close: async () => undefined,
  };
  const client = { createReceiver: () => receiver } as unknown as ServiceBusClient;
  const sendMessages = async (message: ServiceBusMessage) => {
    if (String(message.messageId).startsWith(`${behaviour.sendFailsAt}#`)) throw Object.assign(new Error('The namespace is busy'), { code: 'ServiceBusy' });
    sent.push(message);
  };
  const senders = { get: () => ({ sendMessages }) } as unknown as SenderCache;
  return { client, senders, sent, abandoned, remaining: () => available.map((m) => String(m.messageId)), receives: () => receives };
}

describe('serviceBusDeadLetters resubmit', () => {
  it('gives the copy an id derived from the original id and the dead-letter sequence number', async () => {
    const queue = fakeQueue([dead('evt-1', 41)]);
    await expect(serviceBusDeadLetters(queue.client, queue.senders, 'checks', 'gate-evaluator', routed).resubmit()).resolves.toBe(1);
    expect(queue.sent.map((m) => m.messageId)).toEqual(['evt-1#resubmit-41']);
    expect(queue.sent[0].applicationProperties).toMatchObject({ 'switchyard-resubmit-to': 'gate-evaluator' });
  });

  it('sends the same id when a resubmit is repeated after completing the dead letter failed, so duplicate detection folds it', async () => {
    const queue = fakeQueue([dead('evt-1', 41)], { completeFails: true });
    const deadLetters = serviceBusDeadLetters(queue.client, queue.senders, 'checks', 'gate-evaluator', routed);
    // The copy went out either time: it counts, though the dead letter stayed behind.
    await expect(deadLetters.resubmit()).resolves.toBe(1);
    await expect(deadLetters.resubmit()).resolves.toBe(1);
    expect(queue.sent.map((m) => m.messageId)).toEqual(['evt-1#resubmit-41', 'evt-1#resubmit-41']);
  });

  it('stops and says so when a dead letter whose copy went out could not be completed', async () => {
    const queue = fakeQueue([dead('evt-1', 1), dead('evt-2', 2)], { completeFails: true });
    const report = await serviceBusDeadLetters(queue.client, queue.senders, 'checks', 'gate-evaluator', routed).resubmitAndReport();
    expect(report).toMatchObject({ resubmitted: 1, resubmittedIds: ['evt-1'], complete: false });
    expect(report.stoppedBy).toMatch(/^MessageLockLost: lock lost \(the copy of evt-1 was sent, but it is still dead-lettered: resubmit it again within 10 minutes/);
    // No second copy whose dead letter might stay behind as well.
    expect(queue.sent.map((m) => m.messageId)).toEqual(['evt-1#resubmit-1']);
    expect(queue.remaining().sort()).toEqual(['evt-1', 'evt-2']);
  });

  it('stops at a failed send: reports what went back and why, and gives the rest back untouched', async () => {
    const queue = fakeQueue([dead('evt-1', 1), dead('evt-2', 2), dead('evt-3', 3)], { sendFailsAt: 'evt-2' });
    const report = await serviceBusDeadLetters(queue.client, queue.senders, 'checks', 'gate-evaluator', routed).resubmitAndReport();
    expect(report).toEqual({ resubmitted: 1, resubmittedIds: ['evt-1'], complete: false, stoppedBy: 'ServiceBusy: The namespace is busy' });
    expect(queue.abandoned).toEqual(['evt-2', 'evt-3']);
    expect(queue.remaining()).toEqual(['evt-2', 'evt-3']);
  });

  it('sends nothing when no rule would let the copy into the subscription: every dead letter stays, and the report says why', async () => {
    const queue = fakeQueue([dead('evt-1', 1), dead('evt-2', 2)]);
    const refused = async () => 'MESSAGING.RESUBMIT_RULE_MISSING: subscription "releases/my-team" has no rule "resubmit"';
    const report = await serviceBusDeadLetters(queue.client, queue.senders, 'releases', 'my-team', refused).resubmitAndReport();
    expect(report).toEqual({ resubmitted: 0, resubmittedIds: [], complete: false, stoppedBy: 'MESSAGING.RESUBMIT_RULE_MISSING: subscription "releases/my-team" has no rule "resubmit"' });
    expect(queue.sent).toEqual([]);
    expect(queue.remaining()).toEqual(['evt-1', 'evt-2']);
  });

  it('checks the route once per run, just before its first send, and not at all when it sends nothing', async () => {
    const queue = fakeQueue([dead('evt-1', 1), dead('evt-2', 2)]);
    let checks = 0;
    const counted = async () => void checks++;
    const deadLetters = serviceBusDeadLetters(queue.client, queue.senders, 'checks', 'gate-evaluator', counted);
    await expect(deadLetters.resubmit(['not-there'])).resolves.toBe(0);
    expect(checks).toBe(0);
    await expect(deadLetters.resubmit()).resolves.toBe(2);
    expect(checks).toBe(1);
  });

  it("leaves out the failed run's last error from the copy, and names the dead letter it was made from", async () => {
    const failed = { ...dead('evt-1', 7), applicationProperties: { 'switchyard-last-error': 'GATE.BUSY', traceparent: 'tp' } } as unknown as ServiceBusReceivedMessage;
    const queue = fakeQueue([failed]);
    await serviceBusDeadLetters(queue.client, queue.senders, 'checks', 'gate-evaluator', routed).resubmit();
    expect(queue.sent[0].applicationProperties).toEqual({ traceparent: 'tp', 'switchyard-resubmit-to': 'gate-evaluator', 'switchyard-resubmitted-from': 'evt-1' });
  });

  it("sends the copy under the subject resubmit:<type>, which no subscription's type rule takes, with the dead letter's body and correlation id", async () => {
    const failed = { ...dead('evt-1', 7), subject: 'switchyard.check.requested.v1', correlationId: 'corr-1', contentType: 'application/json' } as unknown as ServiceBusReceivedMessage;
    const queue = fakeQueue([failed]);
    await serviceBusDeadLetters(queue.client, queue.senders, 'checks', 'gate-evaluator', routed).resubmit();
    expect(queue.sent).toEqual([
      expect.objectContaining({
        messageId: 'evt-1#resubmit-7',
        subject: 'resubmit:switchyard.check.requested.v1',
        correlationId: 'corr-1',
        contentType: 'application/json',
        body: { type: 't', token: 'body-secret' },
      }),
    ]);
  });

  it('stops when held locks expire and skipped messages come round again, instead of looping forever', async () => {
    const queue = fakeQueue([dead('keep-1', 1), dead('evt-2', 2), dead('keep-3', 3)], { lockExpires: true });
    const resubmitted = await serviceBusDeadLetters(queue.client, queue.senders, 'checks', 'gate-evaluator', routed).resubmit(['evt-2']);
    expect(resubmitted).toBe(1);
    expect(queue.sent.map((m) => m.messageId)).toEqual(['evt-2#resubmit-2']);
    expect(queue.receives()).toBeLessThanOrEqual(2);
  });

  it('stops after maxMessages, leaving the rest dead-lettered for the next run', async () => {
    const queue = fakeQueue(Array.from({ length: 10 }, (_, n) => dead(`evt-${n}`, n)));
    const resubmitted = await serviceBusDeadLetters(queue.client, queue.senders, 'checks', 'gate-evaluator', routed, { maxMessages: 4 }).resubmit();
    expect(resubmitted).toBe(4);
  });
});

/**
 * A dead-letter sub-queue to peek, as the broker does it: from `fromSequenceNumber` on (inclusive),
 * never more than `perPeek` messages per call even when more exist. Sequence numbers are `Long`s.
 */
function peekableQueue(count: number, firstSequence: number, perPeek: number) {
  const messages = Array.from({ length: count }, (_, n) => ({
    messageId: `evt-${n}`,
    sequenceNumber: Long.fromNumber(firstSequence + n * 3), // gaps, as after completed messages
    subject: 't',
    deadLetterReason: 'TEST.REFUSED',
    body: { n },
    // The first one failed its deliveries with a code before it was dead-lettered.
    applicationProperties: n === 0 ? { 'switchyard-last-error': 'TEST.BUSY' } : {},
  })) as unknown as ServiceBusReceivedMessage[];
  const asked: number[] = [];
  let opened = 0;
  let cursor = Long.ZERO;
  const receiver = {
    peekMessages: async (max: number, options: PeekMessagesOptions = {}) => {
      asked.push(max);
      const from = options.fromSequenceNumber ?? cursor;
      const batch = messages.filter((m) => m.sequenceNumber!.greaterThanOrEqual(from)).slice(0, Math.min(max, perPeek));
      if (batch.length > 0) cursor = batch[batch.length - 1].sequenceNumber!.add(1);
      return batch;
    },
    close: async () => undefined,
  };
  const client = {
    createReceiver: () => {
      opened++;
      cursor = Long.ZERO; // a fresh receiver peeks from the start
      return receiver;
    },
  } as unknown as ServiceBusClient;
  return { client, asked, opened: () => opened };
}

describe('serviceBusDeadLetters list', () => {
  const senders = {} as SenderCache;

  it('lists 250 dead letters in pages of 100, 100 and 50 by sequence number: each once, no cursor on the last page', async () => {
    const queue = peekableQueue(250, 4_294_967_290, 30); // past 2^32: the cursor must not lose Long precision
    const deadLetters = serviceBusDeadLetters(queue.client, senders, 'checks', 'gate-evaluator', routed);
    const pages = [];
    let after: string | undefined;
    do {
      const page = await deadLetters.list({ limit: 100, after });
      pages.push(page);
      after = page.next;
    } while (after !== undefined && pages.length < 10);
    expect(pages.map((page) => page.length)).toEqual([100, 100, 50]);
    expect(pages.flat().map((d) => d.messageId)).toEqual(Array.from({ length: 250 }, (_, n) => `evt-${n}`));
    expect(pages[0].next).toBe(String(4_294_967_290 + 100 * 3));
    expect('next' in pages[2]).toBe(false);
    expect(pages[0][0]).toMatchObject({ reason: 'TEST.REFUSED', subject: 't', body: { n: 0 }, lastError: 'TEST.BUSY' });
    expect(pages[0][1]).not.toHaveProperty('lastError');
  });

  it('peeks no more than one message past the page, however the broker splits its answers', async () => {
    const queue = peekableQueue(1000, 1, 7);
    const page = await serviceBusDeadLetters(queue.client, senders, 'checks', 'gate-evaluator', routed).list({ limit: 20 });
    expect(page).toHaveLength(20);
    // Asks again for what is still missing, never for more: 21 messages held at most, not the queue.
    expect(queue.asked).toEqual([21, 14, 7]);
    expect(page.next).toBe(String(1 + 20 * 3));
  });

  it('refuses a limit over 1000 or a cursor that is not one, before it opens a receiver', async () => {
    const queue = peekableQueue(5, 1, 100);
    const deadLetters = serviceBusDeadLetters(queue.client, senders, 'checks', 'gate-evaluator', routed);
    await expect(deadLetters.list({ limit: 1001 })).rejects.toMatchObject({ parameter: 'limit', code: 'MESSAGING.INVALID_PAGE' });
    await expect(deadLetters.list({ after: 'abc' })).rejects.toBeInstanceOf(InvalidDeadLetterPageError);
    expect(queue.opened()).toBe(0);
  });
});

describe('serviceBusDeadLetters resubmitAndReport', () => {
  it('says which ids it put back, and that it saw the whole queue when it ran dry', async () => {
    const queue = fakeQueue([dead('keep-1', 1), dead('evt-2', 2)]);
    const report = await serviceBusDeadLetters(queue.client, queue.senders, 'checks', 'gate-evaluator', routed).resubmitAndReport(['evt-2', 'gone']);
    expect(report).toEqual({ resubmitted: 1, resubmittedIds: ['evt-2'], complete: true });
  });

  it('says it did not see the whole queue when it stopped at maxMessages', async () => {
    const queue = fakeQueue(Array.from({ length: 10 }, (_, n) => dead(`evt-${n}`, n)));
    const report = await serviceBusDeadLetters(queue.client, queue.senders, 'checks', 'gate-evaluator', routed, { maxMessages: 4 }).resubmitAndReport(['evt-9']);
    expect(report).toEqual({ resubmitted: 0, resubmittedIds: [], complete: false });
  });
});

describe('resubmitMessageId', () => {
  it('hashes ids that would exceed the 128-character limit, still deterministically', () => {
    const long = 'x'.repeat(128);
    expect(resubmitMessageId(long, '7')).toHaveLength('resubmit-'.length + 64);
    expect(resubmitMessageId(long, '7')).toBe(resubmitMessageId(long, '7'));
    expect(resubmitMessageId(long, '7')).not.toBe(resubmitMessageId(long, '8'));
  });
});

/** The JSON lines written to stderr while `run` runs (the purge log). */
async function stderrLines(run: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const lines: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => (lines.push(String(chunk)), true));
  try {
    await run();
  } finally {
    spy.mockRestore();
  }
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('serviceBusDeadLetters purge', () => {
  const purged = (subscription: string, messageId: string, reason: string) =>
    expect.objectContaining({ event: 'messaging.dead-letter.purged', subscription, messageId, reason });

  it('completes the dead letters with the given ids, gives the others back, sends nothing, and logs id and reason of each, never the body', async () => {
    const queue = fakeQueue([dead('keep-1', 1, 'GATE.BUSY'), dead('evt-2', 2, 'BADGE_FIELD_MISSING'), dead('evt-3', 3, 'BUILD_TRIGGER.RULE_CHANGED')]);
    const deadLetters = serviceBusDeadLetters(queue.client, queue.senders, 'builds', 'badge-renderer', routed);
    let report: unknown;
    const logged = await stderrLines(async () => (report = await deadLetters.purge({ ids: ['evt-2', 'evt-3', 'gone'] })));
    expect(report).toEqual({
      purged: [
        { messageId: 'evt-2', reason: 'BADGE_FIELD_MISSING' },
        { messageId: 'evt-3', reason: 'BUILD_TRIGGER.RULE_CHANGED' },
      ],
      notFound: ['gone'],
    });
    expect(queue.remaining()).toEqual(['keep-1']);
    expect(queue.abandoned).toEqual(['keep-1']);
    expect(queue.sent).toEqual([]);
    expect(logged).toEqual([purged('builds/badge-renderer', 'evt-2', 'BADGE_FIELD_MISSING'), purged('builds/badge-renderer', 'evt-3', 'BUILD_TRIGGER.RULE_CHANGED')]);
    expect(JSON.stringify(logged)).not.toContain('body-secret');
  });

  it('purges every dead letter only when asked with all: true', async () => {
    const queue = fakeQueue([dead('evt-1', 1, 'A'), dead('evt-2', 2, 'B')]);
    const report = await serviceBusDeadLetters(queue.client, queue.senders, 'checks', 'gate-evaluator', routed).purge({ all: true });
    expect(report).toEqual({ purged: [expect.objectContaining({ messageId: 'evt-1' }), expect.objectContaining({ messageId: 'evt-2' })], notFound: [] });
    expect(queue.remaining()).toEqual([]);
  });

  it.each([[{}], [{ ids: [] }], [{ ids: ['a'], all: true }], [{ all: 'true' }]])('refuses the selection %j before it opens a receiver: a purge is never "everything" by default', async (selection) => {
    let opened = 0;
    const client = { createReceiver: () => (opened++, {}) } as unknown as ServiceBusClient;
    const deadLetters = serviceBusDeadLetters(client, {} as SenderCache, 'checks', 'gate-evaluator', routed);
    await expect(deadLetters.purge(selection as never)).rejects.toThrow('purge needs { ids: [<message id>, ...] } (at least one) or { all: true }');
    expect(opened).toBe(0);
  });

  it('stops when completing a dead letter fails: that one and the rest stay dead-lettered, and the report says which ids to run again', async () => {
    const queue = fakeQueue([dead('evt-1', 1, 'A'), dead('evt-2', 2, 'B')], { completeFails: true });
    const report = await serviceBusDeadLetters(queue.client, queue.senders, 'checks', 'gate-evaluator', routed).purge({ ids: ['evt-1', 'evt-2'] });
    expect(report).toEqual({ purged: [], notFound: [], notReached: ['evt-1', 'evt-2'], stoppedBy: 'MessageLockLost: lock lost (evt-1 is still dead-lettered)' });
    expect(queue.remaining().sort()).toEqual(['evt-1', 'evt-2']);
  });

  it('says more may be left when a purge of all stopped at maxMessages', async () => {
    const queue = fakeQueue(Array.from({ length: 10 }, (_, n) => dead(`evt-${n}`, n, 'A')));
    const report = await serviceBusDeadLetters(queue.client, queue.senders, 'checks', 'gate-evaluator', routed, { maxMessages: 4 }).purge({ all: true });
    expect(report).toMatchObject({ notFound: [], moreLeft: true });
    expect(report.purged).toHaveLength(4);
    expect(queue.remaining()).toHaveLength(6);
  });

  it("purges through ServiceBusBus from the subscription's dead-letter sub-queue", async () => {
    const data = fakeServiceBusClient();
    for (const [id, sequence] of [['evt-1', 1], ['evt-2', 2], ['evt-3', 3]] as const) data.addDeadLetter('conformance', 'narrow', id, sequence);
    const connectionString = 'Endpoint=sb://sb.local.test;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=not-a-real-key';
    const bus = new ServiceBusBus({ connectionString, topology: conformanceTopology }, { client: data.client, administrationClient: fakeNamespace().admin });
    try {
      let report: PurgeReport | undefined;
      const logged = await stderrLines(async () => (report = await bus.deadLetters('conformance', 'narrow').purge({ ids: ['evt-2'] })));
      expect(report).toEqual({ purged: [{ messageId: 'evt-2', reason: '' }], notFound: [] });
      expect(data.deadLetterIds('conformance', 'narrow').sort()).toEqual(['evt-1', 'evt-3']);
      expect(data.sent).toEqual([]);
      expect(logged).toEqual([purged('conformance/narrow', 'evt-2', '')]);
    } finally {
      await bus.close();
    }
  });
});

describe('serviceBusDeadLetters list of a resubmitted copy dead-lettered again', () => {
  it('shows the dead letter it was made from and its event type, not the routing subject', async () => {
    const copy = {
      messageId: 'evt-1#resubmit-41',
      sequenceNumber: Long.fromNumber(57),
      subject: 'resubmit:switchyard.build.completed.v1',
      deadLetterReason: 'BADGE_FIELD_MISSING',
      deliveryCount: 1,
      enqueuedTimeUtc: new Date('2026-01-02T10:00:00Z'),
      applicationProperties: { 'switchyard-resubmit-to': 'badge-renderer', 'switchyard-resubmitted-from': 'evt-1' },
      body: {},
    } as unknown as ServiceBusReceivedMessage;
    const receiver = { peekMessages: async (_max: number, options: PeekMessagesOptions = {}) => (options.fromSequenceNumber ? [] : [copy]), close: async () => undefined };
    const client = { createReceiver: () => receiver } as unknown as ServiceBusClient;
    const [listed] = await serviceBusDeadLetters(client, {} as SenderCache, 'builds', 'badge-renderer', routed).list();
    expect(listed).toMatchObject({ messageId: 'evt-1#resubmit-41', subject: 'switchyard.build.completed.v1', resubmittedFrom: 'evt-1', deliveryCount: 1 });
  });
});
