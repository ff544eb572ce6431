import type { EventEnvelope } from '@switchyard/contracts';
import { outcomeEnvelope } from '../../test/outcome-envelope';
import { forwardOutcomes } from './forward-outcomes';
import { NoopOutcomePublisher } from './noop-outcome-publisher';

class RecordingOutcomes extends NoopOutcomePublisher {
  readonly sent: string[] = [];
  override publish(event: EventEnvelope): void {
    this.sent.push(event.id);
  }
}

describe('forwardOutcomes', () => {
  it('forwards outcome types after the bus accepted them, and nothing else', async () => {
    const bus = { publish: jest.fn(async (_event: EventEnvelope, _options?: { timeoutMs?: number }) => undefined) };
    const outcomes = new RecordingOutcomes();
    const publisher = forwardOutcomes(bus, outcomes, ['switchyard.badge.rendered.v1']);

    await publisher.publish(outcomeEnvelope('o1'), { timeoutMs: 5 });
    await publisher.publish(outcomeEnvelope('x1', { type: 'azure-devops.build.completed.v1' }));

    expect(bus.publish).toHaveBeenCalledWith(expect.objectContaining({ id: 'o1' }), { timeoutMs: 5 });
    expect(outcomes.sent).toEqual(['o1']);
  });

  it('does not announce an outcome the bus refused, and passes the bus error on', async () => {
    const refused = new Error('bus unavailable');
    const outcomes = new RecordingOutcomes();
    const publisher = forwardOutcomes({ publish: async (_event: EventEnvelope) => Promise.reject(refused) }, outcomes, ['switchyard.badge.rendered.v1']);

    await expect(publisher.publish(outcomeEnvelope('o2'))).rejects.toBe(refused);
    expect(outcomes.sent).toEqual([]);
  });
});
