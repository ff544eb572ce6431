import { isFreeOfSecrets } from './free-of-secrets';
import { redactSecrets } from './secret-redaction';

const KNOWN = ['hunter2-hook-key'];

const cycle: Record<string, unknown> = { id: 'a' };
cycle['self'] = cycle;
let deep: Record<string, unknown> = { leaf: 'x' };
for (let i = 0; i < 6; i++) deep = { deep };

// Values the logger sees every day: ids, names, counts, flags, small nested objects and lists.
const clean: Record<string, unknown> = {
  'accepted-hook line': { eventId: '01JD-e1', correlationId: '01JD-c1', eventType: 'azure-devops.build.completed.v1', keyName: 'primary' },
  'numbers, flags, null, undefined': { attempt: 3, ok: false, skipped: null, next: undefined, ratio: 0.5 },
  'a secret-named field without a value': { token: undefined, password: null },
  'code outside a query': { code: 'HOOK_KEY_INVALID', error: { code: 'BUS_UNAVAILABLE' } },
  'nested plain objects and arrays': { listening: { url: 'http://127.0.0.1:8080', keyNames: ['primary', 'secondary'] } },
  'an object without prototype': Object.assign(Object.create(null) as object, { id: 'x' }),
};

// Each must go through the copying redaction (the check answers false).
const needsRedaction: Record<string, unknown> = {
  'a secret-named header': { headers: { authorization: 'Basic dXNlcjpwdw==' } },
  'a secret-named field that is not a string': { hookKeys: ['a', 'b'] },
  'a field ending in token': { accessToken: 'abc' },
  'code inside a query': { query: { code: 'abcdef' } },
  'code inside each of a list of queries': { query: [{ code: 'abcdef' }] },
  'a known secret inside a string': { note: 'caller sent hunter2-hook-key' },
  'a query secret inside a string': { url: '/hooks/azure-devops?code=abcdef' },
  'a Bearer credential inside a string': { detail: 'Bearer abcdefgh' },
  'a connection string': { endpoint: 'Endpoint=sb://x/;SharedAccessKey=abc' },
  'a secret header quoted in a string': { detail: 'request had X-Hook-Key: abcdef' },
  'a secret header quoted as JSON in a string': { body: '{"aeg-sas-key":"abcdef"}' },
  'a password in a URL': ['https://user:pw@dev.azure.com/org'],
  'a URL object (its JSON is its href)': { target: new URL('https://dev.azure.com/x?code=abcdef') },
  'an object with toJSON': { custom: { toJSON: () => 'Bearer abcdefgh' } },
  'an Error': { err: new Error('failed') },
  'a Date': { at: new Date(0) },
  'a Buffer': { body: Buffer.from('x') },
  'a Uint8Array': { body: new Uint8Array([1]) },
  'a Map': { byName: new Map([['a', 1]]) },
  'a function': { callback: () => undefined },
  'a bigint': { big: 1n },
  'a cycle': cycle,
  'a deeply nested object': deep,
  'a long array': { ids: Array.from({ length: 100 }, (_, i) => `id-${i}`) },
};

const json = (value: unknown) => JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? String(item) : item)) ?? 'undefined';

describe('isFreeOfSecrets (the logger’s no-copy path)', () => {
  it.each(Object.entries(clean))('lets %s through uncopied', (_name, value) => {
    expect(isFreeOfSecrets(value, KNOWN)).toBe(true);
  });

  it.each(Object.entries(needsRedaction))('sends %s to the copying redaction', (_name, value) => {
    expect(isFreeOfSecrets(value, KNOWN)).toBe(false);
  });

  it('never lets through a value that the full redaction would change', () => {
    for (const value of [...Object.values(clean), ...Object.values(needsRedaction)]) {
      if (isFreeOfSecrets(value, KNOWN)) expect(json(redactSecrets(value, KNOWN))).toBe(json(value));
      else expect(json(redactSecrets(value, KNOWN))).not.toMatch(/hunter2|abcdef|dXNlcjpwdw|:pw@/);
    }
  });
});
