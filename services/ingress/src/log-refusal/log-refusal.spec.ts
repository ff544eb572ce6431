import { Writable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { createLogger } from '@switchyard/observability';
import { setHookKeyName } from '../authenticate-hook-key/hook-key.context';
import { setProblemCode } from '../problem/problem-code.context';
import type { ProblemCode } from '../problem/problem-codes';
import { RATE_LIMITED_WARN_INTERVAL_MS, RefusalLog } from './log-refusal';

describe('RefusalLog', () => {
  let lines: Array<Record<string, unknown>>;
  let clock: number;
  let log: RefusalLog;

  beforeEach(() => {
    lines = [];
    clock = 1_000_000;
    const destination = new Writable({
      write(chunk, _encoding, callback) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        callback();
      },
    });
    log = new RefusalLog(createLogger({ service: 'ingress', level: 'debug', destination }), 'service hook refused', () => clock);
  });

  const refuse = (code: ProblemCode, keyName?: string, status = 503) => {
    const request = {} as FastifyRequest;
    if (keyName !== undefined) setHookKeyName(request, keyName);
    setProblemCode(request, code);
    log.refused(request, status);
  };
  const warnings = () => lines.filter((line) => line['level'] === 'warn').map((line) => [line['keyName'], line['code'], line['refusals']]);

  it("warns once per key and minute about RATE_LIMITED, counting the key's refusals since its previous warn line", () => {
    for (let i = 0; i < 29; i++) refuse('RATE_LIMITED', 'ado-prod');
    expect(warnings()).toEqual([['ado-prod', 'RATE_LIMITED', 1]]);
    expect(lines.filter((line) => line['level'] === 'debug' && line['code'] === 'RATE_LIMITED')).toHaveLength(28);

    clock += RATE_LIMITED_WARN_INTERVAL_MS - 1;
    refuse('RATE_LIMITED', 'ado-prod');
    expect(warnings()).toHaveLength(1);
    clock += 1;
    refuse('RATE_LIMITED', 'ado-prod');
    expect(warnings()).toEqual([
      ['ado-prod', 'RATE_LIMITED', 1],
      ['ado-prod', 'RATE_LIMITED', 30],
    ]);
  });

  it("keeps each key's RATE_LIMITED lines apart, and warns about every other refusal of a valid key", () => {
    refuse('RATE_LIMITED', 'ado-prod');
    refuse('RATE_LIMITED', 'ado-prod');
    refuse('RATE_LIMITED', 'tfs-onprem');
    refuse('INVALID_JSON', 'ado-prod', 400);
    refuse('INVALID_JSON', 'ado-prod', 400);
    refuse('BUS_UNAVAILABLE', 'ado-prod');
    expect(warnings()).toEqual([
      ['ado-prod', 'RATE_LIMITED', 1],
      ['tfs-onprem', 'RATE_LIMITED', 1],
      ['ado-prod', 'INVALID_JSON', undefined],
      ['ado-prod', 'INVALID_JSON', undefined],
      ['ado-prod', 'BUS_UNAVAILABLE', undefined],
    ]);
  });

  it('logs a refusal without a valid key at debug only', () => {
    refuse('HOOK_KEY_REJECTED', undefined, 401);
    expect(lines.map((line) => [line['level'], line['status'], line['code'], line['keyName']])).toEqual([['debug', 401, 'HOOK_KEY_REJECTED', undefined]]);
  });
});
