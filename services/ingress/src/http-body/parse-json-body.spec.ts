import { MAX_JSON_DEPTH, parseJsonBody } from './parse-json-body';

const nested = (depth: number, open = '[', close = ']') => `${open.repeat(depth)}${close.repeat(depth)}`;
const codeOf = (body: string | Buffer): string | undefined => {
  try {
    parseJsonBody(Buffer.isBuffer(body) ? body : Buffer.from(body));
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

describe('parseJsonBody', () => {
  it(`accepts nesting up to ${MAX_JSON_DEPTH} levels and refuses one more, with objects and arrays alike`, () => {
    expect(codeOf(nested(MAX_JSON_DEPTH))).toBeUndefined();
    expect(codeOf(nested(MAX_JSON_DEPTH + 1))).toBe('JSON_TOO_DEEP');
    const objects = `${'{"a":'.repeat(MAX_JSON_DEPTH + 1)}1${'}'.repeat(MAX_JSON_DEPTH + 1)}`;
    expect(codeOf(objects)).toBe('JSON_TOO_DEEP');
  });

  it('accepts many shallow brackets and brackets inside strings, whatever their number', () => {
    const wide = JSON.stringify({ items: Array.from({ length: 500 }, (_, i) => ({ i, tags: [i] })) });
    expect(codeOf(wide)).toBeUndefined();
    const bracketsInStrings = JSON.stringify({ text: '[{'.repeat(5_000), escaped: `\\"${'['.repeat(100)}\\\\`, quote: '"[[[' });
    expect(parseJsonBody(Buffer.from(bracketsInStrings))).toEqual(JSON.parse(bracketsInStrings));
  });

  it('is not fooled by escaped quotes that would hide deep nesting from a naive string skip', () => {
    // The string holds \" and \\ sequences; after it, real nesting follows.
    const body = `{"s":"a\\"b\\\\","n":${nested(MAX_JSON_DEPTH + 1)}}`;
    expect(codeOf(body)).toBe('JSON_TOO_DEEP');
  });

  it('reports invalid JSON (including an unterminated string with many brackets) as INVALID_JSON', () => {
    expect(codeOf(`{"a":"${'['.repeat(200)}`)).toBe('INVALID_JSON');
    expect(codeOf('{"a":1,}')).toBe('INVALID_JSON');
  });

  it('tolerates a BOM and refuses prototype-pollution keys, also when escaped', () => {
    expect(parseJsonBody(Buffer.from('\uFEFF{"id":"x"}'))).toEqual({ id: 'x' });
    expect(codeOf('{"a":{"__proto__":{"x":1}}}')).toBe('FORBIDDEN_JSON_KEY');
    expect(codeOf('{"a":{"\\u005f_proto__":{"x":1}}}')).toBe('FORBIDDEN_JSON_KEY');
    expect(codeOf('{"constructor":{"prototype":{}}}')).toBe('FORBIDDEN_JSON_KEY');
    expect(codeOf('{"prototypeName":"fine","protocol":"https"}')).toBeUndefined();
    // A key named "constructor" is only refused when it holds a prototype.
    expect(parseJsonBody(Buffer.from('{"constructor":{"name":"x"},"proto":1}'))).toEqual({ constructor: { name: 'x' }, proto: 1 });
  });

  it('refuses bytes that are not UTF-8 (stray, truncated, overlong, encoded surrogate, UTF-16) instead of decoding them to U+FFFD', () => {
    const inString = (bytes: number[]) => Buffer.concat([Buffer.from('{"s":"'), Buffer.from(bytes), Buffer.from('"}')]);
    for (const bytes of [[0xff, 0xfe], [0xc3], [0xc0, 0xaf], [0xed, 0xa0, 0x80]]) expect(codeOf(inString(bytes))).toBe('INVALID_UTF8');
    expect(codeOf(Buffer.from('\uFEFF{"id":"x"}', 'utf16le'))).toBe('INVALID_UTF8');
    expect(parseJsonBody(Buffer.from('\uFEFF{"s":"é ✓ 😀"}'))).toEqual({ s: 'é ✓ 😀' });
  });
});
