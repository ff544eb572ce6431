// Ack latency of POST /checks/{policy} (callback mode) at 200 concurrent check calls: the real
// ingress (hook-key auth, header validation, AuthToken sealing, publish on its embedded bus) vs a
// bare Fastify server answering 200, each in its own process, measured with autocannon.
// Run: node -r @swc-node/register services/ingress/bench/checks-ack.bench.ts
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'node:http';
import autocannon from 'autocannon';

const repoRoot = join(__dirname, '..', '..', '..');
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 200);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const BURSTS = Number(process.env['BENCH_BURSTS'] ?? 50);
const HOOK_KEY = 'bench-secret-0123456789abcdef';
const ORG = 'https://dev.azure.com/fabrikam/';

interface Figures {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts a server script in its own process (logs discarded) and waits until it answers on `port`. */
async function startServer(script: string, env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-r', '@swc-node/register', script], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}`);
    const up = await fetch(`${url}/healthz`).then(() => true, () => false);
    if (up) return { url, child };
    if (Date.now() > deadline) throw new Error(`${script} did not listen on ${url}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

function checkHeaders(): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-hook-key': HOOK_KEY,
    PlanUrl: ORG,
    ProjectId: randomUUID(),
    HubName: 'checks',
    PlanId: randomUUID(),
    JobId: randomUUID(),
    TimelineId: randomUUID(),
    AuthToken: `eyJ0eXAiOiJKV1QifQ.${'x'.repeat(900)}.sig`,
    BuildId: '1234',
  };
}

function load(url: string, seconds: number): Promise<Figures> {
  const headers = checkHeaders();
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `${url}/checks/require-cmdline`,
        method: 'POST',
        connections: CONNECTIONS,
        duration: seconds,
        headers,
        body: '{}',
        // Every call is a different check (as in a busy organization), so none is a duplicate.
        requests: [{ setupRequest: (request) => ({ ...request, headers: { ...request.headers, TaskInstanceId: randomUUID() } }) }],
      },
      (error, result) => {
        if (error) return reject(error);
        resolve({
          requestsPerSecond: result.requests.average,
          p50: result.latency.p50,
          p99: result.latency.p99,
          max: result.latency.max,
          non2xx: result.non2xx,
          errors: result.errors + result.timeouts,
        });
      },
    );
  });
}

/** One POST on a kept-alive socket; resolves with the status and the milliseconds until the answer. */
function post(agent: Agent, url: URL, headers: Record<string, string>): Promise<{ status: number; ms: number }> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const call = request(url, { method: 'POST', agent, headers }, (response) => {
      response.resume();
      response.once('end', () => resolve({ status: response.statusCode ?? 0, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    });
    call.once('error', reject);
    call.end('{}');
  });
}

/** 200 pipelines calling at the same moment: BURSTS times, CONNECTIONS simultaneous calls, then a pause. */
async function bursts(url: string): Promise<{ p50: number; p99: number; max: number; failed: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const target = new URL(`${url}/checks/require-cmdline`);
  const latencies: number[] = [];
  let failed = 0;
  // The first burst opens the sockets (and may meet SYN retransmits): not measured.
  for (let burst = -1; burst < BURSTS; burst++) {
    const answers = await Promise.all(Array.from({ length: CONNECTIONS }, () => post(agent, target, { ...checkHeaders(), TaskInstanceId: randomUUID() })));
    for (const answer of burst < 0 ? [] : answers) {
      latencies.push(answer.ms);
      if (answer.status !== 200) failed += 1;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]);
  return { p50: at(0.5), p99: at(0.99), max: Math.round(latencies[latencies.length - 1]), failed };
}

interface Measured {
  sustained: Figures;
  burst: Awaited<ReturnType<typeof bursts>>;
}

async function measure(name: string, script: string, env: Record<string, string>): Promise<Measured> {
  const { url, child } = await startServer(script, env);
  try {
    await load(url, 2); // warm-up: JIT, connection pools
    const sustained = await load(url, SECONDS);
    const burst = await bursts(url);
    console.log(
      `${name.padEnd(8)} sustained ${sustained.requestsPerSecond.toFixed(0).padStart(6)} req/s  p50 ${String(sustained.p50).padStart(4)} ms  p99 ${String(sustained.p99).padStart(4)} ms  max ${sustained.max} ms  non-2xx ${sustained.non2xx}  errors ${sustained.errors}`,
    );
    console.log(`${''.padEnd(8)} bursts    p50 ${String(burst.p50).padStart(4)} ms  p99 ${String(burst.p99).padStart(4)} ms  max ${burst.max} ms  non-200 ${burst.failed}`);
    return { sustained, burst };
  } finally {
    await stop(child);
  }
}

async function main(): Promise<void> {
  const policiesFile = join(mkdtempSync(join(tmpdir(), 'check-ack-bench-')), 'gates.yaml');
  writeFileSync(policiesFile, 'policies:\n  require-cmdline: { type: required-task, taskId: D9BAFED4-0B18-4F58-968D-86655B4D2CE9 }\n');
  console.log(
    `POST /checks/require-cmdline, node ${process.version}, load average ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs\n` +
      `sustained: ${CONNECTIONS} connections for ${SECONDS} s after a 2 s warm-up (autocannon); bursts: ${BURSTS} × ${CONNECTIONS} simultaneous calls`,
  );
  const bare = await measure('bare', 'services/ingress/bench/checks-ack-bare-server.ts', {});
  const ingress = await measure('ingress', 'services/ingress/bench/checks-ack-server.ts', {
    HOOK_KEYS: `bench:${HOOK_KEY}`,
    HOOK_RATE_PER_MINUTE: '10000000',
    GATE_POLICIES_FILE: policiesFile,
    GATE_TOKEN_KEY: Buffer.alloc(32, 7).toString('base64'),
    ALLOWED_ORG_URLS: ORG,
    LOG_LEVEL: 'info',
  });
  const ratio = (a: number, b: number) => (a / Math.max(b, 1)).toFixed(2);
  console.log(
    `ingress/bare: sustained p50 ×${ratio(ingress.sustained.p50, bare.sustained.p50)}, p99 ×${ratio(ingress.sustained.p99, bare.sustained.p99)}, ` +
      `req/s ×${(ingress.sustained.requestsPerSecond / bare.sustained.requestsPerSecond).toFixed(2)}; bursts p50 ×${ratio(ingress.burst.p50, bare.burst.p50)}, p99 ×${ratio(ingress.burst.p99, bare.burst.p99)}`,
  );
  const met = ingress.burst.p99 <= 50 && ingress.burst.failed === 0;
  console.log(`target p99 ≤ 50 ms for 200 concurrent check calls: ${met ? 'met' : 'NOT met'} (bursts p99 ${ingress.burst.p99} ms; bare ${bare.burst.p99} ms)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
