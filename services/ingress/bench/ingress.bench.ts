// Ingress throughput vs a bare Fastify app, same body, same run.
// Run: npx nx run ingress:bench   (BENCH_DURATION=seconds, BENCH_CONNECTIONS=n to change the load)
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { readFixtureBytes } from '@switchyard/testing';
import { stageCosts } from './stage-costs';

const FIXTURE = 'hooks/azure-devops-docs/ms.vss-release.deployment-completed-event.events-md@09dc63ed.json';
const HOOK_SECRET = 'bench-secret-0123456789abcdef';
const duration = Number(process.env['BENCH_DURATION'] ?? 10);
const connections = Number(process.env['BENCH_CONNECTIONS'] ?? 50);
const warmupSeconds = Number(process.env['BENCH_WARMUP'] ?? 3);

interface Figures {
  mode: string;
  requestsPerSecond: number;
  p99Ms: number;
  p50Ms: number;
  cpuSeconds: number;
  requestsPerCpuSecond: number;
  non2xx: number;
  errors: number;
  rssMb: number;
}

// Every request gets its own notification id, as real traffic does (the same id would be a duplicate).
const template = JSON.parse(readFixtureBytes(FIXTURE).toString('utf8').replace(/^\uFEFF/, '')) as Record<string, unknown>;
const prefix = `${JSON.stringify({ ...template, id: '@@ID@@' })}`.split('"@@ID@@"');
let counter = 0;
const nextBody = () => `${prefix[0]}"bench-${process.pid}-${++counter}"${prefix[1]}`;

function request(child: ChildProcess, cmd: string, expect: string): Promise<Record<string, unknown>> {
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

async function load(url: string, seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url: `${url}/hooks/azure-devops?code=${HOOK_SECRET}`,
    method: 'POST',
    connections,
    duration: seconds,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    requests: [{ setupRequest: (req) => ({ ...req, body: nextBody() }) }],
  });
}

async function measure(mode: string): Promise<Figures> {
  const child = fork(join(__dirname, 'bench-server.ts'), [mode], {
    execArgv: ['-r', '@swc-node/register'],
    env: { ...process.env, SWC_NODE_PROJECT: process.env['SWC_NODE_PROJECT'] ?? join(__dirname, '..', '..', '..', 'tsconfig.base.json') },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  try {
    const { url } = (await request(child, '', 'ready')) as { url: string };
    await load(url, warmupSeconds);
    await request(child, 'measure', 'measuring');
    const result = await load(url, duration);
    const { cpuSeconds, rssBytes } = (await request(child, 'report', 'report')) as { cpuSeconds: number; rssBytes: number };
    return {
      mode,
      requestsPerSecond: result.requests.average,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      cpuSeconds,
      requestsPerCpuSecond: result.requests.total / cpuSeconds,
      non2xx: result.non2xx,
      errors: result.errors,
      rssMb: rssBytes / 1024 / 1024,
    };
  } finally {
    child.send({ cmd: 'stop' });
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

async function main(): Promise<void> {
  console.log(`ingress bench: ${connections} connections, ${duration} s (after ${warmupSeconds} s warm-up), body ${FIXTURE}`);
  const bare = await measure('bare');
  const ingress = await measure('ingress');
  const row = (f: Figures) =>
    `${f.mode.padEnd(8)} ${f.requestsPerSecond.toFixed(0).padStart(8)} req/s  p50 ${String(f.p50Ms).padStart(3)} ms  p99 ${String(f.p99Ms).padStart(3)} ms  ` +
    `cpu ${f.cpuSeconds.toFixed(2)} s  ${f.requestsPerCpuSecond.toFixed(0).padStart(6)} req/cpu-s  rss ${f.rssMb.toFixed(0)} MB  non-2xx ${f.non2xx}  errors ${f.errors}`;
  console.log(row(bare));
  console.log(row(ingress));
  const cpuRatio = ingress.requestsPerCpuSecond / bare.requestsPerCpuSecond;
  const p99Ratio = ingress.p99Ms / Math.max(bare.p99Ms, 1);
  console.log(`ratio    req/cpu-s ${cpuRatio.toFixed(2)}x (target >= 0.80x)  p99 ${p99Ratio.toFixed(2)}x (target <= 1.5x)  req/s ${(ingress.requestsPerSecond / bare.requestsPerSecond).toFixed(2)}x`);
  const bareMicros = 1e6 / bare.requestsPerCpuSecond;
  const ingressMicros = 1e6 / ingress.requestsPerCpuSecond;
  console.log(`cpu per request: bare ${bareMicros.toFixed(0)} µs, ingress ${ingressMicros.toFixed(0)} µs; stages measured in-process:`);
  for (const [stage, micros] of await stageCosts(readFixtureBytes(FIXTURE), HOOK_SECRET)) {
    console.log(`  ${stage.padEnd(24)} ${micros.toFixed(1).padStart(6)} µs`);
  }
  if (ingress.non2xx > 0 || ingress.errors > 0) console.log('WARNING: the ingress answered non-2xx or failed requests; figures are not valid');
}

void main();
