import { startEvaluatorHarness, type EvaluatorHarness } from './evaluator-harness';

jest.setTimeout(20_000);

// The request-only policies also work in callback mode: the evaluator decides from the kept headers and
// waits (re-evaluating) until a time window opens.
describe('build-reason and time-window in callback mode', () => {
  let h: EvaluatorHarness;
  let now = new Date('2026-11-24T07:59:59.900Z'); // Tuesday 08:59:59.9 in Berlin: the window opens at 09:00
  beforeAll(async () => {
    h = await startEvaluatorHarness(
      `policies:
  manual-only:    { type: build-reason, allowed: [Manual] }
  business-hours: { type: time-window, timezone: Europe/Berlin, days: [Mon, Tue, Wed, Thu], hours: "09:00-16:00", every: 100ms, timeout: 1m }
`,
      {},
      () => now,
    );
  });
  afterAll(async () => {
    await h.close();
  });

  it('decides build-reason from the BuildReason header the ingress kept', async () => {
    const manual = await h.requestCheck('manual-only', { headers: { buildreason: 'Manual' } });
    const ci = await h.requestCheck('manual-only', { headers: { buildreason: 'IndividualCI' } });
    expect((await h.waitForEvents(manual))[0].result).toBe('succeeded');
    expect((await h.waitForEvents(ci))[0].result).toBe('failed');
  });

  it('waits outside the window and approves once it opens', async () => {
    const ids = await h.requestCheck('business-hours');
    // Evaluated before the clock moves, however slow the machine: it waits, and decides nothing.
    await h.waitForLog(ids, 'Evaluation 1: waiting: It is Tue 2026-11-24 08:59 Europe/Berlin: outside the window 09:00-16:00');
    expect(h.plan(ids)?.events ?? []).toHaveLength(0);
    now = new Date('2026-11-24T08:00:00.000Z');
    const [event] = await h.waitForEvents(ids);
    expect(event.result).toBe('succeeded');
    const log = await h.waitForLog(ids, 'approved: It is Tue 2026-11-24 09:00 Europe/Berlin: inside the window 09:00-16:00');
    expect(log).toContain('waiting: It is Tue 2026-11-24 08:59 Europe/Berlin: outside the window 09:00-16:00');
  });
});
