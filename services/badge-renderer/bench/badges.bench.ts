// Benchmark (not a test): 1,000 deployment hooks through the local all-in-one run at 50 hooks/s.
// Prints hook → badge-stored latency (from the POST to the renderer's "badges stored" log line) and
// the renderer's badge drawing (memoized badge-maker + Shields JSON) vs raw badge-maker on the same
// badges, both measured in this run.
//
// Run: SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register services/badge-renderer/bench/badges.bench.ts
//      (or: NX_DAEMON=false npx nx run badge-renderer:bench)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { makeBadge } from 'badge-maker';
import { BadgeDrawing, shieldsEndpointJson } from '../src/badge-render/badge-drawing';
import { appearanceOf } from '../src/badge-model/status-appearance';

const HOOKS = Number(process.env['BENCH_HOOKS'] ?? 1000);
const RATE_PER_SECOND = Number(process.env['BENCH_RATE'] ?? 50);
const ENVIRONMENTS = 20;
const ROOT = resolve(__dirname, '..', '..', '..');
const HOOK_SECRET = 'bench-secret-0123456789abcdef';
const statuses = ['succeeded', 'succeeded', 'succeeded', 'failed', 'partiallySucceeded', 'canceled'];

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

interface Hook {
  id: string;
  environment: string;
  release: string;
  status: string;
  body: string;
}

function hooks(): Hook[] {
  return Array.from({ length: HOOKS }, (_, i) => {
    const deploymentId = 5000 + i;
    const environment = `env-${String((i % ENVIRONMENTS) + 1).padStart(2, '0')}`;
    const release = `Release-${Math.floor(i / ENVIRONMENTS) + 1}`;
    const status = statuses[(i * 7) % statuses.length] as string;
    const id = `bench-${process.pid}-${deploymentId}`;
    const definition = { id: 3, name: 'Web.CD' };
    const payload = {
      id,
      eventType: 'ms.vss-release.deployment-completed-event',
      publisherId: 'rm',
      createdDate: new Date().toISOString(),
      resource: {
        deployment: {
          id: deploymentId,
          attempt: 1,
          deploymentStatus: status,
          releaseDefinition: definition,
          release: { id: 900 + Math.floor(i / ENVIRONMENTS), name: release },
          releaseEnvironment: { id: 100 + (i % ENVIRONMENTS), name: environment },
          definitionEnvironmentId: (i % ENVIRONMENTS) + 1,
          startedOn: new Date().toISOString(),
          completedOn: new Date().toISOString(),
        },
        environment: { id: 100 + (i % ENVIRONMENTS), name: environment, status, definitionEnvironmentId: (i % ENVIRONMENTS) + 1 },
        project: { id: 'p-1', name: 'Fabrikam' },
      },
      resourceContainers: { account: { id: 'a-1', baseUrl: 'https://dev.azure.com/fabfiber/' } },
    };
    return { id, environment, release, status, body: JSON.stringify(payload) };
  });
}

async function startAllInOne(dataDir: string, port: number) {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'services/all-in-one/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      SWC_NODE_PROJECT: 'tsconfig.base.json',
      PORT: String(port),
      SWITCHYARD_DATA_DIR: dataDir,
      HOOK_KEYS: `bench:${HOOK_SECRET}`,
      BUS: 'embedded',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stored = new Map<string, number>();
  const listeners: (() => void)[] = [];
  let ready: (line: string) => void = () => undefined;
  const readyLine = new Promise<string>((resolveReady, reject) => {
    ready = resolveReady;
    child.once('exit', (code) => reject(new Error(`all-in-one exited (${code}) before it was ready`)));
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    const at = performance.now();
    if (line.startsWith('switchyard ready')) return ready(line);
    if (!line.includes('"badges stored"')) return;
    try {
      const entry = JSON.parse(line) as { eventId?: string };
      if (entry.eventId && !stored.has(entry.eventId)) {
        stored.set(entry.eventId, at);
        for (const wake of listeners.splice(0)) wake();
      }
    } catch {
      // not a log line of ours
    }
  });
  const line = await readyLine;
  const ingressUrl = /ingress (http:\/\/\S+)/.exec(line)?.[1];
  if (!ingressUrl) throw new Error(`no ingress URL in the ready line: ${line}`);
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return {
    ingressUrl: ingressUrl.replace('[::1]', '127.0.0.1').replace('0.0.0.0', '127.0.0.1'),
    stored,
    async waitForStored(count: number, timeoutMs: number): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (stored.size < count) {
        if (Date.now() > deadline) throw new Error(`only ${stored.size} of ${count} badges stored after ${timeoutMs} ms`);
        await new Promise<void>((wake) => {
          listeners.push(wake);
          setTimeout(wake, 200);
        });
      }
    },
    async stop(): Promise<number | null> {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

async function sendAtRate(url: string, all: Hook[]): Promise<{ sentAt: Map<string, number>; accepted: number[]; failures: string[] }> {
  const sentAt = new Map<string, number>();
  const accepted: number[] = [];
  const failures: string[] = [];
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < all.length; i++) {
    const due = start + (i * 1000) / RATE_PER_SECOND;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const hook = all[i] as Hook;
    const t0 = performance.now();
    sentAt.set(hook.id, t0);
    inFlight.push(
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: hook.body }).then(async (response) => {
        await response.arrayBuffer();
        if (response.status === 202) accepted.push(performance.now() - t0);
        else failures.push(`${hook.id}: ${response.status}`);
      }),
    );
  }
  await Promise.all(inFlight);
  return { sentAt, accepted, failures };
}

/** The badges the renderer drew for these hooks, in order: each environment badge and the summary after it. */
function drawnLooks(all: Hook[]) {
  const latest = new Map<string, Hook>();
  return all.flatMap((hook) => {
    latest.set(hook.environment, hook);
    const appearance = appearanceOf(hook.status);
    const summary = [...latest.values()]
      .sort((a, b) => a.environment.localeCompare(b.environment))
      .map((h) => `${h.environment} ${h.release} ${appearanceOf(h.status).symbol}`)
      .join(' | ');
    return [
      { label: hook.environment, message: `${hook.release} ${appearance.text}`, color: appearance.color, style: 'flat' as const },
      { label: 'Web.CD', message: summary, color: appearance.color, style: 'flat' as const },
    ];
  });
}

function rendersPerSecond(render: () => void, looksCount: number, rounds: number): number {
  render(); // warm-up (JIT, font tables)
  const start = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) render();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return (looksCount * rounds) / seconds;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'badges-bench-'));
  const port = await freePort();
  const all = hooks();
  console.log(`starting the all-in-one run (data in ${dataDir}) …`);
  const run = await startAllInOne(dataDir, port);
  try {
    const url = `${run.ingressUrl}/hooks/azure-devops?code=${HOOK_SECRET}`;
    // warm-up: one hook not counted
    const warm = hooks()[0] as Hook;
    await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: warm.body.replace(warm.id, `${warm.id}-warm`) });
    await run.waitForStored(1, 30_000);
    run.stored.clear();

    console.log(`sending ${all.length} deployment-completed hooks at ${RATE_PER_SECOND}/s to ${run.ingressUrl} …`);
    const { sentAt, accepted, failures } = await sendAtRate(url, all);
    if (failures.length > 0) throw new Error(`${failures.length} hooks not accepted, e.g. ${failures.slice(0, 3).join(', ')}`);
    await run.waitForStored(all.length, 60_000);

    const latencies = all.map((hook) => (run.stored.get(hook.id) as number) - (sentAt.get(hook.id) as number)).sort((a, b) => a - b);
    const acceptedSorted = accepted.sort((a, b) => a - b);

    const looks = drawnLooks(all);
    const raw = rendersPerSecond(() => looks.forEach((look) => makeBadge(look)), looks.length, 5);
    const ours = rendersPerSecond(
      (() => {
        const drawing = new BadgeDrawing();
        return () => looks.forEach((look) => (drawing.svg(look), shieldsEndpointJson(look, 60)));
      })(),
      looks.length,
      5,
    );
    // The same badges drawn fresh each round (no memo carried over): the cost when nothing repeats.
    const cold = rendersPerSecond(() => {
      const drawing = new BadgeDrawing();
      looks.forEach((look) => (drawing.svg(look), shieldsEndpointJson(look, 60)));
    }, looks.length, 5);

    const ms = (n: number) => `${n.toFixed(1)} ms`;
    console.log('');
    console.log(`hooks: ${all.length} at ${RATE_PER_SECOND}/s, ${ENVIRONMENTS} environments, Node ${process.version}`);
    console.log(`hook → 202 (ingress)         p50 ${ms(percentile(acceptedSorted, 50))}  p99 ${ms(percentile(acceptedSorted, 99))}`);
    console.log(
      `hook → badge stored          p50 ${ms(percentile(latencies, 50))}  p99 ${ms(percentile(latencies, 99))}  max ${ms(latencies[latencies.length - 1] as number)}  (target p99 ≤ 50 ms)`,
    );
    console.log(`badge drawing (${looks.length} badges: environment + summary per hook)`);
    console.log(`  raw badge-maker             ${raw.toFixed(0)} renders/s`);
    console.log(`  renderer (memo, warm)       ${ours.toFixed(0)} renders/s  ratio ${(ours / raw).toFixed(2)}×  (target ≥ 1.0×)`);
    console.log(`  renderer (memo, cold)       ${cold.toFixed(0)} renders/s  ratio ${(cold / raw).toFixed(2)}×`);
  } finally {
    const code = await run.stop();
    rmSync(dataDir, { recursive: true, force: true });
    if (code !== 0) console.error(`all-in-one exited with ${code}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
