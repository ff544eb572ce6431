import { HookKeyService } from './hook-key.service';

const keys = new HookKeyService([
  { name: 'ado', secret: 'ado-secret-0123456789' },
  { name: 'tfs', secret: 'tfs-secret-0123456789' },
]);
const basic = (value: string) => `Basic ${Buffer.from(value).toString('base64')}`;

describe('HookKeyService', () => {
  it.each([
    ['?code=', { headers: {}, query: { code: 'tfs-secret-0123456789' } }, 'tfs'],
    ['Basic password', { headers: { authorization: basic('user:ado-secret-0123456789') }, query: {} }, 'ado'],
    ['Basic, empty user', { headers: { authorization: basic(':ado-secret-0123456789') }, query: {} }, 'ado'],
    ['X-Hook-Key', { headers: { 'x-hook-key': 'ado-secret-0123456789' }, query: {} }, 'ado'],
    ['same key twice', { headers: { 'x-hook-key': 'ado-secret-0123456789' }, query: { code: 'ado-secret-0123456789' } }, 'ado'],
    // As two X-Hook-Key lines with the same key: every copy is the same valid key.
    ['?code= twice, the same key', { headers: {}, query: { code: ['ado-secret-0123456789', 'ado-secret-0123456789'] } }, 'ado'],
    // The auth scheme is case-insensitive (RFC 9110 §11.1).
    ['Basic password, scheme in lower case', { headers: { authorization: basic('user:ado-secret-0123456789').replace('Basic', 'basic') }, query: {} }, 'ado'],
  ])('accepts the key as %s', (_how, request, name) => {
    expect(keys.authenticate(request)).toBe(name);
  });

  it.each([
    ['nothing', { headers: {}, query: {} }],
    ['a wrong key', { headers: {}, query: { code: 'nope' } }],
    ['a prefix of a key', { headers: { 'x-hook-key': 'ado-secret-012345678' }, query: {} }],
    ['the key name', { headers: { 'x-hook-key': 'ado' }, query: {} }],
    ['a repeated code', { headers: {}, query: { code: ['ado-secret-0123456789', 'x'] } }],
    ['Basic without a colon', { headers: { authorization: basic('ado-secret-0123456789') }, query: {} }],
    ['Bearer', { headers: { authorization: 'Bearer ado-secret-0123456789' }, query: {} }],
    ['two different keys', { headers: { 'x-hook-key': 'ado-secret-0123456789' }, query: { code: 'tfs-secret-0123456789' } }],
    ['a valid and an invalid key', { headers: { 'x-hook-key': 'ado-secret-0123456789' }, query: { code: 'wrong' } }],
    // A malformed credential beside a valid key is refused, not skipped.
    ['a repeated code beside a valid X-Hook-Key', { headers: { 'x-hook-key': 'ado-secret-0123456789' }, query: { code: ['ado-secret-0123456789', 'x'] } }],
    ['a Bearer Authorization beside a valid ?code=', { headers: { authorization: 'Bearer some-other-token' }, query: { code: 'ado-secret-0123456789' } }],
    [
      'a valid Authorization followed by a wrong one',
      { headers: { authorization: basic('u:ado-secret-0123456789') }, headersDistinct: { authorization: [basic('u:ado-secret-0123456789'), basic('u:wrong')] }, query: {} },
    ],
    [
      'two X-Hook-Key copies with different keys',
      { headers: { 'x-hook-key': 'ado-secret-0123456789' }, headersDistinct: { 'x-hook-key': ['ado-secret-0123456789', 'tfs-secret-0123456789'] }, query: {} },
    ],
    ['a code given as an object (?code[a]=…)', { headers: {}, query: { code: { a: 'ado-secret-0123456789' } } }],
  ])('refuses %s', (_what, request) => {
    expect(keys.authenticate(request)).toBeUndefined();
  });

  it('forgets a removed key', () => {
    const revoked = new HookKeyService([{ name: 'tfs', secret: 'tfs-secret-0123456789' }]);
    expect(revoked.authenticate({ headers: { 'x-hook-key': 'ado-secret-0123456789' }, query: {} })).toBeUndefined();
  });
});
