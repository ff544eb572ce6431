import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createTestBus } from '@switchyard/messaging/testing';
import { createLogger } from '@switchyard/observability';
import { startGateEvaluator } from '../src/start-gate-evaluator';

/** The warnings of a start-up with `env` (no HTTP server). */
async function startUpWarnings(env: Record<string, string>): Promise<string[]> {
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
  return lines.map((line) => JSON.parse(line) as { level: unknown; msg: string }).filter((line) => line.level === 40 || line.level === 'warn').map((line) => line.msg);
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
