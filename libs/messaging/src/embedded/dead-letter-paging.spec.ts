import { createEvent } from '@switchyard/contracts';
import { ConformanceAlpha, conformanceTopology } from '../conformance/conformance-topology';
import { consumeEvents, on } from '../consumer/consume-events';
import type { DeadLetterPage, DeadLetterQueue } from '../dead-letters/dead-letter.port';
import { InvalidDeadLetterPageError } from '../dead-letters/invalid-dead-letter-page.error';
import { PermanentError } from '../errors/permanent.error';
import { waitFor } from '../testing/wait-for';
import { EmbeddedBus } from './embedded-bus';

const event = (n: number) => createEvent(ConformanceAlpha, { source: 'urn:test', data: { run: 'paging', n } });

/** Every page from the start, following `next` until a page has none. */
async function allPages(queue: DeadLetterQueue, limit: number): Promise<DeadLetterPage[]> {
  const pages: DeadLetterPage[] = [];
  let after: string | undefined;
  do {
    const page = await queue.list({ limit, after });
    pages.push(page);
    after = page.next;
  } while (after !== undefined && pages.length < 100);
  return pages;
}

describe('EmbeddedBus dead letters, listed in pages', () => {
  let bus: EmbeddedBus;
  let queue: DeadLetterQueue;
  afterEach(() => bus.close());

  /** `count` dead letters on conformance/narrow, in publish order; returns their ids. */
  async function deadLetter(count: number): Promise<string[]> {
    // conformance/wide takes the events too and has no consumer: its queue is dropped on close, as expected.
    bus = new EmbeddedBus({ topology: conformanceTopology, onDropped: () => undefined });
    queue = bus.deadLetters('conformance', 'narrow');
    await consumeEvents(bus, { topic: 'conformance', subscription: 'narrow', concurrency: 1 }, [
      on(ConformanceAlpha, () => {
        throw new PermanentError('TEST.REFUSED', 'refused');
      }),
    ]);
    const ids: string[] = [];
    for (let n = 0; n < count; n++) {
      const published = event(n);
      ids.push(published.id);
      await bus.publisher.publish(published);
    }
    await waitFor(async () => ((await allPages(queue, 1000)).flat().length === count ? true : undefined), `${count} dead letters`);
    return ids;
  }

  it('lists 250 dead letters in pages of 100, 100 and 50: each once, oldest first, no cursor on the last page', async () => {
    const ids = await deadLetter(250);
    const pages = await allPages(queue, 100);
    expect(pages.map((page) => page.length)).toEqual([100, 100, 50]);
    expect(pages.flat().map((d) => d.messageId)).toEqual(ids);
    expect(pages[0].next).toEqual(expect.any(String));
    expect('next' in pages[2]).toBe(false);
  });

  it('gives no cursor when the last page is exactly full, and 100 dead letters when no limit is given', async () => {
    await deadLetter(200);
    expect((await allPages(queue, 100)).map((page) => [page.length, page.next === undefined])).toEqual([
      [100, false],
      [100, true],
    ]);
    expect(await queue.list()).toHaveLength(100);
  });

  it('keeps a cursor valid while dead letters of earlier pages are resubmitted', async () => {
    const ids = await deadLetter(5);
    const first = await queue.list({ limit: 2 });
    expect(await queue.resubmit([ids[0], ids[1]])).toBe(2);
    const second = await queue.list({ limit: 2, after: first.next });
    expect(second.map((d) => d.messageId)).toEqual([ids[2], ids[3]]);
  });

  it.each([
    [{ limit: 1001 }, 'limit', '"limit" must be a whole number from 1 to 1000 (got 1001)'],
    [{ limit: 0 }, 'limit', 'from 1 to 1000'],
    [{ limit: 2.5 }, 'limit', 'from 1 to 1000'],
    [{ after: 'page-2' }, 'after', '"after" must be the "next" cursor of a previous page'],
    [{ after: '-1' }, 'after', '"next" cursor'],
    [{ after: '9223372036854775808' }, 'after', '"next" cursor'],
  ])('refuses %j, naming the option', async (options, parameter, message) => {
    await deadLetter(1);
    const refused = queue.list(options);
    await expect(refused).rejects.toBeInstanceOf(InvalidDeadLetterPageError);
    await expect(refused).rejects.toMatchObject({ code: 'MESSAGING.INVALID_PAGE', parameter, message: expect.stringContaining(message) });
  });

  it('reports which ids a resubmit put back; the run always sees the whole queue', async () => {
    const ids = await deadLetter(3);
    await expect(queue.resubmitAndReport([ids[2], 'no-such-id'])).resolves.toEqual({ resubmitted: 1, resubmittedIds: [ids[2]], complete: true });
  });
});
