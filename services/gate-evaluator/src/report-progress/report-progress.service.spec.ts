import { Writable } from 'node:stream';
import type { CheckEvaluationData } from '@switchyard/contracts';
import { createLogger, createMetrics } from '@switchyard/observability';
import type { CheckSession } from '../evaluate-check/check-session.service';
import { GateMetrics } from '../metrics/gate-metrics';
import { ReportProgressService } from './report-progress.service';

const TOKEN = 'live-token-0123456789abcdef';
const check = {
  policy: 'p',
  planId: '5f6ef0f1-0d18-4a5e-9a41-2fd18e4d41a5',
  timelineId: '0a4f1d1c-4d55-4fd0-8a07-7b7e0c1f5e21',
  taskInstanceId: '8bd1a5b4-8c19-4e53-a3a6-8f5d5b7e0a33',
  requestedAt: '2026-11-21T10:00:00.000Z',
  evaluation: 1,
} as CheckEvaluationData;

describe('ReportProgressService', () => {
  it('goes on when the log and record calls fail, logging why (with the event it handled) without the AuthToken a server echoed', async () => {
    const logLines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, callback) {
        logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        callback();
      },
    });
    const echoing = async () => Promise.reject(Object.assign(new Error(`gateway refused Authorization: Bearer ${TOKEN}`), { code: 'GATEWAY' }));
    const session = {
      client: { createTaskLog: echoing, appendTaskLog: echoing, updateTimelineRecords: echoing },
      plan: { projectId: 'project', hubName: 'checks', planId: check.planId },
      secrets: [TOKEN],
    } as unknown as CheckSession;
    const service = new ReportProgressService(createLogger({ service: 't', level: 'info', destination }), new GateMetrics(createMetrics('t', { defaultMetrics: false })));

    await expect(service.report(session, check, { lines: ['Evaluation 1: waiting'], status: 'waiting', now: new Date(), origin: { eventId: 'check.e-1', correlationId: 'check.c-1' } })).resolves.toBeUndefined();
    expect(logLines.length).toBeGreaterThanOrEqual(2);
    for (const line of logLines) {
      expect(JSON.parse(line)).toMatchObject({
        msg: 'could not update the check log or record; the evaluation goes on',
        code: 'GATEWAY',
        reason: expect.stringContaining('***'),
        // docs/observability.md, "Log correlation": every line of one event names it.
        eventId: 'check.e-1',
        correlationId: 'check.c-1',
      });
    }
    expect(logLines.join('\n')).not.toContain(TOKEN);
  });
});
