import { SpanKind } from '@opentelemetry/api';
import { generateTokenKey } from '@switchyard/gates';
import { startInMemoryTracing, type InMemoryTracing } from '@switchyard/observability';
import { startCheckHarness, writePoliciesFile, type CheckHarness } from '../../../test/check-call';
import { KEYS } from '../../../test/ingress-harness';

describe('POST /checks/{policy}/sync in a trace', () => {
  let tracing: InMemoryTracing;
  let checks: CheckHarness;

  // The SERVER span ends once the response is sent, which may be after fetch resolved.
  async function serverSpanOf(headers: Record<string, string>, policy = 'manual-only') {
    tracing.reset();
    const response = await fetch(`${checks.h.ingress.url}/checks/${policy}/sync`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hook-key': KEYS.prod, ...headers },
      body: '{}',
    });
    for (let i = 0; i < 100 && !tracing.spans().some((span) => span.kind === SpanKind.SERVER); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    const [span] = tracing.spans().filter((s) => s.kind === SpanKind.SERVER);
    return { status: response.status, span };
  }

  beforeAll(async () => {
    // Before the ingress starts: it adds its HTTP tracing only when a tracer provider is installed.
    tracing = startInMemoryTracing();
    checks = await startCheckHarness(writePoliciesFile(), generateTokenKey());
  });
  afterAll(async () => {
    await checks.close();
    await tracing.shutdown();
  });

  it('tells approved from rejected on the SERVER span, by policy and decision', async () => {
    const approved = await serverSpanOf({ BuildReason: 'Manual' });
    expect(approved.status).toBe(200);
    expect(approved.span.name).toBe('POST /checks/:policy/sync');
    expect(approved.span.attributes).toMatchObject({ 'switchyard.check.policy': 'manual-only', 'switchyard.check.decision': 'approved' });

    const rejected = await serverSpanOf({ BuildReason: 'IndividualCI' });
    expect(rejected.status).toBe(200);
    expect(rejected.span.attributes).toMatchObject({ 'switchyard.check.policy': 'manual-only', 'switchyard.check.decision': 'rejected' });
  });

  it('names the policy but no decision when the call was refused, and never records a header value', async () => {
    const missing = await serverSpanOf({});
    expect(missing.status).toBe(400);
    expect(missing.span.attributes['switchyard.check.policy']).toBe('manual-only');
    expect(missing.span.attributes).not.toHaveProperty('switchyard.check.decision');

    // A token pasted into the header the policy reads: the answer describes it, the span has no trace of it.
    const token = 'eyJ0eXAiOiJKV1QifQ.pasted-into-BuildReason.sig';
    const pasted = await serverSpanOf({ BuildReason: token });
    expect(pasted.span.attributes['switchyard.check.decision']).toBe('rejected');
    expect(JSON.stringify(pasted.span.attributes)).not.toContain(token.slice(0, 12));
    expect(JSON.stringify(pasted.span.attributes)).not.toContain(KEYS.prod);
  });

  it('adds nothing for a policy that is not configured: the attribute holds configured names only', async () => {
    const unknown = await serverSpanOf({ BuildReason: 'Manual' }, 'no-such-policy-0123456789');
    expect(unknown.status).toBe(404);
    expect(unknown.span.attributes).not.toHaveProperty('switchyard.check.policy');
  });
});
