import { createEvent } from '@switchyard/contracts';
import { ConformanceAlpha, conformanceTopology } from '../conformance/conformance-topology';
import { consumeEvents, on } from '../consumer/consume-events';
import type { PurgeReport } from '../dead-letters/dead-letter.port';
import { PermanentError } from '../errors/permanent.error';
import { waitForDeadLetter } from '../testing/wait-for-dead-letter';
import { EmbeddedBus } from './embedded-bus';

const event = (n: number) => createEvent(ConformanceAlpha, { source: 'urn:test', data: { run: 'dead-letters', n, token: 'body-secret' } });

describe('EmbeddedBus dead letters: resubmit and purge', () => {
  let bus: EmbeddedBus;
  let clock: number;
  const seen: string[] = [];

  beforeEach(async () => {
    clock = Date.parse('2026-03-01T10:00:00.000Z');
    seen.length = 0;
    bus = new EmbeddedBus({ topology: conformanceTopology, now: () => clock, onDropped: () => undefined });
    await consumeEvents(bus, { topic: 'conformance', subscription: 'narrow' }, [
      on(ConformanceAlpha, (e, ctx) => {
        seen.push(ctx.messageId);
        throw new PermanentError('TEST.REFUSED', `refused ${e.data.n}`);
      }),
    ]);
  });
  afterEach(() => bus.close());

  async function deadLetter(...events: ReturnType<typeof event>[]) {
    for (const e of events) {
      await bus.publisher.publish(e);
      await waitForDeadLetter(bus, 'conformance', 'narrow', { messageId: e.id });
    }
  }

  it('resubmits a copy as a new message, as Service Bus does: dead-lettered again, it shows its own id, when it was resubmitted and where it came from', async () => {
    const original = event(1);
    await deadLetter(original);
    const queue = bus.deadLetters('conformance', 'narrow');
    expect(await queue.list()).toEqual([expect.objectContaining({ messageId: original.id, enqueuedTime: new Date(clock), deliveryCount: 1 })]);
    expect((await queue.list())[0]).not.toHaveProperty('resubmittedFrom');

    clock += 3_600_000; // fixed an hour later
    expect(await queue.resubmit([original.id])).toBe(1);
    const copyId = `${original.id}#resubmit-1`;
    const again = await waitForDeadLetter(bus, 'conformance', 'narrow', { messageId: copyId });
    expect(again).toMatchObject({
      subject: ConformanceAlpha.type,
      reason: 'TEST.REFUSED',
      enqueuedTime: new Date('2026-03-01T11:00:00.000Z'),
      deliveryCount: 1,
      resubmittedFrom: original.id,
      body: expect.objectContaining({ id: original.id }),
    });
    expect((await queue.list()).map((d) => d.messageId)).toEqual([copyId]);
    expect(seen).toEqual([original.id, copyId]);
  });

  it('purges the dead letters with the given ids, reporting id and reason of each and the ids it did not find, logging each without the body', async () => {
    const [first, second, third] = [event(1), event(2), event(3)];
    await deadLetter(first, second, third);
    const queue = bus.deadLetters('conformance', 'narrow');
    const lines: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => (lines.push(String(chunk)), true));
    let report: PurgeReport;
    try {
      report = await queue.purge({ ids: [second.id, 'gone'] });
    } finally {
      spy.mockRestore();
    }
    expect(report).toEqual({ purged: [{ messageId: second.id, reason: 'TEST.REFUSED' }], notFound: ['gone'] });
    expect((await queue.list()).map((d) => d.messageId)).toEqual([first.id, third.id]);
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ event: 'messaging.dead-letter.purged', subscription: 'conformance/narrow', messageId: second.id, reason: 'TEST.REFUSED' }),
    ]);
    expect(lines.join('')).not.toContain('body-secret');
    // Purged is gone: it cannot be resubmitted.
    expect(await queue.resubmit([second.id])).toBe(0);
  });

  it('purges every dead letter only with all: true, and refuses a selection that names none, removing nothing', async () => {
    await deadLetter(event(1), event(2));
    const queue = bus.deadLetters('conformance', 'narrow');
    for (const selection of [{}, { ids: [] }, undefined]) {
      await expect(queue.purge(selection as never)).rejects.toThrow('purge needs { ids: [<message id>, ...] } (at least one) or { all: true }');
    }
    expect(await queue.list()).toHaveLength(2);
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await expect(queue.purge({ all: true })).resolves.toMatchObject({ purged: [expect.anything(), expect.anything()], notFound: [] });
    } finally {
      spy.mockRestore();
    }
    expect(await queue.list()).toEqual([]);
  });
});
