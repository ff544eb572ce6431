import { Writable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { createLogger } from '@switchyard/observability';
import { setHookKeyName } from '../authenticate-hook-key/hook-key.context';
import { setProblemCode } from '../problem/problem-code.context';
import type { ProblemCode } from '../problem/problem-codes';
import { RATE_LIMITED_WARN_INTERVAL_MS, RefusalLog, setRefusedOrganization } from './log-refusal';

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
    log = new RefusalLog(createLogger({ service: 'ingress', level: 'debug', destination }), 'service hook', () => clock);
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

  it('warns again about RATE_LIMITED after the clock went back, instead of staying silent for as long as the step', () => {
    refuse('RATE_LIMITED', 'ado-prod');
    clock -= 3_600_000;
    refuse('RATE_LIMITED', 'ado-prod');
    refuse('RATE_LIMITED', 'ado-prod');
    expect(warnings()).toEqual([
      ['ado-prod', 'RATE_LIMITED', 1],
      ['ado-prod', 'RATE_LIMITED', 1],
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

  it('adds the organization a bound key claimed to the same line, shown without a token-shaped segment', () => {
    const token = 'a'.repeat(52);
    const refuseFor = (url: string | undefined, fields?: Record<string, unknown>) => {
      const request = {} as FastifyRequest;
      setHookKeyName(request, 'cloud-team');
      setProblemCode(request, 'HOOK_KEY_NOT_FOR_ORGANIZATION');
      setRefusedOrganization(request, url, fields);
      log.refused(request, 403, { mode: 'sync' });
    };
    refuseFor('https://Contoso.visualstudio.com/Project/_git/repo', { eventId: 'e-1', eventType: 'git.push' });
    refuseFor(undefined);
    refuseFor(`https://dev.azure.com/${token}/`);
    refuse('INVALID_JSON', 'cloud-team', 400);
    expect(lines.map(({ level, msg, keyName, status, code, organizationUrl, eventId, eventType, mode }) => ({ level, msg, keyName, status, code, organizationUrl, eventId, eventType, mode }))).toEqual([
      { level: 'warn', msg: 'service hook refused', keyName: 'cloud-team', status: 403, code: 'HOOK_KEY_NOT_FOR_ORGANIZATION', organizationUrl: 'https://contoso.visualstudio.com/', eventId: 'e-1', eventType: 'git.push', mode: 'sync' },
      { level: 'warn', msg: 'service hook refused', keyName: 'cloud-team', status: 403, code: 'HOOK_KEY_NOT_FOR_ORGANIZATION', organizationUrl: 'none', mode: 'sync' },
      expect.objectContaining({ organizationUrl: expect.stringMatching(/^https:\/\/dev\.azure\.com\/… \(a URL of \d+ characters\)$/) }),
      { level: 'warn', msg: 'service hook refused', keyName: 'cloud-team', status: 400, code: 'INVALID_JSON' },
    ]);
    expect(JSON.stringify(lines)).not.toContain(token);
  });

  it('logs a refusal without a valid key at debug only', () => {
    refuse('HOOK_KEY_REJECTED', undefined, 401);
    expect(lines.map((line) => [line['level'], line['status'], line['code'], line['keyName']])).toEqual([['debug', 401, 'HOOK_KEY_REJECTED', undefined]]);
  });
});
