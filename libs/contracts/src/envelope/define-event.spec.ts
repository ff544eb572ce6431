import { z } from 'zod';
import { createEvent, defineEvent } from './define-event';

const Sample = defineEvent({
  type: 'switchyard.sample.v1',
  topic: 'samples',
  description: 'A sample event.',
  data: z.object({ name: z.string() }),
});

describe('createEvent', () => {
  it('builds an envelope that its own contract accepts', () => {
    const event = createEvent(Sample, { source: 'urn:test', data: { name: 'x' } });
    expect(Sample.envelope.parse(event)).toEqual(event);
    expect(event.correlationId).toBe(event.id);
    expect(event.type).toBe('switchyard.sample.v1');
  });

  it('refuses data that does not fit the contract', () => {
    expect(() => createEvent(Sample, { source: 'urn:test', data: { name: 1 } as never })).toThrow();
  });
});
