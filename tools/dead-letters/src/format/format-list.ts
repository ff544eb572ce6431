import type { DeadLetterView, SubscriptionDeadLetters } from '@switchyard/messaging';
import type { Page } from '../cli/parse-args';

const COLUMNS: { title: string; value: (d: DeadLetterView) => string }[] = [
  { title: 'ID', value: (d) => d.messageId },
  { title: 'TYPE', value: (d) => d.type ?? '-' },
  { title: 'REASON', value: (d) => d.reason || '-' },
  { title: 'ENQUEUED', value: (d) => d.enqueuedTime },
  { title: 'DELIVERIES', value: (d) => String(d.deliveryCount) },
  { title: 'LAST ERROR', value: (d) => d.lastError ?? '-' },
  { title: 'RESUBMITTED FROM', value: (d) => d.resubmittedFrom ?? '-' },
  { title: 'DESCRIPTION', value: (d) => oneLine(d.description) || '-' },
];

/**
 * One block per subscription: a heading with the count, then an aligned table (bodies below a row
 * with --show-body). A subscription with more dead letters than the page ends with the options
 * that list its next page.
 */
export function formatList(found: readonly SubscriptionDeadLetters[], page: Page = {}): string {
  const blocks = found.map(({ subscription, deadLetters, next }) => {
    const more = next === undefined ? '' : ' (more follow)';
    const heading = `${subscription}: ${deadLetters.length} dead letter${deadLetters.length === 1 ? '' : 's'}${more}`;
    if (deadLetters.length === 0) return `${heading}${nextPage(subscription, next, page)}`;
    const rows = deadLetters.map((d) => COLUMNS.map((column) => column.value(d)));
    const widths = COLUMNS.map((column, i) => Math.max(column.title.length, ...rows.map((row) => row[i].length)));
    const line = (cells: string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ');
    const lines = [heading, line(COLUMNS.map((c) => c.title))];
    deadLetters.forEach((d, i) => {
      lines.push(line(rows[i]));
      if ('body' in d) lines.push(indent(JSON.stringify(d.body, null, 2)));
    });
    return `${lines.join('\n')}${nextPage(subscription, next, page)}`;
  });
  const total = found.reduce((sum, s) => sum + s.deadLetters.length, 0);
  const more = found.some((s) => s.next !== undefined) ? '; more follow, see "next page" above' : '';
  return `${blocks.join('\n\n')}\n\n${total} dead letter${total === 1 ? '' : 's'} in ${found.length} subscription${found.length === 1 ? '' : 's'}${more}\n`;
}

function nextPage(subscription: string, next: string | undefined, page: Page): string {
  if (next === undefined) return '';
  const limit = page.limit === undefined ? '' : ` --limit ${page.limit}`;
  return `\nnext page: list --subscription ${subscription} --after ${next}${limit}`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}
