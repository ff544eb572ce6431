// Benchmark (not a test): 1,000 hooks (deployments and builds) through the local all-in-one run at 50 hooks/s.
// Prints hook → badge-stored latency (from the POST to the renderer's "badges stored" log line) and
// the renderer's badge drawing (memoized badge-maker) vs raw badge-maker on the same badges, both
// measured in this run.
//
// Run: node -r @swc-node/register services/badge-renderer/bench/badges.bench.ts
//      (or: NX_DAEMON=false npx nx run badge-renderer:bench)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { makeBadge } from 'badge-maker';
import { BadgeDrawing } from '../src/badge-render/badge-drawing';
import { appearanceOf } from '../src/badge-model/status-appearance';

const HOOKS = Number(process.env['BENCH_HOOKS'] ?? 1000);
/** Hooks sent first and not measured: every badge then exists, as in a running system. */
const WARM_UP = Number(process.env['BENCH_WARM_UP'] ?? 200);
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

/** CPU ms a process has used so far (Linux /proc; undefined elsewhere). */
function cpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

interface Hook {
  id: string;
  kind: 'deployment' | 'build';
  /** Deployment: the environment; build: the definition. */
  subject: string;
  /** Deployment: the release name; build: the build number. */
  version: string;
  status: string;
  body: string;
}

// Half deployments (20 environments of one release definition), half CI builds (5 definitions):
// the mix a platform team's hooks have. Every hook is distinct; repeats in what gets drawn come
// only from the service itself (a build's "latest" and branch badges look alike).
function hooks(count: number, first = 0): Hook[] {
  return Array.from({ length: count }, (_, k) => {
    const i = first + k;
    return i % 2 === 0 ? deploymentHook(i / 2) : buildHook((i - 1) / 2);
  });
}

function deploymentHook(n: number): Hook {
  const deploymentId = 5000 + n;
  const environment = `env-${String((n % ENVIRONMENTS) + 1).padStart(2, '0')}`;
  const release = `Release-${Math.floor(n / ENVIRONMENTS) + 1}`;
  const status = statuses[(n * 7) % statuses.length] as string;
  const id = `bench-${process.pid}-deployment-${deploymentId}`;
  const now = new Date().toISOString();
  const payload = {
    id,
    eventType: 'ms.vss-release.deployment-completed-event',
    publisherId: 'rm',
    createdDate: now,
    resource: {
      deployment: {
        id: deploymentId,
        attempt: 1,
        deploymentStatus: status,
        releaseDefinition: { id: 3, name: 'Web.CD' },
        release: { id: 900 + Math.floor(n / ENVIRONMENTS), name: release },
        releaseEnvironment: { id: 100 + (n % ENVIRONMENTS), name: environment },
        definitionEnvironmentId: (n % ENVIRONMENTS) + 1,
        startedOn: now,
        completedOn: now,
      },
      environment: { id: 100 + (n % ENVIRONMENTS), name: environment, status, definitionEnvironmentId: (n % ENVIRONMENTS) + 1 },
      project: { id: 'p-1', name: 'Fabrikam' },
    },
    resourceContainers: { account: { id: 'a-1', baseUrl: 'https://dev.azure.com/fabfiber/' } },
  };
  return { id, kind: 'deployment', subject: environment, version: release, status, body: JSON.stringify(payload) };
}

function buildHook(n: number): Hook {
  const buildId = 70_000 + n;
  const definition = `service-${(n % 5) + 1}`;
  const number = `2026.${Math.floor(n / 5) + 1}`;
  const result = statuses[(n * 5) % statuses.length] as string;
  const id = `bench-${process.pid}-build-${buildId}`;
  const payload = {
    id,
    eventType: 'build.complete',
    publisherId: 'tfs',
    createdDate: new Date().toISOString(),
    resource: {
      id: buildId,
      buildNumber: number,
      status: 'completed',
      result,
      definition: { id: 40 + (n % 5), name: definition },
      project: { id: 'p-1', name: 'Fabrikam' },
      sourceBranch: 'refs/heads/main',
      finishTime: new Date().toISOString(),
    },
    resourceContainers: { account: { id: 'a-1', baseUrl: 'https://dev.azure.com/fabfiber/' } },
  };
  return { id, kind: 'build', subject: definition, version: number, status: result, body: JSON.stringify(payload) };
}

async function startAllInOne(dataDir: string, port: number) {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'services/all-in-one/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      SWITCHYARD_DATA_DIR: dataDir,
      HOOK_KEYS: `bench:${HOOK_SECRET}`,
      BUS: 'embedded',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  /** Per event id: when its badges were stored and when the whole event (index, summary) was done. */
  const stored = new Map<string, { badges: number; done: number; handlingMs: number }>();
  const listeners: (() => void)[] = [];
  let ready: (line: string) => void = () => undefined;
  const readyLine = new Promise<string>((resolveReady, reject) => {
    ready = resolveReady;
    child.once('exit', (code) => reject(new Error(`all-in-one exited (${code}) before it was ready`)));
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.startsWith('switchyard ready')) return ready(line);
    if (!line.includes('"badges stored"')) return;
    try {
      const entry = JSON.parse(line) as { eventId?: string; time?: string; badgesStoredMs?: number; totalMs?: number };
      if (entry.eventId && !stored.has(entry.eventId)) {
        // The line's own timestamp (same clock as ours) says when the event was done, so a busy
        // bench process reading the pipe late does not count; its badges were stored
        // (totalMs - badgesStoredMs) before that.
        const done = entry.time ? Date.parse(entry.time) : Date.now();
        const after = (entry.totalMs ?? 0) - (entry.badgesStoredMs ?? entry.totalMs ?? 0);
        stored.set(entry.eventId, { badges: done - after, done, handlingMs: entry.badgesStoredMs ?? 0 });
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
  const azuritePid = /azurite \S+ \(pid (\d+)\)/.exec(line)?.[1];
  return {
    pids: { allInOne: child.pid, azurite: azuritePid ? Number(azuritePid) : undefined },
    memory: process.env['SWITCHYARD_AZURITE_MEMORY'] === 'true',
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
    sentAt.set(hook.id, Date.now());
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

/**
 * The badges the renderer draws for these hooks, in order: a deployment draws its environment badge
 * and the definition summary; a build its definition's latest badge and its branch badge.
 */
function drawnLooks(all: Hook[]) {
  const latest = new Map<string, Hook>();
  return all.flatMap((hook) => {
    const appearance = appearanceOf(hook.status);
    const own = { label: hook.subject, message: `${hook.version} ${appearance.text}`, color: appearance.color, style: 'flat' as const };
    if (hook.kind === 'build') return [own, { ...own }];
    latest.set(hook.subject, hook);
    const environments = [...latest.values()].sort((a, b) => a.subject.localeCompare(b.subject));
    const worst = environments.reduce((a, b) => (appearanceOf(b.status).severity > appearanceOf(a.status).severity ? b : a));
    const summary = environments.map((h) => `${h.subject} ${h.version} ${appearanceOf(h.status).symbol}`).join(' | ');
    return [own, { label: 'Web.CD', message: summary, color: appearanceOf(worst.status).color, style: 'flat' as const }];
  });
}

type Look = ReturnType<typeof drawnLooks>[number];

/**
 * Renders/s of raw badge-maker and of the renderer's drawing step (memoized badge-maker) over the
 * same badges, measured in alternating rounds (median of each), so load from other
 * processes hits both alike. `memoAcrossRounds`: the memo survives between rounds (replays).
 */
function compareDrawing(looks: Look[], rounds: number, memoAcrossRounds: boolean): { raw: number; ours: number } {
  const rawRates: number[] = [];
  const ourRates: number[] = [];
  let drawing = new BadgeDrawing();
  const time = (fn: () => void) => {
    const start = process.hrtime.bigint();
    fn();
    return looks.length / (Number(process.hrtime.bigint() - start) / 1e9);
  };
  looks.forEach((look) => makeBadge(look)); // warm-up: JIT and font tables
  for (let round = 0; round < rounds; round++) {
    if (!memoAcrossRounds) drawing = new BadgeDrawing();
    const current = drawing;
    rawRates.push(time(() => looks.forEach((look) => makeBadge(look))));
    ourRates.push(time(() => looks.forEach((look) => current.svg(look))));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  return { raw: median(rawRates), ours: median(ourRates) };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'badges-bench-'));
  const port = await freePort();
  const all = hooks(HOOKS, WARM_UP);
  console.log(`starting the all-in-one run (data in ${dataDir}) …`);
  const run = await startAllInOne(dataDir, port).catch((error: unknown) => {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });
  try {
    const url = `${run.ingressUrl}/hooks/azure-devops?code=${HOOK_SECRET}`;
    console.log(`warm-up: ${WARM_UP} hooks at ${RATE_PER_SECOND}/s (not measured) …`);
    const warmUp = await sendAtRate(url, hooks(WARM_UP));
    if (warmUp.failures.length > 0) throw new Error(`warm-up hooks not accepted: ${warmUp.failures.slice(0, 3).join(', ')}`);
    await run.waitForStored(WARM_UP, 60_000);
    run.stored.clear();

    console.log(`sending ${all.length} hooks (deployments and builds) at ${RATE_PER_SECOND}/s to ${run.ingressUrl} …`);
    const cpuBefore = { allInOne: cpuMs(run.pids.allInOne), azurite: cpuMs(run.pids.azurite) };
    const { sentAt, accepted, failures } = await sendAtRate(url, all);
    if (failures.length > 0) throw new Error(`${failures.length} hooks not accepted, e.g. ${failures.slice(0, 3).join(', ')}`);
    await run.waitForStored(all.length, 60_000);
    const cpuPerHook = (name: 'allInOne' | 'azurite') => {
      const before = cpuBefore[name];
      const after = cpuMs(run.pids[name]);
      return before !== undefined && after !== undefined ? `${((after - before) / all.length).toFixed(1)} ms` : 'n/a';
    };
    const cpu = `all-in-one process ${cpuPerHook('allInOne')}, Azurite ${cpuPerHook('azurite')}`;

    const timesOf = (hook: Hook) => run.stored.get(hook.id) as { badges: number; done: number; handlingMs: number };
    const latencies = all.map((hook) => timesOf(hook).badges - (sentAt.get(hook.id) as number)).sort((a, b) => a - b);
    const handling = all.map((hook) => timesOf(hook).handlingMs).sort((a, b) => a - b);
    const doneLatencies = all.map((hook) => timesOf(hook).done - (sentAt.get(hook.id) as number)).sort((a, b) => a - b);
    const acceptedSorted = accepted.sort((a, b) => a - b);

    const looks = drawnLooks(all);
    const once = compareDrawing(looks, 9, false);
    const distinctLooks = [...new Map(looks.map((look) => [`${look.label}\u0000${look.message}\u0000${look.color}`, look])).values()];
    const distinct = compareDrawing(distinctLooks, 9, false);
    const replayed = compareDrawing(looks, 9, true);

    const ms = (n: number) => `${n.toFixed(1)} ms`;
    console.log('');
    console.log(`hooks: ${all.length} at ${RATE_PER_SECOND}/s after ${WARM_UP} warm-up hooks (half deployment-completed over ${ENVIRONMENTS} environments, half build.complete over 5 definitions), Node ${process.version}`);
    console.log(`Azurite ${run.memory ? 'in memory (SWITCHYARD_AZURITE_MEMORY=true)' : 'on disk'}, BADGE_INDEX_BATCH_MS ${process.env['BADGE_INDEX_BATCH_MS'] ?? 'default'}; CPU per hook: ${cpu}`);
    console.log(`hook → 202 (ingress)         p50 ${ms(percentile(acceptedSorted, 50))}  p99 ${ms(percentile(acceptedSorted, 99))}`);
    console.log(
      `hook → badge stored          p50 ${ms(percentile(latencies, 50))}  p99 ${ms(percentile(latencies, 99))}  max ${ms(latencies[latencies.length - 1] as number)}  (target p99 ≤ 50 ms)`,
    );
    console.log(`  of which handler → stored   p50 ${ms(percentile(handling, 50))}  p99 ${ms(percentile(handling, 99))}  (the rest: ingress, bus, waiting for a handler slot)`);
    console.log(
      `hook → index + summary done  p50 ${ms(percentile(doneLatencies, 50))}  p99 ${ms(percentile(doneLatencies, 99))}  max ${ms(doneLatencies[doneLatencies.length - 1] as number)}`,
    );
    console.log(`badge drawing: the ${looks.length} badges these hooks produce, median of 9 alternating rounds`);
    console.log(`  as the hooks arrive                     raw badge-maker ${once.raw.toFixed(0)}/s   renderer ${once.ours.toFixed(0)}/s   ratio ${(once.ours / once.raw).toFixed(2)}×  (target ≥ 1.0×)`);
    console.log(`  only the distinct ones (worst case)     raw badge-maker ${distinct.raw.toFixed(0)}/s   renderer ${distinct.ours.toFixed(0)}/s   ratio ${(distinct.ours / distinct.raw).toFixed(2)}×`);
    console.log(`  same badges again (replay, 2nd replica) raw badge-maker ${replayed.raw.toFixed(0)}/s   renderer ${replayed.ours.toFixed(0)}/s   ratio ${(replayed.ours / replayed.raw).toFixed(2)}×`);
    console.log(`load average during the run: ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} CPUs`);
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
