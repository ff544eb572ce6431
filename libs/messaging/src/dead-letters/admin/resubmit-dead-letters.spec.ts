import type { DeadLetterQueue, ResubmitReport } from '../dead-letter.port';
import { resubmitDeadLetters } from './resubmit-dead-letters';

/** A queue whose resubmit run reports `report`; listing it fails, so resubmitting must not list. */
const queueReporting = (report: ResubmitReport): DeadLetterQueue => ({
  list: () => Promise.reject(new Error('resubmit must not read the queue')),
  resubmit: () => Promise.reject(new Error('resubmitAndReport says which ids were put back')),
  resubmitAndReport: async () => report,
  purge: () => Promise.reject(new Error('resubmit must not purge')),
});

describe('resubmitDeadLetters', () => {
  it('reports requested ids the run did not put back as not found when it saw the whole queue', async () => {
    const queue = queueReporting({ resubmitted: 1, resubmittedIds: ['a'], complete: true });
    await expect(resubmitDeadLetters(queue, 'checks/gate-evaluator', ['a', 'b'])).resolves.toEqual({ subscription: 'checks/gate-evaluator', resubmitted: 1, notFound: ['b'] });
  });

  it('reports them as not reached, never as not found, when the bounded run stopped early', async () => {
    const queue = queueReporting({ resubmitted: 1, resubmittedIds: ['a'], complete: false });
    await expect(resubmitDeadLetters(queue, 'checks/gate-evaluator', ['a', 'b'])).resolves.toEqual({
      subscription: 'checks/gate-evaluator',
      resubmitted: 1,
      notFound: [],
      notReached: ['b'],
    });
  });

  it('says why the run stopped when putting a copy back failed, with the ids it did not get to', async () => {
    const queue = queueReporting({ resubmitted: 1, resubmittedIds: ['a'], complete: false, stoppedBy: 'ServiceBusy: busy' });
    await expect(resubmitDeadLetters(queue, 'checks/gate-evaluator', ['a', 'b'])).resolves.toEqual({
      subscription: 'checks/gate-evaluator',
      resubmitted: 1,
      notFound: [],
      notReached: ['b'],
      stoppedBy: 'ServiceBusy: busy',
    });
    await expect(resubmitDeadLetters(queue, 'checks/gate-evaluator')).resolves.toMatchObject({ resubmitted: 1, stoppedBy: 'ServiceBusy: busy' });
  });

  it('has nothing to report missing when all were asked for, but says when the run stopped at its limit with more left', async () => {
    const whole = queueReporting({ resubmitted: 3, resubmittedIds: ['a', 'b', 'c'], complete: true });
    await expect(resubmitDeadLetters(whole, 'checks/gate-evaluator')).resolves.toEqual({ subscription: 'checks/gate-evaluator', resubmitted: 3, notFound: [] });
    const bounded = queueReporting({ resubmitted: 3, resubmittedIds: ['a', 'b', 'c'], complete: false });
    await expect(resubmitDeadLetters(bounded, 'checks/gate-evaluator')).resolves.toEqual({ subscription: 'checks/gate-evaluator', resubmitted: 3, notFound: [], moreLeft: true });
  });
});
