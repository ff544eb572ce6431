// Benchmark (not a test): how long Azurite takes to answer the writes the renderer sends, on disk
// (`--location`, what the local run uses by default) against in memory (`--inMemoryPersistence`,
// SWITCHYARD_AZURITE_MEMORY=true), in alternating rounds of the same run so machine load hits both.
// The load is the renderer's at 50 hooks/s: a burst of 5 conditional PUTs of small badges every 20 ms.
//
// Run: node -r @swc-node/register services/badge-renderer/bench/azurite-writes.bench.ts
//      (or: NX_DAEMON=false npx nx run badge-renderer:bench-azurite)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import { startAzurite, type RunningAzurite } from '@switchyard/azurite';
import { AzureBlobBadgeStore } from '../src/badge-store/azure-blob-badge-store';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 8);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 2);
const BURST = 5;
const TICK_MS = 20;
const BLOBS = 60;

type Mode = 'disk' | 'memory';

/** CPU ms the process has used so far (Linux /proc), or undefined elsewhere. */
function cpuMs(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

async function round(mode: Mode): Promise<{ latencies: number[]; cpuPerWrite?: number }> {
  const location = mode === 'disk' ? mkdtempSync(join(tmpdir(), 'azurite-bench-')) : undefined;
  const azurite: RunningAzurite = await startAzurite(location ? { location } : { inMemory: true });
  try {
    const container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient('badges');
    const store = new AzureBlobBadgeStore(container, container.url, 'blob');
    await store.ensureContainer();
    const etags = new Map<number, string>();
    const write = async (blob: number, n: number): Promise<number> => {
      const etag = etags.get(blob);
      const started = performance.now();
      const result = await store.write(`fabfiber/Fabrikam/releases/Web.CD/environments/env-${blob}.svg`, {
        body: `<svg xmlns="http://www.w3.org/2000/svg" aria-label="env-${blob}: Release-${n} succeeded">${'x'.repeat(900)}</svg>`,
        contentType: 'image/svg+xml',
        maxAgeSeconds: 60,
        metadata: { order: `[${n},1,1,${Date.now()}]` },
        condition: etag ? { ifMatch: etag } : { ifNoneMatch: '*' },
      });
      if (!result.written) throw new Error(`conditional write of blob ${blob} was refused`);
      etags.set(blob, result.etag);
      return performance.now() - started;
    };
    for (let blob = 0; blob < BLOBS; blob++) await write(blob, 0); // every badge exists, as in a running system

    const latencies: number[] = [];
    const pending: Promise<void>[] = [];
    const cpuBefore = cpuMs(azurite.pid);
    const start = performance.now();
    const ticks = (SECONDS * 1000) / TICK_MS;
    for (let tick = 0; tick < ticks; tick++) {
      const wait = start + tick * TICK_MS - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      for (let k = 0; k < BURST; k++) {
        // Different blobs within a burst, as the renderer's per-badge queue serializes one blob's writes.
        const blob = (tick * BURST + k) % BLOBS;
        pending.push(write(blob, tick + 1).then((ms) => void latencies.push(ms)));
        if (pending.length >= BLOBS) await Promise.all(pending.splice(0));
      }
    }
    await Promise.all(pending);
    const cpuAfter = cpuMs(azurite.pid);
    const cpuPerWrite = cpuBefore !== undefined && cpuAfter !== undefined ? (cpuAfter - cpuBefore) / latencies.length : undefined;
    return { latencies: latencies.sort((a, b) => a - b), ...(cpuPerWrite !== undefined && { cpuPerWrite }) };
  } finally {
    await azurite.stop();
    if (location) rmSync(location, { recursive: true, force: true });
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

async function main(): Promise<void> {
  const results: Record<Mode, { latencies: number[]; cpu: number[] }> = { disk: { latencies: [], cpu: [] }, memory: { latencies: [], cpu: [] } };
  console.log(`${ROUNDS} rounds per mode, alternating, ${SECONDS} s each: ${BURST} conditional PUTs every ${TICK_MS} ms (${(BURST * 1000) / TICK_MS}/s) over ${BLOBS} badges`);
  for (let r = 0; r < ROUNDS; r++) {
    for (const mode of ['disk', 'memory'] as const) {
      const { latencies, cpuPerWrite } = await round(mode);
      results[mode].latencies.push(...latencies);
      if (cpuPerWrite !== undefined) results[mode].cpu.push(cpuPerWrite);
      console.log(`  round ${r + 1} ${mode.padEnd(6)} p50 ${percentile(latencies, 50).toFixed(1)} ms  p99 ${percentile(latencies, 99).toFixed(1)} ms`);
    }
  }
  const summary = (mode: Mode) => {
    const sorted = results[mode].latencies.sort((a, b) => a - b);
    const cpu = results[mode].cpu;
    return {
      p50: percentile(sorted, 50),
      p90: percentile(sorted, 90),
      p99: percentile(sorted, 99),
      max: sorted[sorted.length - 1] as number,
      cpu: cpu.length > 0 ? cpu.reduce((a, b) => a + b, 0) / cpu.length : undefined,
    };
  };
  const disk = summary('disk');
  const memory = summary('memory');
  const line = (name: string, s: ReturnType<typeof summary>) =>
    `${name.padEnd(34)} p50 ${s.p50.toFixed(1)} ms  p90 ${s.p90.toFixed(1)} ms  p99 ${s.p99.toFixed(1)} ms  max ${s.max.toFixed(1)} ms` +
    (s.cpu !== undefined ? `  Azurite CPU ${s.cpu.toFixed(2)} ms/write` : '');
  console.log('');
  console.log(line('on disk (--location, default)', disk));
  console.log(line('in memory (--inMemoryPersistence)', memory));
  console.log(`in memory vs on disk: p50 ${(disk.p50 / memory.p50).toFixed(1)}× faster, p99 ${(disk.p99 / memory.p99).toFixed(1)}× faster`);
  console.log(`load average during the run: ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} CPUs, Node ${process.version}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
