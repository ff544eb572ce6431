import { RpcException } from '@nestjs/microservices';
import { throwError, of, timer, map } from 'rxjs';
import { PermanentError } from '../errors/permanent.error';
import { settleByOutcome } from './settle-by-outcome';

describe('settleByOutcome', () => {
  it('completes only after an async handler or its observable finished', async () => {
    const steps: string[] = [];
    const settlement = await settleByOutcome(() => timer(30).pipe(map(() => steps.push('done'))));
    expect(steps).toEqual(['done']);
    expect(settlement).toEqual({ kind: 'complete' });
    expect(await settleByOutcome(async () => undefined)).toEqual({ kind: 'complete' });
    expect(await settleByOutcome(() => of())).toEqual({ kind: 'complete' });
  });

  it('dead-letters a PermanentError, thrown directly or as Nest hands it on after its exception filter', async () => {
    const error = new PermanentError('GATE.BAD_CHECK', 'Check config is missing "policy"');
    expect(await settleByOutcome(() => Promise.reject(error))).toEqual({
      kind: 'deadLetter',
      reason: 'GATE.BAD_CHECK',
      description: 'Check config is missing "policy"',
    });
    expect(await settleByOutcome(() => throwError(() => error.getError()))).toMatchObject({ kind: 'deadLetter', reason: 'GATE.BAD_CHECK' });
  });

  it('abandons on any other failure, including Nest RpcExceptions and observables that error', async () => {
    const transient = new Error('503 from dev.azure.com');
    expect(await settleByOutcome(() => Promise.reject(transient))).toEqual({ kind: 'abandon', error: transient });
    expect(await settleByOutcome(() => throwError(() => ({ status: 'error', message: 'Internal server error' })))).toMatchObject({ kind: 'abandon' });
    expect(await settleByOutcome(() => Promise.reject(new RpcException('nope')))).toMatchObject({ kind: 'abandon' });
  });

  it('caps long descriptions', async () => {
    const settlement = await settleByOutcome(() => Promise.reject(new PermanentError('X', 'y'.repeat(5000))));
    expect(settlement.kind === 'deadLetter' && settlement.description.length).toBe(1024);
  });
});
