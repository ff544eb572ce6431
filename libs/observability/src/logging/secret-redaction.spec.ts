import { REDACTED, scrubText } from './secret-redaction';

describe('scrubText', () => {
  it('redacts credentials after an auth scheme whatever its case', () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'Basic', 'basic']) {
      const text = `calling with ${scheme} abcd1234secret`;
      expect(scrubText(text)).toBe(`calling with ${scheme} ${REDACTED}`);
    }
  });

  it('redacts hook keys in query strings and passwords in URLs', () => {
    expect(scrubText('POST /hooks/azure-devops?code=k3y-value&x=1')).toBe(`POST /hooks/azure-devops?code=${REDACTED}&x=1`);
    expect(scrubText('https://user:pat-value@dev.azure.com/fabrikam')).toBe(`https://user:${REDACTED}@dev.azure.com/fabrikam`);
  });
});
