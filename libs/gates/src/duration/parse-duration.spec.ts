import { formatDuration, parseDuration } from './parse-duration';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['60s', 60_000],
    ['5m', 300_000],
    ['2h', 7_200_000],
    ['7d', 604_800_000],
    ['1h30m', 5_400_000],
    [' 1.5h ', 5_400_000],
  ])('reads %s', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', '60', 'five minutes', '5 x', '-5m', '5mm', 'm'])('refuses %j', (text) => expect(parseDuration(text)).toBeUndefined());
});

describe('formatDuration', () => {
  it('writes compact units', () => {
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(604_800_000)).toBe('7d');
    expect(formatDuration(250)).toBe('250ms');
  });
});
