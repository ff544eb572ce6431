import { blobSegment, environmentIdSuffix, idSegment, UNKNOWN_DEFINITION_SEGMENT, UNKNOWN_SEGMENT } from './blob-segment';
import { organizationSegment } from './organization-segment';

describe('blobSegment', () => {
  it('keeps ordinary names, spaces, dots and Unicode readable', () => {
    expect(blobSegment('Fabrikam.CD')).toBe('Fabrikam.CD');
    expect(blobSegment('Production West')).toBe('Production West');
    expect(blobSegment('Développement 環境')).toBe('Développement 環境');
  });

  it('escapes separators, URL and Markdown delimiters so a name stays one segment', () => {
    expect(blobSegment('feature/login')).toBe('feature~2Flogin');
    expect(blobSegment('a\\b')).toBe('a~5Cb');
    expect(blobSegment('50% (canary) #1?')).toBe('50~25 ~28canary~29 ~231~3F');
    expect(blobSegment('[x]<y>')).toBe('~5Bx~5D~3Cy~3E');
  });

  it('escapes dots and spaces at the edges, which Blob storage and URL resolution would eat', () => {
    expect(blobSegment('.')).toBe('~2E');
    expect(blobSegment('..')).toBe('~2E~2E');
    expect(blobSegment('v1.')).toBe('v1~2E');
    expect(blobSegment(' dev ')).toBe('~20dev~20');
  });

  it('escapes lone surrogates (valid JSON) as their generalized UTF-8 bytes, so the segment is URL-encodable and injective', () => {
    expect(blobSegment('a\ud800b')).toBe('a~ED~A0~80b');
    expect(blobSegment('a\udfffb')).toBe('a~ED~BF~BFb');
    const names = ['a\ud800b', 'a\udc00b', 'a\ufffdb', 'a\ud83d\ude00b'];
    const segments = names.map(blobSegment);
    expect(new Set(segments).size).toBe(names.length);
    for (const segment of segments) expect(() => encodeURIComponent(segment)).not.toThrow();
    // A well-formed pair (an emoji) is Unicode like any other and stays readable.
    expect(blobSegment('a\ud83d\ude00b')).toBe('a\u{1F600}b');
  });

  it('escapes characters XML cannot carry (U+FFFE, U+FFFF) and other noncharacters, which would break List Blobs', () => {
    expect(blobSegment('a\ufffeb\uffff')).toBe('a~EF~BF~BEb~EF~BF~BF');
    expect(blobSegment('x\ufdd0')).toBe('x~EF~B7~90');
    expect(blobSegment('x\u{10FFFF}')).toBe('x~F4~8F~BF~BF');
  });

  it('is stable across Unicode normalization forms', () => {
    expect(blobSegment('e\u0301')).toBe(blobSegment('\u00e9'));
  });

  it('is injective: distinct names never share a segment (the escape character is escaped too)', () => {
    const names = ['a/b', 'a~2Fb', 'a~b', 'a%2Fb', 'a b', 'a.b', '.ab', 'ab.', '~', '~id-1'];
    const segments = names.map(blobSegment);
    expect(new Set(segments).size).toBe(names.length);
    for (const segment of segments) {
      expect(segment).not.toMatch(/[/\\%?#()]/);
      expect(encodeURIComponent(segment)).not.toContain('%25');
    }
  });
});

describe('reserved segments', () => {
  it('are never the escaped form of a name, however hostile', () => {
    const reserved = [UNKNOWN_DEFINITION_SEGMENT, UNKNOWN_SEGMENT, idSegment(4)];
    const names = [...reserved, '~unknown-definition', 'unknown-definition', '~', '~id-4', 'prod~env-3', '~env-3'];
    for (const name of names) expect(reserved).not.toContain(blobSegment(name));
    // An escaped name only ever has '~' followed by two hex digits; the reserved segments do not.
    for (const segment of reserved) expect(segment).toMatch(/~(?![0-9A-F]{2})/);
    for (const name of names) expect(blobSegment(name)).not.toMatch(/~(?![0-9A-F]{2})/);
  });

  it('keeps environments of unknown definitions apart without colliding with any environment name', () => {
    expect(blobSegment('prod') + environmentIdSuffix(3)).not.toBe(blobSegment('prod~env-3'));
  });
});

describe('organizationSegment', () => {
  it('maps both cloud URL styles of one organization to the same segment', () => {
    expect(organizationSegment('https://dev.azure.com/fabfiber/')).toBe('fabfiber');
    expect(organizationSegment('https://fabfiber.visualstudio.com/')).toBe('fabfiber');
    expect(organizationSegment('https://fabfiber.visualstudio.com/DefaultCollection/')).toBe('fabfiber');
    expect(organizationSegment('https://dev.azure.com/FabFiber/')).toBe('fabfiber');
  });

  it('keeps host, port and collection of an on-prem server in one segment', () => {
    expect(organizationSegment('https://tfs.example.com:8080/tfs/DefaultCollection/')).toBe('tfs.example.com~3A8080~2Ftfs~2FDefaultCollection');
  });

  it('keeps a malformed percent escape in the organization URL as text instead of throwing', () => {
    expect(organizationSegment('https://dev.azure.com/a%ZZ/')).toBe('a~25zz');
    expect(organizationSegment('https://dev.azure.com/a%C3/')).toBe('a~25c3');
    expect(organizationSegment('https://tfs.example.com/tfs/Coll%E9ction%20X/')).toBe('tfs.example.com~2Ftfs~2FColl~25E9ction X');
    expect(organizationSegment('https://dev.azure.com/Fab%20Fiber/')).toBe('fab fiber');
  });

  it('uses a bare ~ when the event has no organization URL', () => {
    expect(organizationSegment(undefined)).toBe('~');
  });
});
