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
  });

  it('kills on a third request: the grace Azurite gets to save its database is cut short only when asked again', () => {
    const decide = stopRequests(clock);
    expect(decide('SIGINT')).toBe('drain');
    now = 1_000;
    expect(decide('SIGINT')).toBe('at-once');
    // The second Ctrl-C reaching us twice is still one.
    now = 1_040;
    expect(decide('SIGINT')).toBe('ignore');
    now = 1_500;
    expect(decide('SIGINT')).toBe('kill');
    now = 2_000;
    expect(decide('SIGTERM')).toBe('kill');
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
