// Memory of the gate evaluator with 10,000 checks pending re-evaluation. The claim: the evaluator keeps
// no per-check state; a pending check is one scheduled message on the bus. Measured in one process:
//   A. heap growth of [evaluator + embedded bus] while 10,000 checks are evaluated once and rescheduled;
//   B. heap growth of a bare embedded bus holding the same 10,000 scheduled messages (the bus's share);
//   A - B is what the evaluator itself holds per pending check.
// Run: SWC_NODE_PROJECT=tsconfig.base.json node --expose-gc -r @swc-node/register services/gate-evaluator/bench/pending-memory.bench.ts
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AzureDevOpsTestServer } from '@switchyard/azure-devops/test-server';
import { CheckReevaluationDue, CheckRequested, createEvent, type EventEnvelope } from '@switchyard/contracts';
import { checkKeyOf, generateTokenKey, sealToken, tokenContextOf, tokenKeyRingFromEnv } from '@switchyard/gates';
import { EmbeddedBus } from '@switchyard/messaging';
import { waitFor } from '@switchyard/messaging/testing';
import { createLogger } from '@switchyard/observability';
import { startGateEvaluator } from '../src/start-gate-evaluator';

const CHECKS = Number(process.env['BENCH_CHECKS'] ?? 10_000);
const gc = (globalThis as { gc?: () => void }).gc;

async function heapUsed(): Promise<number> {
  if (!gc) throw new Error('run with node --expose-gc');
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function checkEvent(type: 'requested' | 'due', orgUrl: string, projectId: string, sealKeys: ReturnType<typeof tokenKeyRingFromEnv>): EventEnvelope {
  const ids = { planId: randomUUID(), jobId: randomUUID(), timelineId: randomUUID(), taskInstanceId: randomUUID() };
  const data = {
    policy: 'business-hours',
    planUrl: orgUrl,
    projectId,
    hubName: 'checks',
    ...ids,
    // Each pipeline run has its own token.
    sealedAuthToken: sealToken(`token-${randomUUID()}-${'x'.repeat(800)}`, sealKeys, tokenContextOf(ids)),
    headers: {},
    requestedAt: new Date().toISOString(),
    evaluation: type === 'requested' ? 1 : 2,
    ...(type === 'due' && { logId: 1, firstEvaluatedAt: new Date().toISOString(), state: {} }),
  };
  return type === 'requested'
    ? createEvent(CheckRequested, { id: `check.${checkKeyOf(ids)}`, source: '/bench', data })
    : createEvent(CheckReevaluationDue, { id: `eval.${checkKeyOf(ids)}.2`, source: '/bench', data });
}

async function main(): Promise<void> {
  const ado = await AzureDevOpsTestServer.start();
  const orgUrl = ado.orgUrl('fabrikam');
  const projectId = ado.org('fabrikam').addProject('Fabrikam').id;
  const dir = mkdtempSync(join(tmpdir(), 'pending-bench-'));
  // A window that is always closed (freeze over the whole period): every check waits an hour.
  writeFileSync(join(dir, 'gates.yaml'), 'policies:\n  business-hours: { type: time-window, timezone: UTC, freeze: ["2000-01-01/2999-12-31"], every: 1h, timeout: 2d }\n');
  const tokenKey = generateTokenKey();
  const keys = tokenKeyRingFromEnv({ GATE_TOKEN_KEY: tokenKey });

  // B (first, on a fresh heap). the bus alone, holding the same number of scheduled re-evaluation messages
  const bare = new EmbeddedBus();
  const bareBefore = await heapUsed();
  const inAnHour = new Date(Date.now() + 3_600_000);
  for (let i = 0; i < CHECKS; i++) await bare.publisher.publish(checkEvent('due', orgUrl, projectId, keys), { scheduledEnqueueTime: inAnHour });
  const busOnly = (await heapUsed()) - bareBefore;
  await bare.close();
  // A. evaluator + bus
  const bus = new EmbeddedBus();
  const evaluator = await startGateEvaluator({
    bus,
    env: { GATE_POLICIES_FILE: join(dir, 'gates.yaml'), GATE_TOKEN_KEY: tokenKey, ALLOWED_ORG_URLS: orgUrl, GATE_CONCURRENCY: '32' },
    logger: createLogger({ service: 'gate-evaluator', level: 'warn' }),
  });
  const before = await heapUsed();
  const started = Date.now();
  for (let i = 0; i < CHECKS; i++) await bus.publisher.publish(checkEvent('requested', orgUrl, projectId, keys));
  await waitFor(() => (bus.scheduledCount >= CHECKS ? true : undefined), `${CHECKS} scheduled re-evaluations`, 600_000);
  const seconds = (Date.now() - started) / 1000;
  // The test server's own records (calls, logs) live in this process too: drop them before measuring.
  ado.clearCalls();
  ado.org('fabrikam').plans.clear();
  const after = await heapUsed();
  const withEvaluator = after - before;
  await evaluator.close();
  await bus.close();

  await ado.close();

  console.log(`${CHECKS} checks evaluated once and rescheduled in ${seconds.toFixed(1)} s (${(CHECKS / seconds).toFixed(0)} evaluations/s incl. 3 Azure DevOps calls each), node ${process.version}`);
  console.log(`A  evaluator + embedded bus, heap growth: ${mb(withEvaluator)} (${(withEvaluator / CHECKS / 1024).toFixed(2)} KB per pending check)`);
  console.log(`B  embedded bus alone with ${CHECKS} scheduled messages: ${mb(busOnly)} (${(busOnly / CHECKS / 1024).toFixed(2)} KB per message)`);
  console.log(`A - B  held by the evaluator: ${mb(withEvaluator - busOnly)} (${((withEvaluator - busOnly) / CHECKS).toFixed(0)} bytes per pending check); ratio A/B ×${(withEvaluator / busOnly).toFixed(2)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
