import { assertUtf8Charset } from './assert-utf8-charset';

const codeOf = (contentType: string | undefined): string | undefined => {
  try {
    assertUtf8Charset(contentType);
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

describe('assertUtf8Charset', () => {
  it('accepts no charset and UTF-8 in any case, spelling or quoting', () => {
    for (const contentType of [
      undefined,
      'application/json',
      'application/json; charset=utf-8',
      'application/json;charset=UTF-8',
      'Application/JSON; Charset="Utf-8"',
      'application/json; charset=utf8',
      'application/json; foo=bar; charset=utf-8',
    ]) {
      expect(codeOf(contentType)).toBeUndefined();
    }
  });

  it('refuses any other declared charset with 415 UNSUPPORTED_CHARSET', () => {
    for (const contentType of ['application/json; charset=latin1', 'application/json;charset=ISO-8859-1', 'application/json; charset="utf-16"', 'application/json; charset=']) {
      expect(codeOf(contentType)).toBe('UNSUPPORTED_CHARSET');
    }
  });
});
