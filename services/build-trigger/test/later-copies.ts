import type { Bus } from '@switchyard/messaging';

/** A rules file with one rule, app-on-lib-merge, queueing `target` (a YAML flow mapping) on every merge. */
export const rulesFor = (target: string) => `
rules:
  - name: app-on-lib-merge
    when: { event: pullrequest.merged }
    queue:
      - ${target}
`;

/** app-ci in Fabrikam, with the merged commit as its libCommit parameter. */
export const appCi = rulesFor('{ project: Fabrikam, definition: app-ci, parameters: { libCommit: "${pr.lastMergeCommit}" } }');

/** A later copy of a slot (`#later-n`) as it was published: when it asked to be delivered, and its metadata. */
export interface AskedLater {
  id: string;
  inMs: number;
  metadata?: Record<string, string>;
}

/** Records when each later copy asked to be delivered, and delivers it at once (a test cannot wait half an hour). */
export function timeWarp(asked: AskedLater[]) {
  return (bus: Bus) => {
    const publish = bus.publisher.publish.bind(bus.publisher);
    bus.publisher.publish = async (event, options) => {
      if (!event.id.includes('#later-') || !options?.scheduledEnqueueTime) return publish(event, options);
      asked.push({ id: event.id, inMs: options.scheduledEnqueueTime.getTime() - Date.now(), metadata: event.metadata });
      return publish(event, { ...options, scheduledEnqueueTime: new Date(Date.now() + 20) });
    };
    return bus;
  };
}
