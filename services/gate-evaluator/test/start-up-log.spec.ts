import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createTestBus } from '@switchyard/messaging/testing';
import { generateTokenKey, tokenKeyRingFromEnv } from '@switchyard/gates';
import { createLogger } from '@switchyard/observability';
import { startGateEvaluator } from '../src/start-gate-evaluator';

type LogLine = { level: unknown; msg: string } & Record<string, unknown>;

/** The warnings of a start-up with `env` (no HTTP server). */
async function startUpWarnings(env: Record<string, string>): Promise<string[]> {
  return (await startUpLines(env)).filter((line) => line.level === 40 || line.level === 'warn').map((line) => line.msg);
}

async function startUpLines(env: Record<string, string>): Promise<LogLine[]> {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  const bus = createTestBus();
  const evaluator = await startGateEvaluator({ bus, env, logger: createLogger({ service: 'gate-evaluator', level: 'debug', destination }) });
  await evaluator.close();
  await bus.close();
  return lines.map((line) => JSON.parse(line) as LogLine);
}

describe('gate evaluator start-up without policies', () => {
  it('says GATE_POLICIES_FILE is not set when it is not', async () => {
    expect(await startUpWarnings({})).toEqual(['GATE_POLICIES_FILE is not set: no gate policies, every check call is refused by the ingress']);
  });

  it('names the file when it is set but defines no policies (as the shipped k8s config does)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gate-start-')), 'gate-policies.yaml');
    writeFileSync(file, 'policies: {}\n');
    expect(await startUpWarnings({ GATE_POLICIES_FILE: file })).toEqual([
      `GATE_POLICIES_FILE=${file} defines no policies: every check call is refused by the ingress`,
    ]);
  });
});

describe('gate evaluator start-up with policies', () => {
  it('lists the ids of the token keys it opens, as dead letters name them, and never a key', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gate-start-')), 'gate-policies.yaml');
    writeFileSync(file, 'policies:\n  manual-only:\n    type: build-reason\n    allowed: [Manual]\n');
    const keys = { GATE_TOKEN_KEY: generateTokenKey(), GATE_TOKEN_PREVIOUS_KEYS: `${generateTokenKey()},${generateTokenKey()}` };
    const lines = await startUpLines({ GATE_POLICIES_FILE: file, ALLOWED_ORG_URLS: 'https://dev.azure.com/fabrikam/', ...keys });
    const ring = tokenKeyRingFromEnv(keys);
    expect(lines.find((line) => line.msg === 'gate evaluator started')?.['tokenKeyIds']).toEqual({ current: ring.current.id, previous: ring.previous.map((key) => key.id) });
    const text = JSON.stringify(lines);
    for (const key of [keys.GATE_TOKEN_KEY, ...keys.GATE_TOKEN_PREVIOUS_KEYS.split(',')]) expect(text).not.toContain(key);
  });
});
