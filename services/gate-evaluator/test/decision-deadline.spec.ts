import { overrideBus, type Bus, type Receiver } from '@switchyard/messaging';
import { waitFor } from '@switchyard/messaging/testing';
import { CMDLINE_TASK, seedBuild, startEvaluatorHarness, type EvaluatorHarness } from './evaluator-harness';

const policies = `policies:
  require-cmdline: { type: required-task, taskId: ${CMDLINE_TASK} }
`;

const seed = (h: EvaluatorHarness) =>
  seedBuild(h.org, 100, [{ type: 'Task', name: 'CmdLine', state: 'completed', result: 'succeeded', task: { id: CMDLINE_TASK.toLowerCase(), name: 'CmdLine', version: '2.0.0' } }]);

jest.setTimeout(20_000);

// A 400 ms share of the lock stands in for the 20 s one, so a slow answer can outlast it quickly.
describe('gate evaluator: decisions stay inside the message lock', () => {
  describe('a late decision with the lock still covering a decision retry', () => {
    let h: EvaluatorHarness;
    beforeAll(async () => {
      h = await startEvaluatorHarness(policies, { GATE_DECISION_DEADLINE_MS: '400' }, undefined, { busOptions: { lockDurationMs: 15_000 } });
      seed(h);
    });
    afterAll(async () => {
      await h.close();
    });

    it('is not posted: a decision retry posts it once, without evaluating again', async () => {
      h.ado.inject({ path: '/builds/100/timeline', method: 'GET', delayMs: 700, times: 1 });
      const ids = await h.requestCheck('require-cmdline', { buildId: '100' });

      const [event] = await h.waitForEvents(ids);
      expect(event).toMatchObject({ name: 'TaskCompleted', result: 'succeeded' });
      // Give a late first run the time to post too, if it were going to.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(h.ado.callsMatching(`/plans/${ids.planId}/events`, 'POST')).toHaveLength(1);
      // Evaluated once: the decision, not the evaluation, went to the next message.
      expect(h.ado.callsMatching('/builds/100/timeline', 'GET')).toHaveLength(1);
      expect(h.logLines.some((line) => line.includes('decision ready after the lock budget') && line.includes(ids.planId))).toBe(true);
      expect(await h.waitForLog(ids, 'approved')).toMatch(
        /Evaluation 1: the policy passed .* could not be posted yet \(attempt 1 of 3: GATE.LOCK_BUDGET_EXCEEDED: The evaluation took too long .*\n.*Evaluation 1: approved: .*\(decision delivered on attempt 2\)/,
      );
    });
  });

  describe('a decision ready after the lock ended', () => {
    let h: EvaluatorHarness;
    let tookOne: Promise<void>;
    beforeAll(async () => {
      // The test bus's 1 s lock: a read of 1.3 s outlasts it, and the bus redelivers the message while the
      // first replica still runs it. That replica takes no other message, so the redelivery and what
      // follows run on a second replica, which knows nothing of the first one's work.
      h = await startEvaluatorHarness(policies, { GATE_DECISION_DEADLINE_MS: '400' }, undefined, {
        wrapBus: (bus) => {
          const only = takesOneMessage(bus);
          tookOne = only.took;
          return only.bus;
        },
      });
      seed(h);
    });
    afterAll(async () => {
      await h.close();
    });

    it('is abandoned: the redelivery hands over to the next evaluation, which alone goes on (no decision retry beside it)', async () => {
      h.ado.inject({ path: '/builds/100/timeline', method: 'GET', delayMs: 1_300, times: 1 });
      const ids = await h.requestCheck('require-cmdline', { buildId: '100' });
      await tookOne;
      await h.startReplica();

      expect(await h.waitForLog(ids, 'Evaluation 2: approved')).not.toContain('could not be posted yet');
      // The first run comes back from its slow read with no lock left: it publishes nothing.
      const late = await waitFor(() => h.logLines.find((line) => line.includes('decision ready after the lock budget') && line.includes(ids.planId)), 'the late run to come back');
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(h.ado.callsMatching(`/plans/${ids.planId}/events`, 'POST')).toHaveLength(1);
      expect(h.ado.callsMatching('/builds/100/timeline', 'GET')).toHaveLength(2);
      // One chain: no decision retry beside evaluation 2.
      expect(h.busTraffic.filter((message) => message.includes(`"decide.${ids.planId}`.toLowerCase()))).toEqual([]);
      expect(late).toContain('too little of the message lock left');
    });
  });

  describe("a decision ready after the lock ended, on the message's last delivery", () => {
    let h: EvaluatorHarness;
    beforeAll(async () => {
      // One delivery: when the 1 s lock ends the bus dead-letters the message, nothing redelivers it.
      h = await startEvaluatorHarness(policies, { GATE_DECISION_DEADLINE_MS: '400' }, undefined, { busOptions: { maxDeliveryCount: 1 } });
      seed(h);
    });
    afterAll(async () => {
      await h.close();
    });

    it('goes to a decision retry anyway, which posts it: nothing else could continue the check', async () => {
      h.ado.inject({ path: '/builds/100/timeline', method: 'GET', delayMs: 1_300, times: 1 });
      const ids = await h.requestCheck('require-cmdline', { buildId: '100' });

      const [event] = await h.waitForEvents(ids);
      expect(event).toMatchObject({ name: 'TaskCompleted', result: 'succeeded' });
      expect(await h.waitForLog(ids, 'approved')).toMatch(/could not be posted yet \(attempt 1 of 3: GATE.LOCK_BUDGET_EXCEEDED: .*\n.*Evaluation 1: approved: .*\(decision delivered on attempt 2\)/);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(h.ado.callsMatching(`/plans/${ids.planId}/events`, 'POST')).toHaveLength(1);
      expect(h.logLines.some((line) => line.includes("on the message's last delivery") && line.includes(ids.planId))).toBe(true);
    });
  });
});

/** The bus as a replica sees it that takes one message and then no more (its publishes still go through). */
function takesOneMessage(bus: Bus): { bus: Bus; took: Promise<void> } {
  let took!: () => void;
  const taken = new Promise<void>((resolve) => {
    took = resolve;
  });
  const receivers: Receiver[] = [];
  const wrapped = overrideBus(bus, {
    // The bus belongs to the harness.
    close: async () => undefined,
    async receive(options, process) {
      const receiver = await bus.receive(options, (message) => {
        took();
        // Closing waits for the message in flight, so it is not awaited here.
        for (const open of receivers) void open.close();
        return process(message);
      });
      receivers.push(receiver);
      return receiver;
    },
  });
  return { bus: wrapped, took: taken };
}
