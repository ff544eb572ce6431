import { z } from 'zod';
import type { CheckFacts, GatePolicy, PolicyContext } from '../../policy/gate-policy.port';
import { pass, wait, type Verdict } from '../../policy/verdict';
import { isTimeZone, localTime, weekdays, type Weekday } from './local-time';

const HOURS = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const hoursSchema = z.string().transform((text, ctx) => {
  const match = HOURS.exec(text);
  if (!match) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a window: use "HH:MM-HH:MM" (24-hour clock), e.g. "09:00-16:00"` });
    return z.NEVER;
  }
  const [, h1, m1, h2, m2] = match;
  const range = { from: Number(h1) * 60 + Number(m1), to: Number(h2) * 60 + Number(m2), text };
  if (range.to > 24 * 60) ctx.addIssue({ code: 'custom', message: `"${text}": a window ends at 24:00 at the latest` });
  else if (range.from === range.to) ctx.addIssue({ code: 'custom', message: `"${text}": the window is empty (start and end are equal)` });
  return range;
});

/** Why `text` is not a calendar date (YYYY-MM-DD), or undefined when it is one. */
function notADate(text: string): string | undefined {
  const match = DATE.exec(text);
  if (!match) return `"${text}" is not a date: use YYYY-MM-DD`;
  const [year, month, day] = match.slice(1).map(Number);
  if (month < 1 || month > 12) return `"${text}" is not a date: the month must be 01-12`;
  // Day 0 of the next month is the last day of this one.
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > days) return `"${text}" is not a date: ${MONTHS[month - 1]} ${year} has ${days} days`;
  return undefined;
}

const freezeSchema = z.string().transform((text, ctx) => {
  const parts = text.split('/');
  if (parts.length > 2 || !parts.every((part) => DATE.test(part))) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a freeze: use "YYYY-MM-DD" or "YYYY-MM-DD/YYYY-MM-DD" (both days included)` });
    return z.NEVER;
  }
  const problems = parts.map(notADate).filter((problem): problem is string => problem !== undefined);
  for (const message of problems) ctx.addIssue({ code: 'custom', message });
  const [from, to = from] = parts;
  if (problems.length === 0 && from > to) ctx.addIssue({ code: 'custom', message: `"${text}": the freeze ends before it starts` });
  return { from, to, text };
});

const dayNames = weekdays as unknown as [string, ...string[]];
const options = z.strictObject({
  timezone: z.string().refine(isTimeZone, 'not an IANA time zone (e.g. Europe/Berlin, UTC); a UTC offset such as +01:00 is not taken, since it ignores daylight saving time'),
  days: z
    .array(z.enum(dayNames, { message: `use day names ${weekdays.join(', ')}` }))
    .min(1)
    .default([...weekdays]),
  hours: hoursSchema.default({ from: 0, to: 1440, text: '00:00-24:00' }),
  freeze: z.array(freezeSchema).default([]),
});

/**
 * Passes inside the allowed days and hours of a time zone, outside any freeze period. Outside, the
 * check waits (callback mode re-evaluates at `every`; sync mode answers rejected until the window opens).
 * `days` are the days a window opens: an overnight window ("22:00-06:00") on Fri runs from Friday 22:00
 * to Saturday 06:00, and the hours after midnight of an unlisted day's night stay closed. A freeze
 * covers the calendar days it names, whichever night's window they fall in.
 */
export class TimeWindowPolicy implements GatePolicy {
  static readonly type = 'time-window';
  static readonly sync = true;
  static readonly description = 'Now is inside the allowed days and hours of a time zone and outside freeze periods.';
  static readonly options = options;

  readonly requiredHeaders: readonly string[] = [];

  constructor(private readonly config: z.infer<typeof options>) {}

  async evaluate(_check: CheckFacts, context: PolicyContext): Promise<Verdict> {
    const { timezone, days, hours, freeze } = this.config;
    const local = localTime(context.now, timezone);
    const at = `${local.weekday} ${local.date} ${local.clock} ${timezone}`;
    const frozen = freeze.find((range) => local.date >= range.from && local.date <= range.to);
    if (frozen) return wait(`It is ${at}: inside the freeze ${frozen.text}`);
    const overnight = hours.from >= hours.to;
    // Before the end of an overnight window, the window open now began the evening before.
    const afterMidnight = overnight && local.minutes < hours.to;
    const opened = afterMidnight ? previousDay(local.weekday) : local.weekday;
    if (!days.includes(opened)) {
      const night = afterMidnight ? ` (the window ${hours.text} open now began on ${opened})` : '';
      return wait(`It is ${at}: deployments are allowed on ${days.join(', ')} only${night}`);
    }
    const inside = overnight ? afterMidnight || local.minutes >= hours.from : local.minutes >= hours.from && local.minutes < hours.to;
    return inside ? pass(`It is ${at}: inside the window ${hours.text}`) : wait(`It is ${at}: outside the window ${hours.text}`);
  }
}

function previousDay(day: Weekday): Weekday {
  return weekdays[(weekdays.indexOf(day) + 6) % 7];
}
