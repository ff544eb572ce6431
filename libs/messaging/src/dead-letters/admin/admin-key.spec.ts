import type { FastifyRequest } from 'fastify';
import { adminKeyAuthenticator, adminKeyMatcher } from './admin-key';

const request = (headers: Record<string, string | undefined>) => ({ headers }) as unknown as FastifyRequest;

describe('adminKeyAuthenticator', () => {
  const authenticate = adminKeyAuthenticator(['first-key', 'second-key']);

  it('accepts any configured key in X-Hook-Key or as a Bearer token', () => {
    expect(authenticate(request({ 'x-hook-key': 'second-key' }))).toBe(true);
    expect(authenticate(request({ authorization: 'Bearer first-key' }))).toBe(true);
  });

  it('refuses a missing, wrong, longer or shorter key', () => {
    for (const headers of [{}, { 'x-hook-key': 'wrong' }, { 'x-hook-key': 'first-key-and-more' }, { 'x-hook-key': 'first' }, { authorization: 'Basic Zmlyc3Qta2V5' }]) {
      expect(authenticate(request(headers))).toBe(false);
    }
  });

  it('accepts nothing when no key is configured', () => {
    expect(adminKeyAuthenticator(['', ''])(request({ 'x-hook-key': '' }))).toBe(false);
  });
});

describe('adminKeyMatcher', () => {
  const match = adminKeyMatcher([
    { name: 'ado-prod', secret: 'first-key' },
    { name: 'tfs-onprem', secret: 'second-key' },
    { name: 'unset', secret: '' },
  ]);

  it('names the key a request presents in X-Hook-Key or as a Bearer token', () => {
    expect(match(request({ 'x-hook-key': 'second-key' }))).toBe('tfs-onprem');
    expect(match(request({ authorization: 'Bearer first-key' }))).toBe('ado-prod');
  });

  it('names none for a missing, wrong, longer, shorter or empty key', () => {
    for (const headers of [{}, { 'x-hook-key': 'wrong' }, { 'x-hook-key': 'first-key-and-more' }, { 'x-hook-key': 'first' }, { 'x-hook-key': '' }, { authorization: 'Bearer ' }]) {
      expect(match(request(headers))).toBeUndefined();
    }
  });

  it('names the first of two keys with the same secret', () => {
    expect(adminKeyMatcher([{ name: 'a', secret: 'same' }, { name: 'b', secret: 'same' }])(request({ 'x-hook-key': 'same' }))).toBe('a');
  });
});
