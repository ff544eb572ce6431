import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  const options = { baseMs: 100, maxMs: 1_000 };

  it('doubles per attempt between half and all of the ceiling', () => {
    expect(backoffDelay(1, options, () => 0)).toBe(50);
    expect(backoffDelay(1, options, () => 1)).toBe(100);
    expect(backoffDelay(3, options, () => 1)).toBe(400);
  });

  it('never exceeds the maximum', () => {
    expect(backoffDelay(30, options, () => 1)).toBe(1_000);
  });
});
