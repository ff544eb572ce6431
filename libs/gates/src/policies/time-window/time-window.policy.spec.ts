import { TimeWindowPolicy } from './time-window.policy';

const businessHours = new TimeWindowPolicy(
  TimeWindowPolicy.options.parse({
    timezone: 'Europe/Berlin',
    days: ['Mon', 'Tue', 'Wed', 'Thu'],
    hours: '09:00-16:00',
    freeze: ['2026-12-20/2027-01-06', '2026-10-01'],
  }),
);
const check = { policy: 'p', headers: {}, evaluation: 1, state: {} };
const at = (iso: string) => businessHours.evaluate(check, { now: new Date(iso) });

describe('TimeWindowPolicy', () => {
  it('passes inside the window in the configured time zone (CET and CEST)', async () => {
    // Tuesday 2026-11-24 09:30 Berlin (UTC+1) = 08:30Z
    expect(await at('2026-11-24T08:30:00Z')).toEqual({ outcome: 'pass', reason: 'It is Tue 2026-11-24 09:30 Europe/Berlin: inside the window 09:00-16:00' });
    // Monday 2026-06-01 15:59 Berlin (UTC+2) = 13:59Z
    expect((await at('2026-06-01T13:59:00Z')).outcome).toBe('pass');
  });

  it('waits before and after the hours (end excluded) and on other days', async () => {
    expect(await at('2026-11-24T07:59:00Z')).toMatchObject({ outcome: 'wait', reason: expect.stringContaining('08:59 Europe/Berlin: outside the window') });
    expect((await at('2026-11-24T15:00:00Z')).outcome).toBe('wait'); // 16:00 Berlin
    expect(await at('2026-11-27T10:00:00Z')).toMatchObject({ outcome: 'wait', reason: expect.stringContaining('allowed on Mon, Tue, Wed, Thu only') });
  });

  it('waits during freezes, both ends included, even inside the hours', async () => {
    expect(await at('2026-12-21T10:00:00Z')).toMatchObject({ outcome: 'wait', reason: expect.stringContaining('inside the freeze 2026-12-20/2027-01-06') });
    expect((await at('2027-01-06T10:00:00Z')).outcome).toBe('wait');
    expect((await at('2027-01-07T10:00:00Z')).outcome).toBe('pass'); // Thursday after the freeze
    expect((await at('2026-10-01T10:00:00Z')).outcome).toBe('wait'); // single-day freeze, a Thursday
  });

  it('supports overnight windows', async () => {
    const night = new TimeWindowPolicy(TimeWindowPolicy.options.parse({ timezone: 'UTC', hours: '22:00-06:00' }));
    expect((await night.evaluate(check, { now: new Date('2026-11-24T23:00:00Z') })).outcome).toBe('pass');
    expect((await night.evaluate(check, { now: new Date('2026-11-24T05:59:00Z') })).outcome).toBe('pass');
    // The end is excluded, as for a daytime window.
    expect(await night.evaluate(check, { now: new Date('2026-11-24T06:00:00Z') })).toEqual({ outcome: 'wait', reason: 'It is Tue 2026-11-24 06:00 UTC: outside the window 22:00-06:00' });
    expect((await night.evaluate(check, { now: new Date('2026-11-24T22:00:00Z') })).outcome).toBe('pass');
    expect((await night.evaluate(check, { now: new Date('2026-11-24T12:00:00Z') })).outcome).toBe('wait');
  });

  it('opens an overnight window on the listed days only, running past midnight into the next day', async () => {
    const nights = new TimeWindowPolicy(TimeWindowPolicy.options.parse({ timezone: 'Europe/Berlin', days: ['Mon', 'Tue', 'Wed', 'Thu'], hours: '22:00-06:00' }));
    const atNight = (iso: string) => nights.evaluate(check, { now: new Date(iso) });
    // Thursday night runs into Friday morning: Fri 2026-11-27 02:00 Berlin = 01:00Z.
    expect(await atNight('2026-11-27T01:00:00Z')).toEqual({ outcome: 'pass', reason: 'It is Fri 2026-11-27 02:00 Europe/Berlin: inside the window 22:00-06:00' });
    expect((await atNight('2026-11-26T21:30:00Z')).outcome).toBe('pass'); // Thu 22:30
    // Monday early morning is Sunday's night, which is not listed.
    expect(await atNight('2026-11-23T01:00:00Z')).toEqual({
      outcome: 'wait',
      reason: 'It is Mon 2026-11-23 02:00 Europe/Berlin: deployments are allowed on Mon, Tue, Wed, Thu only (the window 22:00-06:00 open now began on Sun)',
    });
    expect((await atNight('2026-11-27T21:30:00Z')).outcome).toBe('wait'); // Fri 22:30
    expect((await atNight('2026-11-24T11:00:00Z')).reason).toContain('outside the window 22:00-06:00'); // Tue 12:00
  });

  it('reads the wall clock across daylight saving changes', async () => {
    const early = new TimeWindowPolicy(TimeWindowPolicy.options.parse({ timezone: 'Europe/Berlin', hours: '01:00-04:00' }));
    // 2026-10-25: 03:00 CEST falls back to 02:00 CET; 01:30Z is 02:30 CET, inside; 03:30Z is 04:30 CET, outside.
    expect((await early.evaluate(check, { now: new Date('2026-10-25T01:30:00Z') })).reason).toContain('02:30 Europe/Berlin: inside');
    expect((await early.evaluate(check, { now: new Date('2026-10-25T03:30:00Z') })).outcome).toBe('wait');
    // 2026-03-29: 02:00 CET jumps to 03:00 CEST; 01:30Z is 03:30 CEST, inside.
    expect((await early.evaluate(check, { now: new Date('2026-03-29T01:30:00Z') })).reason).toContain('03:30 Europe/Berlin: inside');
  });

  it('takes IANA zone names in any case and refuses UTC offsets, which ignore daylight saving time', () => {
    expect(TimeWindowPolicy.options.safeParse({ timezone: 'america/new_york' }).success).toBe(true);
    for (const timezone of ['+01:00', '-05:00', '+0100', 'Europe/Berlin ', 'W. Europe Standard Time']) {
      expect(TimeWindowPolicy.options.safeParse({ timezone }).error?.issues[0].message).toBe('not an IANA time zone (e.g. Europe/Berlin, UTC); a UTC offset such as +01:00 is not taken, since it ignores daylight saving time');
    }
  });

  it.each([
    [{ hours: '09:00-24:30' }, '"09:00-24:30": a window ends at 24:00 at the latest'],
    [{ hours: '24:00-06:00' }, '"24:00-06:00" is not a window: use "HH:MM-HH:MM" (24-hour clock), e.g. "09:00-16:00"'],
    [{ freeze: ['2026-02-30'] }, '"2026-02-30" is not a date: February 2026 has 28 days'],
    [{ freeze: ['2026-12-20/2026-13-01'] }, '"2026-13-01" is not a date: the month must be 01-12'],
    [{ freeze: ['2026-04-31/2026-05-02'] }, '"2026-04-31" is not a date: April 2026 has 30 days'],
  ])('refuses %j, naming the value', (settings, message) => {
    const parsed = TimeWindowPolicy.options.safeParse({ timezone: 'UTC', ...settings });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.message)).toEqual([message]);
  });

  it('accepts 24:00 as the end of a window and leap days in leap years', async () => {
    const lateShift = new TimeWindowPolicy(TimeWindowPolicy.options.parse({ timezone: 'UTC', hours: '18:00-24:00', freeze: ['2028-02-29'] }));
    expect((await lateShift.evaluate(check, { now: new Date('2026-11-24T23:59:00Z') })).outcome).toBe('pass');
    expect((await lateShift.evaluate(check, { now: new Date('2028-02-29T20:00:00Z') })).outcome).toBe('wait');
  });

  it('refuses malformed settings', () => {
    expect(TimeWindowPolicy.options.safeParse({ timezone: 'Europe/Berlin', days: ['Monday'] }).success).toBe(false);
    expect(TimeWindowPolicy.options.safeParse({ timezone: 'Europe/Berlin', hours: '25:00-26:00' }).success).toBe(false);
    expect(TimeWindowPolicy.options.safeParse({ timezone: 'Europe/Berlin', freeze: ['2027-01-06/2026-12-20'] }).success).toBe(false);
    expect(TimeWindowPolicy.options.safeParse({ timezone: 'Europe/Berlin', freeze: ['20.12.2026'] }).success).toBe(false);
  });
});
