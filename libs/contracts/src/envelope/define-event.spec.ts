import { z } from 'zod';
import { createEvent, defineEvent, isValidatedEvent } from './define-event';

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

  it('carries the correlation id, trace context, subject and metadata it is given', () => {
    const fields = {
      source: 'urn:test',
      subject: 'builds/7',
      correlationId: 'hook-41',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      tracestate: 'vendor=1',
      metadata: { hookKeyName: 'primary' },
      data: { name: 'x' },
    };
    const event = createEvent(Sample, fields);
    expect(event).toMatchObject({ subject: 'builds/7', correlationId: 'hook-41', traceparent: fields.traceparent, tracestate: 'vendor=1', metadata: { hookKeyName: 'primary' } });
    expect(event.id).not.toBe('hook-41');
  });

  it('refuses data that does not fit the contract', () => {
    expect(() => createEvent(Sample, { source: 'urn:test', data: { name: 1 } as never })).toThrow();
  });
});

describe('isValidatedEvent (publishers skip re-validating what createEvent checked)', () => {
  const Other = defineEvent({ type: 'switchyard.sample.v1', topic: 'samples', description: 'Same type, other schema.', data: z.object({ n: z.number() }) });

  it('is true for the very envelope createEvent built, for that contract only', () => {
    const event = createEvent(Sample, { source: 'urn:test', data: { name: 'x' }, metadata: { k: 'v' } });
    expect(isValidatedEvent(event, Sample)).toBe(true);
    expect(isValidatedEvent(event, Other)).toBe(false);
    expect(isValidatedEvent({ ...event }, Sample)).toBe(false);
    expect(isValidatedEvent(JSON.parse(JSON.stringify(event)), Sample)).toBe(false);
  });

  it.each([
    ['an id longer than 128 characters', { id: 'x'.repeat(129) }],
    ['an empty source', { source: '' }],
    ['an empty correlationId', { correlationId: '' }],
    ['a malformed traceparent', { traceparent: 'not-a-traceparent' }],
    ['non-string metadata', { metadata: { n: 1 } as unknown as Record<string, string> }],
    ['a time string (left to the full check)', { time: '2024-01-01T00:00:00Z' }],
    ['a time beyond year 9999', { time: new Date('+010000-01-01T00:00:00Z') }],
  ])('is false when the envelope has %s, so the publisher validates it whole', (_, fields) => {
    const event = createEvent(Sample, { source: 'urn:test', data: { name: 'x' }, ...fields });
    expect(isValidatedEvent(event, Sample)).toBe(false);
  });
});
