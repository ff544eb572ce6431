import { stopAtOnceHint, stopRequests } from './stop-requests';

describe('stopRequests', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => (now = 0));

  it('drains on the first request, and stops at once when the user sends a signal again', () => {
    const decide = stopRequests(clock);
    expect(decide('SIGINT')).toBe('drain');
    now = 3_000;
    expect(decide('SIGINT')).toBe('at-once');
    expect(decide('SIGTERM')).toBe('at-once');
  });

  it('counts the same signal twice within 100 ms as one Ctrl-C (the terminal and a forwarding parent both send it)', () => {
    const decide = stopRequests(clock);
    expect(decide('SIGINT')).toBe('drain');
    now = 40;
    expect(decide('SIGINT')).toBe('ignore');
    // A person pressing Ctrl-C twice is slower than that.
    now = 250;
    expect(decide('SIGINT')).toBe('at-once');
  });

  it('never stops at once because the parent exited, and a signal after that parent exit still does', () => {
    const decide = stopRequests(clock);
    expect(decide('SIGINT')).toBe('drain');
    expect(decide()).toBe('ignore');
    const orphaned = stopRequests(clock);
    expect(orphaned()).toBe('drain');
    expect(orphaned('SIGINT')).toBe('at-once');
  });

  it('hints at stopping at once only when a signal the user can send again stopped the run', () => {
    expect(stopAtOnceHint('SIGINT')).toBe(' (Ctrl-C again to stop at once)');
    expect(stopAtOnceHint('SIGTERM')).toBe(' (SIGTERM again to stop at once)');
    expect(stopAtOnceHint()).toBe('');
  });
});
