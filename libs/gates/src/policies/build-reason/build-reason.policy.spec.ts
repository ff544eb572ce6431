import { BuildReasonPolicy } from './build-reason.policy';

const policy = new BuildReasonPolicy(BuildReasonPolicy.options.parse({ allowed: ['manual', 'Schedule'] }));
const check = (headers: Record<string, string>) => ({ policy: 'p', headers, evaluation: 1, state: {} });

describe('BuildReasonPolicy', () => {
  it('passes an allowed reason whatever its case, from the default BuildReason header', async () => {
    expect(await policy.evaluate(check({ buildreason: 'Manual' }))).toEqual({ outcome: 'pass', reason: 'Build reason Manual is allowed' });
    expect((await policy.evaluate(check({ buildreason: 'schedule' }))).outcome).toBe('pass');
  });

  it('fails other reasons, listing the allowed ones', async () => {
    expect(await policy.evaluate(check({ buildreason: 'PullRequest' }))).toEqual({
      outcome: 'fail',
      reason: 'Build reason PullRequest is not allowed; allowed: Manual, Schedule',
    });
  });

  it('says which header to add when it is missing, and declares it as required', async () => {
    expect(policy.requiredHeaders).toEqual(['BuildReason']);
    expect((await policy.evaluate(check({}))).reason).toMatch(/add "BuildReason": "\$\(build\.Reason\)" to the check's Headers/);
  });

  it('takes the allowed reasons as a comma list too, each checked', () => {
    expect(BuildReasonPolicy.options.parse({ allowed: 'Manual, schedule' }).allowed).toEqual(['Manual', 'Schedule']);
    expect(BuildReasonPolicy.options.safeParse({ allowed: 'Manual,Manuel' }).error?.issues[0].message).toMatch(/^"Manuel" is not a Build.Reason/);
    expect(BuildReasonPolicy.options.safeParse({ allowed: ' , ' }).error?.issues[0].message).toBe('list at least one allowed build reason');
  });

  it('fails a header that carries more than one reason (a repeated header arrives joined by a comma)', async () => {
    const both = new BuildReasonPolicy(BuildReasonPolicy.options.parse({ allowed: ['Manual', 'PullRequest'] }));
    expect(await both.evaluate(check({ buildreason: 'Manual, PullRequest' }))).toEqual({
      outcome: 'fail',
      reason: 'Build reason Manual, PullRequest is not allowed; allowed: Manual, PullRequest',
    });
  });

  it('reads a custom header', async () => {
    const custom = new BuildReasonPolicy(BuildReasonPolicy.options.parse({ allowed: ['Manual'], header: 'X-Reason' }));
    expect((await custom.evaluate(check({ 'x-reason': 'Manual' }))).outcome).toBe('pass');
  });

  it('refuses to read a credential header, whatever its case', () => {
    for (const header of ['AuthToken', 'authtoken', 'Authorization', 'X-Hook-Key', 'Cookie']) {
      expect(BuildReasonPolicy.options.safeParse({ allowed: ['Manual'], header }).success).toBe(false);
    }
    expect(BuildReasonPolicy.options.safeParse({ allowed: ['Manual'], header: 'BuildReason' }).success).toBe(true);
  });

  it('refuses a header name no HTTP client can send, naming it', () => {
    for (const header of ['Bad Header', 'Build:Reason', 'BuildReason\t', 'Grund-für-Build']) {
      const parsed = BuildReasonPolicy.options.safeParse({ allowed: ['Manual'], header });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]).toMatchObject({ path: ['header'], message: expect.stringContaining(`${JSON.stringify(header)} is not an HTTP header name`) });
    }
    expect(BuildReasonPolicy.options.safeParse({ allowed: ['Manual'], header: "X-Build_Reason.v2!#$%&'*+^`|~" }).success).toBe(true);
  });
});
