import { lastErrorCodeOf, UNCLASSIFIED_ERROR_CODE } from './last-error-code';

describe('lastErrorCodeOf', () => {
  it("keeps an error's code when it looks like a code", () => {
    expect(lastErrorCodeOf(Object.assign(new Error('x'), { code: 'AZDO.UNAUTHORIZED' }))).toBe('AZDO.UNAUTHORIZED');
    expect(lastErrorCodeOf({ code: 'ECONNRESET' })).toBe('ECONNRESET');
    expect(lastErrorCodeOf({ code: 'Storage:Blob_Busy-2' })).toBe('Storage:Blob_Busy-2');
  });

  it('never carries text that is not a code (a message quoting input may hold a secret), nor an overlong code', () => {
    for (const code of ['token=PAT-SECRET rejected', 'HTTP 401: Bearer eyJ0eXAi', 'a/b', '', 'X'.repeat(101), 401, { code: 'X' }]) {
      expect(lastErrorCodeOf({ code })).toBe(UNCLASSIFIED_ERROR_CODE);
    }
    expect(lastErrorCodeOf(new Error('PAT-SECRET'))).toBe(UNCLASSIFIED_ERROR_CODE);
    expect(lastErrorCodeOf(undefined)).toBe(UNCLASSIFIED_ERROR_CODE);
    expect(lastErrorCodeOf('GATE.BUSY')).toBe(UNCLASSIFIED_ERROR_CODE);
    expect(lastErrorCodeOf({ code: 'X'.repeat(100) })).toBe('X'.repeat(100));
  });
});
