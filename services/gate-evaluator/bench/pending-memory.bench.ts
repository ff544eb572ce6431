// Memory of the gate evaluator with 10,000 checks pending re-evaluation. The claim: the evaluator keeps
// no per-check state; a pending check is one scheduled message on the bus. Measured in one process:
//   A. heap growth of [evaluator + embedded bus] while 10,000 checks are evaluated once and rescheduled;
//   B. heap growth of a bare embedded bus holding the same 10,000 scheduled messages (the bus's share);
//   A - B is what the evaluator itself holds per pending check.
// Run: node --expose-gc -r @swc-node/register services/gate-evaluator/bench/pending-memory.bench.ts
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AzureDevOpsTestServer } from '@switchyard/azure-devops/test-server';
import { CheckReevaluationDue, CheckRequested, createEvent, Topics, type EventEnvelope } from '@switchyard/contracts';
import { checkKeyOf, generateTokenKey, sealToken, tokenContextOf, tokenKeyRingFromEnv } from '@switchyard/gates';
import { defaultTopology, EmbeddedBus } from '@switchyard/messaging';
import { waitFor } from '@switchyard/messaging/testing';
import { createLogger } from '@switchyard/observability';
import { startGateEvaluator } from '../src/start-gate-evaluator';

const CHECKS = Number(process.env['BENCH_CHECKS'] ?? 10_000);
const FIRST = Math.round(CHECKS / 5);
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

const newIds = () => ({ planId: randomUUID(), jobId: randomUUID(), timelineId: randomUUID(), taskInstanceId: randomUUID() });

function checkEvent(type: 'requested' | 'due', orgUrl: string, projectId: string, sealKeys: ReturnType<typeof tokenKeyRingFromEnv>, ids = newIds()): EventEnvelope {
  const check = { planUrl: orgUrl, projectId, hubName: 'checks', ...ids };
  const data = {
    policy: 'business-hours',
    ...check,
    // Each pipeline run has its own token.
    sealedAuthToken: sealToken(`token-${randomUUID()}-${'x'.repeat(800)}`, sealKeys, tokenContextOf(check)),
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
  // The same traffic as A: each check's request (its id is remembered for duplicate detection; with no
  // subscriber taking it, the message itself is dropped) and its re-evaluation scheduled in an hour.
  // The bench may hold more pending checks than the embedded bus's default cap per subscription.
  const maxMessagesPerSubscription = 10_000_000;
  const bare = new EmbeddedBus({
    maxMessagesPerSubscription,
    topology: { contracts: defaultTopology().contracts, subscriptions: [{ topic: Topics.checks, name: 'gate-evaluator', eventTypes: [CheckReevaluationDue.type] }] },
  });
  const inAnHour = new Date(Date.now() + 3_600_000);
  const busHeap = [await heapUsed()];
  for (const count of [FIRST, CHECKS - FIRST]) {
    for (let i = 0; i < count; i++) {
      const ids = newIds();
      await bare.publisher.publish(checkEvent('requested', orgUrl, projectId, keys, ids));
      await bare.publisher.publish(checkEvent('due', orgUrl, projectId, keys, ids), { scheduledEnqueueTime: inAnHour });
    }
    busHeap.push(await heapUsed());
  }
  await bare.close();

  // A. evaluator + bus: every check evaluated once (4 Azure DevOps calls: read the check's record, create
  // the log, append to it, update the record), then rescheduled an hour later
  const bus = new EmbeddedBus({ maxMessagesPerSubscription });
  let evaluator: Awaited<ReturnType<typeof startGateEvaluator>> | undefined = await startGateEvaluator({
    bus,
    env: { GATE_POLICIES_FILE: join(dir, 'gates.yaml'), GATE_TOKEN_KEY: tokenKey, ALLOWED_ORG_URLS: orgUrl, GATE_CONCURRENCY: '32' },
    logger: createLogger({ service: 'gate-evaluator', level: 'warn' }),
  });
  const fullHeap = [await heapUsed()];
  const started = Date.now();
  let published = 0;
  let calls = 0;
  for (const count of [FIRST, CHECKS - FIRST]) {
    for (let i = 0; i < count; i++) await bus.publisher.publish(checkEvent('requested', orgUrl, projectId, keys));
    published += count;
    await waitFor(() => (bus.scheduledCount >= published ? true : undefined), `${published} scheduled re-evaluations`, 900_000);
    // The test server's own records (calls, logs) live in this process too: drop them before measuring.
    calls += ado.calls.length;
    ado.clearCalls();
    ado.org('fabrikam').plans.clear();
    fullHeap.push(await heapUsed());
  }
  const seconds = (Date.now() - started) / 1000;
  await evaluator.close();
  evaluator = undefined;
  // The bus still holds every pending check: what closing the evaluator freed is what it held.
  const released = fullHeap[2] - (await heapUsed());
  await bus.close();
  await ado.close();

  const a = fullHeap[2] - fullHeap[0];
  const b = busHeap[2] - busHeap[0];
  // Growth from FIRST to CHECKS pending: fixed costs (code, bounded caches) are already paid by then.
  const aMarginal = (fullHeap[2] - fullHeap[1]) / (CHECKS - FIRST);
  const bMarginal = (busHeap[2] - busHeap[1]) / (CHECKS - FIRST);
  console.log(`${CHECKS} checks evaluated once and rescheduled in ${seconds.toFixed(1)} s (${(CHECKS / seconds).toFixed(0)} evaluations/s, ${(calls / CHECKS).toFixed(1)} Azure DevOps calls each), node ${process.version}`);
  console.log(`A  evaluator + embedded bus, heap growth for ${CHECKS} pending: ${mb(a)}; per extra pending check (${FIRST}→${CHECKS}): ${aMarginal.toFixed(0)} bytes`);
  console.log(`B  embedded bus alone, same traffic (${CHECKS} requests + ${CHECKS} scheduled re-evaluations): ${mb(b)}; per extra message: ${bMarginal.toFixed(0)} bytes`);
  console.log(`A - B  the evaluator's own share: ${mb(a - b)} in total (fixed: code, metrics, ≤100 cached Azure DevOps connections), ${(aMarginal - bMarginal).toFixed(0)} bytes per extra pending check; A/B per check ×${(aMarginal / bMarginal).toFixed(2)}`);
  console.log(`C  heap freed by closing and dropping the evaluator (Nest app, Azure DevOps client and caches) while the bus keeps the ${CHECKS} pending checks: ${mb(released)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
