import { deflateSync, gzipSync } from 'node:zlib';
import { readFixtureJson } from '@switchyard/testing';
import { KEYS, postHook, startHarness, type Harness } from './ingress-harness';

const valid = readFixtureJson<Record<string, unknown>>('hooks/go-playground-webhooks/build.complete.json');

describe('POST /hooks/azure-devops with bad input', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ HOOK_MAX_BYTES: '65536' });
  });
  afterAll(async () => {
    await h.close();
  });

  async function expectProblem(response: Response, status: number, code: string) {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = await response.json();
    expect(problem).toMatchObject({ status, code, title: expect.any(String), detail: expect.any(String) });
    return problem as { detail: string; issues?: string[] };
  }
  const url = () => h.hookUrl(`?code=${KEYS.prod}`);

  it('415 for anything but JSON', async () => {
    const problem = await expectProblem(await postHook(url(), 'id=1', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(problem.detail).toContain('application/json');
    await expectProblem(await postHook(url(), JSON.stringify(valid), { 'content-type': 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('413 beyond HOOK_MAX_BYTES', async () => {
    const big = JSON.stringify({ ...valid, id: 'too-big', padding: 'x'.repeat(70_000) });
    const problem = await expectProblem(await postHook(url(), big), 413, 'BODY_TOO_LARGE');
    expect(problem.detail).toBe('The request body is larger than 65536 bytes, the limit set by HOOK_MAX_BYTES; send a smaller body or raise HOOK_MAX_BYTES.');
  });

  it('413 (not a 503 that Azure DevOps would retry forever) for an event larger than the bus takes', async () => {
    const big = await startHarness({ BUS_MAX_MESSAGE_BYTES: '65536' });
    try {
      const push = (id: string, commentBytes: number) => JSON.stringify({ id, eventType: 'git.push', resource: { commits: [{ comment: 'x'.repeat(commentBytes) }] } });
      const response = await postHook(big.hookUrl(`?code=${KEYS.prod}`), push('too-big-for-the-bus', 70_000));
      const problem = await expectProblem(response, 413, 'EVENT_TOO_LARGE');
      expect(problem.detail).toContain('BUS_MAX_MESSAGE_BYTES');
      // Within the limit as JSON, but not with room for the message's properties, which Service Bus counts too.
      await expectProblem(await postHook(big.hookUrl(`?code=${KEYS.prod}`), push('no-room-for-properties', 63_000)), 413, 'EVENT_TOO_LARGE');
      expect(big.accepted).toEqual([]);
      // A generic event carries the notification once: 40 KB of a 64 KiB bus fits.
      expect((await postHook(big.hookUrl(`?code=${KEYS.prod}`), push('fits-the-bus', 40_000))).status).toBe(202);
    } finally {
      await big.close();
    }
  });

  it('400 for a URL path that does not decode, without quoting the key from the query', async () => {
    for (const path of ['/hooks/azure-devops%E0', '/checks/%C0']) {
      const response = await postHook(`${h.ingress.url}${path}?code=${KEYS.prod}`, JSON.stringify(valid));
      const text = await response.clone().text();
      const problem = await expectProblem(response, 400, 'INVALID_URL');
      expect(problem.detail).toContain('percent-encoded');
      expect(text).not.toContain(KEYS.prod);
    }
    expect(h.logLines.join('\n')).not.toContain(KEYS.prod);
  });

  it('400 for an empty body and invalid JSON', async () => {
    await expectProblem(await postHook(url(), ''), 400, 'EMPTY_BODY');
    const problem = await expectProblem(await postHook(url(), '{"id": "x", '), 400, 'INVALID_JSON');
    expect(problem.detail).toMatch(/not valid JSON/);
  });

  it('400 naming the missing or wrong fields for JSON that is not a service hook', async () => {
    let problem = await expectProblem(await postHook(url(), JSON.stringify({ hello: 'world' })), 400, 'NOT_A_SERVICE_HOOK');
    expect((problem.issues ?? []).join('\n')).toMatch(/id[\s\S]*eventType[\s\S]*resource/);
    problem = await expectProblem(await postHook(url(), JSON.stringify({ ...valid, id: 42, resource: 'x' })), 400, 'NOT_A_SERVICE_HOOK');
    expect((problem.issues ?? []).join('\n')).toMatch(/id: expected a non-empty string, got a number/);
    for (const body of ['[]', 'null', '"text"', '12', 'true']) {
      await expectProblem(await postHook(url(), body), 400, 'NOT_A_SERVICE_HOOK');
    }
  });

  it('400 saying a missing field is missing, and naming the wrong type of the others in plain words', async () => {
    const { eventType: _eventType, ...withoutEventType } = valid;
    let problem = await expectProblem(await postHook(url(), JSON.stringify(withoutEventType)), 400, 'NOT_A_SERVICE_HOOK');
    expect(problem.issues).toEqual(['eventType is missing']);
    problem = await expectProblem(await postHook(url(), JSON.stringify({ hello: 'world' })), 400, 'NOT_A_SERVICE_HOOK');
    expect(problem.issues).toEqual(['id is missing', 'eventType is missing', 'resource is missing']);
    problem = await expectProblem(await postHook(url(), JSON.stringify({ ...valid, id: 42, eventType: [], resource: null })), 400, 'NOT_A_SERVICE_HOOK');
    expect(problem.issues).toEqual([
      'id: expected a non-empty string, got a number',
      'eventType: expected a non-empty string, got an array',
      'resource: expected a JSON object, got null',
    ]);
    problem = await expectProblem(await postHook(url(), JSON.stringify({ ...valid, id: {}, eventType: true, resource: 'x', createdDate: {} })), 400, 'NOT_A_SERVICE_HOOK');
    expect(problem.issues).toEqual([
      'id: expected a non-empty string, got an object',
      'eventType: expected a non-empty string, got a boolean',
      'resource: expected a JSON object, got a string',
      'createdDate: expected a string, got an object',
    ]);
  });

  it('400 whose detail says what is wrong: the notification fields, or what its event type needs', async () => {
    const notification = { id: 'n1', eventType: 'build.complete', resource: {} };
    let problem = await expectProblem(await postHook(url(), JSON.stringify(notification)), 400, 'NOT_A_SERVICE_HOOK');
    expect(problem.detail).toBe('The notification lacks what a build.complete event needs; `issues` names each field.');
    expect(problem.issues).toEqual(['resource.id: a build.complete event needs the numeric build id']);
    problem = await expectProblem(await postHook(url(), JSON.stringify({ ...notification, eventType: 'git.pullrequest.created' })), 400, 'NOT_A_SERVICE_HOOK');
    expect(problem.detail).toBe('The notification lacks what a git.pullrequest.created event needs; `issues` names each field.');
    expect(problem.issues).toHaveLength(2);
    const { resource: _resource, ...withoutResource } = notification;
    problem = await expectProblem(await postHook(url(), JSON.stringify(withoutResource)), 400, 'NOT_A_SERVICE_HOOK');
    expect(problem.detail).toBe(
      'The JSON is not an Azure DevOps service-hook notification: it needs an id string, an eventType string and a resource object; `issues` names each field that is missing or wrong.',
    );
    expect(problem.issues).toEqual(['resource is missing']);
    problem = await expectProblem(await postHook(url(), JSON.stringify({ ...notification, id: 7 })), 400, 'NOT_A_SERVICE_HOOK');
    expect(problem.detail).toContain('it needs an id string, an eventType string and a resource object');
    expect(h.accepted.map((event) => event.id)).not.toContain('n1');
  });

  it('400 for prototype-pollution keys, also when escaped', async () => {
    await expectProblem(await postHook(url(), `{"__proto__":{"polluted":true},${JSON.stringify(valid).slice(1)}`), 400, 'FORBIDDEN_JSON_KEY');
    await expectProblem(await postHook(url(), `{"\\u005f_proto__":{"polluted":true},${JSON.stringify(valid).slice(1)}`), 400, 'FORBIDDEN_JSON_KEY');
    await expectProblem(
      await postHook(url(), JSON.stringify({ ...valid, resource: { constructor: { prototype: { polluted: true } } } })),
      400,
      'FORBIDDEN_JSON_KEY',
    );
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('400 for very deep nesting, 202 for huge strings within the cap, and never a 5xx', async () => {
    await expectProblem(await postHook(url(), '['.repeat(30_000) + ']'.repeat(30_000)), 400, 'JSON_TOO_DEEP');
    await expectProblem(await postHook(url(), `{"id":"d","eventType":"x","resource":${'{"a":'.repeat(100)}1${'}'.repeat(100)}}`), 400, 'JSON_TOO_DEEP');
    const huge = await postHook(url(), JSON.stringify({ ...valid, id: 'huge-string', message: { text: 'é'.repeat(20_000) } }));
    expect(huge.status).toBe(202);
    await expectProblem(await postHook(url(), JSON.stringify({ ...valid, id: 'x'.repeat(20_000) })), 400, 'NOT_A_SERVICE_HOOK');
    // wrong types in every typed field of the build contract still never crash the ingress
    const wrongTypes = await postHook(url(), JSON.stringify({ ...valid, id: 'wrong-types', resource: { id: {}, result: [], definition: 'x', url: 5 } }));
    // resource.id is not a number: a build.complete without its build id is refused, naming the field.
    await expectProblem(wrongTypes, 400, 'NOT_A_SERVICE_HOOK');
  });

  it('400 for a service hook whose bytes are not UTF-8, instead of publishing it with U+FFFD', async () => {
    const [before, after] = JSON.stringify({ ...valid, id: 'invalid-utf8', message: { text: 'Build @@ succeeded' } }).split('@@');
    const body = Buffer.concat([Buffer.from(before), Buffer.from([0xff, 0xfe]), Buffer.from(after)]);
    const problem = await expectProblem(await postHook(url(), body), 400, 'INVALID_UTF8');
    expect(problem.detail).toContain('UTF-8');
    expect(h.accepted.map((event) => event.id)).not.toContain('invalid-utf8');
  });

  it('415 for a declared charset other than UTF-8; utf-8 in any case or quoted, or no charset, is accepted', async () => {
    const hook = (id: string) => JSON.stringify({ ...valid, id });
    for (const contentType of ['application/json; charset=latin1', 'application/json;charset=ISO-8859-1', 'application/json; charset="utf-16"']) {
      const problem = await expectProblem(await postHook(url(), hook('latin1'), { 'content-type': contentType }), 415, 'UNSUPPORTED_CHARSET');
      expect(problem.detail).toContain('UTF-8');
    }
    expect(h.accepted.map((event) => event.id)).not.toContain('latin1');
    const accepted = ['application/json', 'application/json; charset=utf-8', 'application/json; charset=UTF-8', 'application/json;charset="Utf-8"'];
    for (const [i, contentType] of accepted.entries()) {
      expect((await postHook(url(), hook(`charset-${i}`), { 'content-type': contentType })).status).toBe(202);
    }
  });

  it('415 saying to send it uncompressed for a body with a Content-Encoding, never a misleading INVALID_UTF8 nor a publish', async () => {
    const hook = (id: string) => JSON.stringify({ ...valid, id });
    const compressed = [
      ['gzip', gzipSync(hook('gzipped'))],
      ['deflate', deflateSync(hook('deflated'))],
      // A plain body labelled compressed is not what it says either: publishing it would hide the sender's bug.
      ['gzip', Buffer.from(hook('labelled-gzip'))],
      ['br', Buffer.from(hook('labelled-br'))],
    ] as const;
    for (const [coding, body] of compressed) {
      const response = await postHook(url(), body, { 'content-encoding': coding });
      expect(response.headers.get('accept-encoding')).toBe('identity');
      const problem = await expectProblem(response, 415, 'UNSUPPORTED_CONTENT_ENCODING');
      expect(problem.detail).toContain('uncompressed');
    }
    expect(h.accepted.map((event) => event.id)).toEqual(expect.not.arrayContaining(['gzipped', 'deflated', 'labelled-gzip', 'labelled-br']));
    for (const coding of ['identity', 'Identity ']) {
      expect((await postHook(url(), hook(`identity-${coding.trim()}`), { 'content-encoding': coding })).status).toBe(202);
    }
    // Without a key it stays the 401, before the body is read.
    await expectProblem(await postHook(h.hookUrl(), gzipSync(hook('no-key')), { 'content-encoding': 'gzip' }), 401, 'HOOK_KEY_REJECTED');
  });

  it('checks the key before reading the body: without a key every bad body is 401', async () => {
    await expectProblem(await postHook(h.hookUrl(), '{"not json'), 401, 'HOOK_KEY_REJECTED');
    await expectProblem(await postHook(h.hookUrl(), 'x'.repeat(70_000)), 401, 'HOOK_KEY_REJECTED');
    await expectProblem(await postHook(h.hookUrl(), 'a=b', { 'content-type': 'text/plain' }), 401, 'HOOK_KEY_REJECTED');
    await expectProblem(await postHook(h.hookUrl(), JSON.stringify(valid), { 'content-type': 'application/json; charset=latin1' }), 401, 'HOOK_KEY_REJECTED');
  });

  it('404 as a problem for unknown paths, naming where hooks and check calls go', async () => {
    const response = await fetch(`${h.ingress.url}/checks/manual-only/sync/`, { method: 'POST' });
    const problem = await expectProblem(response, 404, 'NOT_FOUND');
    expect(problem.detail).toBe('No such endpoint; service hooks go to POST /hooks/azure-devops, check calls to POST /checks/{policy} or /checks/{policy}/sync.');
  });

  it('does not write back the key of a subscription URL mistyped with & or ; instead of ?', async () => {
    for (const typo of ['&', ';', '%26']) {
      const response = await fetch(`${h.ingress.url}/hooks/azure-devops${typo}code=${KEYS.prod}`, { method: 'POST' });
      const text = await response.text();
      expect(response.status).toBe(404);
      expect(text).not.toContain(KEYS.prod);
      expect(JSON.parse(text).instance).toContain('[REDACTED]');
    }
  });

  it('still serves after all of that', async () => {
    const response = await postHook(url(), JSON.stringify({ ...valid, id: 'after-bad-input' }));
    expect(response.status).toBe(202);
  });
});
