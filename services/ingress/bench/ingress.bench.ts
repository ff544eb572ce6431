// Ingress throughput vs a bare Fastify app, same body, same run.
// Run: npx nx run ingress:bench
//   BENCH_DURATION   seconds of measured load per server (default 10), split into BENCH_SLICES slices
//   BENCH_SLICES     alternating bare/ingress slices per server (default 5): A-B-A-B… so that a burst of
//                    other work on the machine hits both servers alike; ratios are the median over pairs
//   BENCH_CONNECTIONS (default 50), BENCH_WARMUP seconds per server (default 3)
//   BENCH_COMPARE_TREE another checkout of the repository (e.g. `git archive <commit> | tar -x -C dir`,
//                    with node_modules linked): its ingress runs as a third server in the same slices,
//                    so a change is measured against its baseline under the same machine load
//   BENCH_SPIN_US    also runs the bare app spending this many µs of CPU per request in a busy loop, in the
//                    same slices: a control showing what that much work alone does to the ratio
//   BENCH_FLOOR      `true` also runs the floor server (bench/floor-server.ts), in the same slices: bare Fastify
//                    doing only the least the issue names (key, shape check, serialise, duplicates, a log line)
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { readFixtureBytes } from '@switchyard/testing';
import { stageCosts } from './stage-costs';

const FIXTURE = 'hooks/azure-devops-docs/ms.vss-release.deployment-completed-event.events-md@09dc63ed.json';
const HOOK_SECRET = 'bench-secret-0123456789abcdef';
const duration = Number(process.env['BENCH_DURATION'] ?? 10);
const slices = Math.max(1, Number(process.env['BENCH_SLICES'] ?? 5));
const connections = Number(process.env['BENCH_CONNECTIONS'] ?? 50);
const warmupSeconds = Number(process.env['BENCH_WARMUP'] ?? 3);
const compareTree = process.env['BENCH_COMPARE_TREE'];
const spinMicros = process.env['BENCH_SPIN_US'] ? Number(process.env['BENCH_SPIN_US']) : undefined;
const floor = process.env['BENCH_FLOOR'] === 'true';
const repoRoot = join(__dirname, '..', '..', '..');

interface Slice {
  requests: number;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
  cpuSeconds: number;
  /** The part of cpuSeconds spent in the kernel (socket reads and writes). */
  systemSeconds: number;
  non2xx: number;
  errors: number;
}

// Every request gets its own notification id, as real traffic does (the same id would be a duplicate).
const template = JSON.parse(readFixtureBytes(FIXTURE).toString('utf8').replace(/^\uFEFF/, '')) as Record<string, unknown>;
const prefix = `${JSON.stringify({ ...template, id: '@@ID@@' })}`.split('"@@ID@@"');
let counter = 0;
const nextBody = () => `${prefix[0]}"bench-${process.pid}-${++counter}"${prefix[1]}`;

class Server {
  private constructor(
    readonly mode: string,
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  /** `tree`: the checkout whose bench-server runs (this one by default). */
  static async start(mode: string, tree = repoRoot): Promise<Server> {
    const child = fork(join(tree, 'services', 'ingress', 'bench', 'bench-server.ts'), [mode], {
      execArgv: ['-r', '@swc-node/register'],
      cwd: tree,
      env: { ...process.env, SWC_NODE_PROJECT: join(tree, 'tsconfig.base.json') },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const { url } = (await ask(child, '', 'ready')) as { url: string };
    return new Server(mode, child, url);
  }

  /** One slice of load; CPU is the server process's own (process.cpuUsage in the child). */
  async slice(seconds: number): Promise<Slice> {
    await ask(this.child, 'measure', 'measuring');
    const { result, latenciesMs } = await load(this.url, seconds);
    const { cpuSeconds, systemSeconds } = (await ask(this.child, 'report', 'report')) as { cpuSeconds: number; systemSeconds: number };
    return {
      requests: result.requests.total,
      seconds: result.duration,
      p50Ms: percentile(latenciesMs, 0.5),
      p99Ms: percentile(latenciesMs, 0.99),
      cpuSeconds,
      systemSeconds,
      non2xx: result.non2xx,
      errors: result.errors,
    };
  }

  async rssMb(): Promise<number> {
    const { rssBytes } = (await ask(this.child, 'report', 'report')) as { rssBytes: number };
    return rssBytes / 1024 / 1024;
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.send({ cmd: 'stop' });
    await exited;
  }
}

function ask(child: ChildProcess, cmd: string, expect: string): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const onMessage = (message: Record<string, unknown>) => {
      if (message['cmd'] !== expect) return;
      child.off('message', onMessage);
      resolve(message);
    };
    child.on('message', onMessage);
    if (cmd) child.send({ cmd });
  });
}

/**
 * One run of autocannon, with the latency of every 2xx answer as measured (fractions of a ms):
 * autocannon's own percentiles are whole milliseconds, too coarse for a p99 of 2–4 ms.
 */
function load(url: string, seconds: number): Promise<{ result: autocannon.Result; latenciesMs: Float64Array }> {
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const options: autocannon.Options = {
      url: `${url}/hooks/azure-devops?code=${HOOK_SECRET}`,
      method: 'POST',
      connections,
      duration: seconds,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      requests: [{ setupRequest: (req) => ({ ...req, body: nextBody() }) }],
    };
    const instance = autocannon(options, (error, result) =>
      error ? reject(error) : resolve({ result, latenciesMs: Float64Array.from(latencies).sort() }),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTimeMs);
    });
  });
}

/** The value below which `fraction` of the sorted latencies lie (nearest rank). */
function percentile(sortedMs: Float64Array, fraction: number): number {
  if (sortedMs.length === 0) return Number.NaN;
  return sortedMs[Math.min(sortedMs.length - 1, Math.ceil(fraction * sortedMs.length) - 1)];
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const perCpuSecond = (s: Slice) => s.requests / s.cpuSeconds;
const microsPerRequest = (s: Slice) => (s.cpuSeconds / s.requests) * 1e6;

function summary(mode: string, runs: Slice[], rssMb: number): string {
  const requests = runs.reduce((sum, s) => sum + s.requests, 0);
  const seconds = runs.reduce((sum, s) => sum + s.seconds, 0);
  const cpu = runs.reduce((sum, s) => sum + s.cpuSeconds, 0);
  const system = runs.reduce((sum, s) => sum + s.systemSeconds, 0);
  const non2xx = runs.reduce((sum, s) => sum + s.non2xx, 0);
  const errors = runs.reduce((sum, s) => sum + s.errors, 0);
  return (
    `${mode.padEnd(8)}  ${(requests / seconds).toFixed(0).padStart(6)} req/s  p50 ${median(runs.map((s) => s.p50Ms)).toFixed(2)} ms  ` +
    `p99 ${median(runs.map((s) => s.p99Ms)).toFixed(2)} ms  cpu ${cpu.toFixed(2)} s  ${(requests / cpu).toFixed(0).padStart(6)} req/cpu-s ` +
    `(${((cpu / requests) * 1e6).toFixed(0)} µs/req, ${((system / requests) * 1e6).toFixed(0)} of them in the kernel)  rss ${rssMb.toFixed(0)} MB  non-2xx ${non2xx}  errors ${errors}`
  );
}

/** A server run in the same slices as bare Fastify and the ingress, with what to print about it. */
interface Control {
  label: string;
  server: Server;
  runs: Slice[];
  /** The line printed after the ratios, given this control's slices and those of bare Fastify and the ingress. */
  finding(runs: Slice[], bareRuns: Slice[], ingressRuns: Slice[]): string;
}

const ratiosTo = (runs: Slice[], bareRuns: Slice[]) => runs.map((s, i) => perCpuSecond(s) / perCpuSecond(bareRuns[i]));

async function startControls(): Promise<Control[]> {
  const controls: Control[] = [];
  if (compareTree) {
    controls.push({
      label: 'baseline',
      server: await Server.start('ingress', compareTree),
      runs: [],
      finding: (runs, bareRuns, ingressRuns) =>
        `baseline ${compareTree}: req/cpu-s ratio ${median(ratiosTo(runs, bareRuns)).toFixed(2)}x (median of pairs); ` +
        `CPU per request, this tree minus baseline: ${median(runs.map((s, i) => microsPerRequest(ingressRuns[i]) - microsPerRequest(s))).toFixed(1)} µs (median of pairs; negative = cheaper)`,
    });
  }
  if (spinMicros !== undefined) {
    controls.push({
      label: `bare + ${spinMicros} µs busy loop`,
      server: await Server.start(`bare-spin:${spinMicros}`),
      runs: [],
      finding: (runs, bareRuns) =>
        `control: bare + ${spinMicros} µs busy loop: req/cpu-s ratio ${median(ratiosTo(runs, bareRuns)).toFixed(2)}x; ` +
        `CPU per request grew by ${median(runs.map((s, i) => microsPerRequest(s) - microsPerRequest(bareRuns[i]))).toFixed(1)} µs for ${spinMicros} µs of work (median of pairs)`,
    });
  }
  if (floor) {
    controls.push({
      label: 'floor',
      server: await Server.start('floor'),
      runs: [],
      finding: (runs, bareRuns) =>
        `control: the floor (bare + key, shape check, serialise, duplicates, a log line): req/cpu-s ratio ${median(ratiosTo(runs, bareRuns)).toFixed(2)}x, ` +
        `p99 ${median(runs.map((s, i) => s.p99Ms / bareRuns[i].p99Ms)).toFixed(2)}x (median of pairs)`,
    });
  }
  return controls;
}

async function main(): Promise<void> {
  const sliceSeconds = duration / slices;
  console.log(
    `ingress bench: ${connections} connections, ${slices} alternating slices of ${sliceSeconds} s per server ` +
      `(after ${warmupSeconds} s warm-up each), body ${FIXTURE}`,
  );
  const bare = await Server.start('bare');
  const ingress = await Server.start('ingress');
  const controls = await startControls();
  try {
    for (const server of [bare, ingress, ...controls.map((control) => control.server)]) await load(server.url, warmupSeconds);
    const bareRuns: Slice[] = [];
    const ingressRuns: Slice[] = [];
    for (let i = 0; i < slices; i++) {
      bareRuns.push(await bare.slice(sliceSeconds));
      ingressRuns.push(await ingress.slice(sliceSeconds));
      for (const control of controls) control.runs.push(await control.server.slice(sliceSeconds));
    }
    const cpuRatios = ratiosTo(ingressRuns, bareRuns);
    const p99Ratios = ingressRuns.map((s, i) => s.p99Ms / bareRuns[i].p99Ms);
    console.log(summary('bare', bareRuns, await bare.rssMb()));
    console.log(summary('ingress', ingressRuns, await ingress.rssMb()));
    for (const control of controls) console.log(summary(control.label, control.runs, await control.server.rssMb()));
    console.log(`per slice  req/cpu-s ratio ${cpuRatios.map((r) => r.toFixed(2)).join(' ')}   p99 ratio ${p99Ratios.map((r) => r.toFixed(2)).join(' ')}`);
    console.log(
      `ratio (median of pairs)  req/cpu-s ${median(cpuRatios).toFixed(2)}x (target >= 0.80x)  p99 ${median(p99Ratios).toFixed(2)}x (target <= 1.5x)`,
    );
    for (const control of controls) console.log(control.finding(control.runs, bareRuns, ingressRuns));
    if ([ingressRuns, ...controls.map((control) => control.runs)].flat().some((s) => s.non2xx > 0 || s.errors > 0)) {
      console.log('WARNING: a server answered non-2xx or failed requests; figures are not valid');
    }
  } finally {
    await Promise.all([bare, ingress, ...controls.map((control) => control.server)].map((server) => server.stop()));
  }
  if (process.env['BENCH_STAGES'] === 'false') return;
  console.log('ingress stages, CPU per request measured in-process:');
  for (const [stage, micros] of await stageCosts(readFixtureBytes(FIXTURE), HOOK_SECRET)) {
    console.log(`  ${stage.padEnd(28)} ${micros.toFixed(1).padStart(6)} µs`);
  }
}

void main();
