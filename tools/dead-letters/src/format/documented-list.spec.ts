import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeadLetterView, SubscriptionDeadLetters } from '@switchyard/messaging';
import { markdownCodeBlocks } from '@switchyard/testing';
import { formatList } from './format-list';

const observability = readFileSync(join(__dirname, '../../../../docs/observability.md'), 'utf8');

/** The example `list` output in docs/observability.md: the code block that begins with a subscription heading. */
function documentedExample(): string {
  const block = markdownCodeBlocks(observability).find((text) => /^[a-z-]+\/[a-z-]+: \d+ dead letters?\n/.test(text));
  if (block === undefined) throw new Error('docs/observability.md has no example of the list output');
  return block;
}

/** The subscriptions the example shows, read back from its headings and rows ("-" is an absent value). */
function subscriptionsShown(example: string): SubscriptionDeadLetters[] {
  return example
    .trimEnd()
    .split('\n\n')
    .slice(0, -1)
    .map((block) => {
      const [heading, header, ...rows] = block.split('\n');
      const titles = header === undefined ? [] : header.split(/\s{2,}/);
      const deadLetters = rows.map((row) => {
        const cell = (title: string) => row.split(/\s{2,}/)[titles.indexOf(title)];
        const optional = (title: string) => (cell(title) === '-' ? undefined : cell(title));
        const view: DeadLetterView = {
          messageId: cell('ID'),
          type: cell('TYPE'),
          reason: cell('REASON'),
          enqueuedTime: cell('ENQUEUED'),
          deliveryCount: Number(cell('DELIVERIES')),
          description: cell('DESCRIPTION'),
          ...(optional('LAST ERROR') !== undefined && { lastError: optional('LAST ERROR') }),
          ...(optional('RESUBMITTED FROM') !== undefined && { resubmittedFrom: optional('RESUBMITTED FROM') }),
        };
        return view;
      });
      return { subscription: heading.slice(0, heading.indexOf(':')), deadLetters };
    });
}

describe('the example list output in docs/observability.md', () => {
  it('is what the CLI prints for those dead letters, every column included', () => {
    const example = documentedExample();
    expect(formatList(subscriptionsShown(example))).toBe(example);
  });
});
