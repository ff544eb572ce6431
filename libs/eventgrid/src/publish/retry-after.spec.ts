import { retryAfterMs } from './retry-after';

// The shape of the SDK's RestError: response headers behind get(name), names in lower case.
const answered = (headers: Record<string, string>) => ({ response: { headers: { get: (name: string) => headers[name] } } });

describe('retryAfterMs', () => {
  it('reads Retry-After in seconds or as an HTTP date', () => {
    expect(retryAfterMs(answered({ 'retry-after': '3' }))).toBe(3_000);
    const now = Date.parse('2026-11-21T20:00:00Z');
    expect(retryAfterMs(answered({ 'retry-after': 'Sat, 21 Nov 2026 20:00:05 GMT' }), () => now)).toBe(5_000);
    expect(retryAfterMs(answered({ 'retry-after': 'Sat, 21 Nov 2026 19:59:00 GMT' }), () => now)).toBe(0);
  });

  it("prefers Azure's millisecond headers", () => {
    expect(retryAfterMs(answered({ 'retry-after-ms': '250', 'retry-after': '9' }))).toBe(250);
    expect(retryAfterMs(answered({ 'x-ms-retry-after-ms': '400' }))).toBe(400);
  });

  it('is undefined when there is no usable header or no response at all', () => {
    expect(retryAfterMs(answered({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(retryAfterMs(answered({ 'retry-after': '-1' }))).toBeUndefined();
    expect(retryAfterMs(answered({}))).toBeUndefined();
    expect(retryAfterMs(new Error('socket hang up'))).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });
});
