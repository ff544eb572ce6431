// Ack latency of POST /checks/{policy} (callback mode) at 200 concurrent check calls: the real
// ingress (hook-key auth, header validation, AuthToken sealing, publish on its embedded bus) vs a
// bare Fastify server answering 200, each in its own process, measured with autocannon.
// Run: SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register services/gate-evaluator/bench/check-ack.bench.ts
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

const repoRoot = join(__dirname, '..', '..', '..');
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 200);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
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
    env: { ...process.env, SWC_NODE_PROJECT: join(repoRoot, 'tsconfig.base.json'), PORT: String(port), HOST: '127.0.0.1', ...env },
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

function load(url: string, seconds: number): Promise<Figures> {
  const headers: Record<string, string> = {
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

async function measure(name: string, script: string, env: Record<string, string>): Promise<Figures> {
  const { url, child } = await startServer(script, env);
  try {
    await load(url, 2); // warm-up: JIT, connection pools
    const figures = await load(url, SECONDS);
    console.log(
      `${name.padEnd(8)} ${figures.requestsPerSecond.toFixed(0).padStart(7)} req/s  p50 ${String(figures.p50).padStart(4)} ms  p99 ${String(figures.p99).padStart(4)} ms  max ${figures.max} ms  non-2xx ${figures.non2xx}  errors ${figures.errors}`,
    );
    return figures;
  } finally {
    await stop(child);
  }
}

async function main(): Promise<void> {
  const policiesFile = join(mkdtempSync(join(tmpdir(), 'check-ack-bench-')), 'gates.yaml');
  writeFileSync(policiesFile, 'policies:\n  require-cmdline: { type: required-task, taskId: D9BAFED4-0B18-4F58-968D-86655B4D2CE9 }\n');
  console.log(`POST /checks/require-cmdline, ${CONNECTIONS} connections, ${SECONDS} s (after 2 s warm-up), node ${process.version}`);
  const bare = await measure('bare', 'services/gate-evaluator/bench/bare-ack-server.ts', {});
  const ingress = await measure('ingress', 'services/ingress/src/main.ts', {
    BUS: 'embedded',
    HOOK_KEYS: `bench:${HOOK_KEY}`,
    HOOK_RATE_PER_MINUTE: '10000000',
    GATE_POLICIES_FILE: policiesFile,
    GATE_TOKEN_KEY: Buffer.alloc(32, 7).toString('base64'),
    ALLOWED_ORG_URLS: ORG,
    LOG_LEVEL: 'info',
  });
  console.log(`ingress/bare: p50 ×${(ingress.p50 / Math.max(bare.p50, 1)).toFixed(2)}, p99 ×${(ingress.p99 / Math.max(bare.p99, 1)).toFixed(2)}, req/s ×${(ingress.requestsPerSecond / bare.requestsPerSecond).toFixed(2)}`);
  console.log(`target p99 ≤ 50 ms: ${ingress.p99 <= 50 && ingress.non2xx === 0 && ingress.errors === 0 ? 'met' : 'NOT met'} (ingress p99 ${ingress.p99} ms)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
