import { readInteger, type InvalidSetting } from './read-integer';

class SettingError extends Error {
  readonly code = 'TEST.CONFIG_INVALID';

  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
  }
}

const invalid: InvalidSetting = (variable, problem) => new SettingError(variable, problem);
const port = { fallback: 8080, min: 0, max: 65535 };

describe('readInteger', () => {
  it.each([[{}], [{ PORT: '' }], [{ PORT: '   ' }], [{ PORT: '\t\n' }]])('returns the fallback when the variable is unset or blank: %j', (env) => {
    expect(readInteger(env, 'PORT', port, invalid)).toBe(8080);
  });

  it('returns undefined for an unset variable when there is no fallback', () => {
    expect(readInteger({}, 'TIMEOUT_MS', { min: 1 }, invalid)).toBeUndefined();
    expect(readInteger({ TIMEOUT_MS: ' ' }, 'TIMEOUT_MS', { min: 1 }, invalid)).toBeUndefined();
  });

  it('reads a whole number, ignoring surrounding blanks and leading zeros', () => {
    expect(readInteger({ PORT: ' 9000 ' }, 'PORT', port, invalid)).toBe(9000);
    expect(readInteger({ PORT: '0080' }, 'PORT', port, invalid)).toBe(80);
  });

  it('accepts both bounds and refuses one past each', () => {
    const range = { fallback: 5, min: 1, max: 10 };
    expect(readInteger({ N: '1' }, 'N', range, invalid)).toBe(1);
    expect(readInteger({ N: '10' }, 'N', range, invalid)).toBe(10);
    expect(() => readInteger({ N: '0' }, 'N', range, invalid)).toThrow('N: "0" is not a whole number from 1 to 10');
    expect(() => readInteger({ N: '11' }, 'N', range, invalid)).toThrow('N: "11" is not a whole number from 1 to 10');
  });

  it.each(['soon', '10s', '1e3', '0x10', '+5', '2.5', '2.0', '-1', 'Infinity', 'NaN'])('refuses %j, quoting it', (raw) => {
    expect(() => readInteger({ PORT: raw }, 'PORT', port, invalid)).toThrow(`PORT: "${raw}" is not a whole number from 0 to 65535`);
  });

  it('names only the length of a value that is long or not plain: it may be a secret pasted into the wrong variable', () => {
    const connectionString = 'Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=root;SharedAccessKey=c2VjcmV0';
    const refusal = () => readInteger({ PORT: connectionString }, 'PORT', port, invalid);
    expect(refusal).toThrow(`PORT: a value of ${connectionString.length} characters (not shown) is not a whole number from 0 to 65535`);
    expect(() => readInteger({ PORT: '1 000' }, 'PORT', port, invalid)).toThrow('PORT: a value of 5 characters (not shown) is not');
    // As long as the shortest hook key: a key pasted into PORT is not printed either.
    expect(() => readInteger({ PORT: '0123456789abcdef' }, 'PORT', port, invalid)).toThrow('PORT: a value of 16 characters (not shown) is not');
  });

  it('refuses numbers beyond the range, however many digits', () => {
    expect(() => readInteger({ PORT: '65536' }, 'PORT', port, invalid)).toThrow('PORT: "65536" is not a whole number from 0 to 65535');
    const huge = '9'.repeat(400); // Number() makes this Infinity
    expect(() => readInteger({ PORT: huge }, 'PORT', port, invalid)).toThrow('PORT: a value of 400 characters (not shown) is not a whole number from 0 to 65535');
  });

  it('without a max accepts up to Number.MAX_SAFE_INTEGER and says "at least"', () => {
    expect(readInteger({ N: '9007199254740991' }, 'N', { min: 1 }, invalid)).toBe(Number.MAX_SAFE_INTEGER);
    // 2^53 + 1 would be read as 2^53: refused rather than silently rounded.
    expect(() => readInteger({ N: '9007199254740993' }, 'N', { min: 1 }, invalid)).toThrow('N: a value of 16 characters (not shown) is not a whole number of at least 1');
    expect(() => readInteger({ N: '0' }, 'N', { min: 1 }, invalid)).toThrow('N: "0" is not a whole number of at least 1');
  });

  it("throws the caller's error, built from the variable name and the problem", () => {
    const factory = jest.fn(invalid);
    let thrown: unknown;
    try {
      readInteger({ HOOK_MAX_BYTES: 'lots' }, 'HOOK_MAX_BYTES', { fallback: 1024, min: 1024, max: 2048 }, factory);
    } catch (error) {
      thrown = error;
    }
    expect(factory).toHaveBeenCalledWith('HOOK_MAX_BYTES', '"lots" is not a whole number from 1024 to 2048');
    expect(thrown).toBeInstanceOf(SettingError);
    expect(thrown).toMatchObject({ code: 'TEST.CONFIG_INVALID', variable: 'HOOK_MAX_BYTES' });
  });

  it('does not call the factory for a good value', () => {
    const factory = jest.fn(invalid);
    readInteger({ PORT: '1' }, 'PORT', port, factory);
    readInteger({}, 'PORT', port, factory);
    expect(factory).not.toHaveBeenCalled();
  });

  it.each([
    { min: 5, max: 4 },
    { min: -1, max: 4 },
    { min: 0.5, max: 4 },
    { min: 0, max: Number.POSITIVE_INFINITY },
  ])('rejects a malformed range %j as a programming error', (range) => {
    expect(() => readInteger({ N: '1' }, 'N', range, invalid)).toThrow(RangeError);
  });
});
