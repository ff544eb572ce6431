import { KEYS, postHook, startHarness, type Harness } from './ingress-harness';

const POST_ONLY_PATHS = ['/hooks/azure-devops', '/checks/manual-only', '/checks/manual-only/sync'];

describe('methods other than POST on the hook and check paths', () => {
  let h: Harness;
  beforeAll(async () => {
    // Under REQUIRE_HTTPS too: the 405 is answered before HTTPS, key and body are looked at.
    h = await startHarness({ REQUIRE_HTTPS: 'true', TRUSTED_PROXIES: 'loopback' });
  });
  afterAll(async () => {
    await h.close();
  });

  it.each(POST_ONLY_PATHS.flatMap((path) => ['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'].map((method) => [method, path])))(
    '%s %s: 405 with Allow: POST and a problem naming the method to use',
    async (method, path) => {
      const response = await fetch(`${h.ingress.url}${path}`, { method });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      const problem = (await response.json()) as Record<string, unknown>;
      expect(problem).toMatchObject({ status: 405, code: 'METHOD_NOT_ALLOWED', title: 'Method Not Allowed', instance: path });
      expect(problem['detail']).toMatch(new RegExp(`^${method} is not allowed here; .*POST`));
    },
  );

  it('tells a check and a hook sender what to change', async () => {
    const hook = (await (await fetch(h.hookUrl())).json()) as { detail: string };
    expect(hook.detail).toBe('GET is not allowed here; send the service-hook notification with POST, as a Web Hooks subscription does.');
    const check = (await (await fetch(`${h.ingress.url}/checks/manual-only/sync`, { method: 'PUT' })).json()) as { detail: string };
    expect(check.detail).toBe('PUT is not allowed here; set the Method of the Invoke REST API check to POST (docs/gate-evaluator.md).');
  });

  it('HEAD: 405 with Allow: POST and no body', async () => {
    for (const path of POST_ONLY_PATHS) {
      const response = await fetch(`${h.ingress.url}${path}`, { method: 'HEAD' });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
      expect(await response.text()).toBe('');
    }
  });

  it('answers 405 before reading the body, and never writes back a key from the query', async () => {
    const response = await fetch(h.hookUrl(`?code=${KEYS.prod}`), { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'x'.repeat(2 * 1024 * 1024) });
    expect(response.status).toBe(405);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ code: 'METHOD_NOT_ALLOWED', instance: '/hooks/azure-devops' });
    expect(text).not.toContain(KEYS.prod);
    expect(h.logLines.join('\n')).not.toContain(KEYS.prod);
  });

  it('leaves POST as it was (403 over plain HTTP here), and other paths 404', async () => {
    expect((await postHook(h.hookUrl(`?code=${KEYS.prod}`), '{}')).status).toBe(403);
    expect((await postHook(h.hookUrl(`?code=${KEYS.prod}`), '{}', { 'x-forwarded-proto': 'https' })).status).toBe(400);
    const unknown = await fetch(`${h.ingress.url}/hooks/github`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('counts the 405s with the answers of their route', async () => {
    const text = await (await fetch(`${h.ingress.url}/metrics`)).text();
    expect(text).toMatch(/switchyard_ingress_hooks_total\{event_type="unknown",status="405",code="METHOD_NOT_ALLOWED"[^}]*\} [1-9]/);
    expect(text).toMatch(/switchyard_check_calls_total\{policy="unknown",mode="callback",status="405",code="METHOD_NOT_ALLOWED"[^}]*\} [1-9]/);
    expect(text).toMatch(/switchyard_check_calls_total\{policy="unknown",mode="sync",status="405",code="METHOD_NOT_ALLOWED"[^}]*\} [1-9]/);
  });
});
