import { z } from 'zod';
import type { CheckFacts, GatePolicy, PolicyContext } from '../../policy/gate-policy.port';
import { pass, wait, type Verdict } from '../../policy/verdict';
import { isTimeZone, localTime, weekdays } from './local-time';

const HOURS = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const hoursSchema = z
  .string()
  .regex(HOURS, 'use "HH:MM-HH:MM" (24-hour clock), e.g. "09:00-16:00"')
  .transform((text) => {
    const [, h1, m1, h2, m2] = HOURS.exec(text) as RegExpExecArray;
    return { from: Number(h1) * 60 + Number(m1), to: Number(h2) * 60 + Number(m2), text };
  })
  .refine((range) => range.from !== range.to, 'the window is empty: start and end are equal');

const freezeSchema = z
  .string()
  .refine((text) => text.split('/').length <= 2 && text.split('/').every((part) => DATE.test(part) && !Number.isNaN(Date.parse(part))), {
    message: 'use "YYYY-MM-DD" or "YYYY-MM-DD/YYYY-MM-DD" (both days included)',
  })
  .transform((text) => {
    const [from, to = from] = text.split('/');
    return { from, to, text };
  })
  .refine((range) => range.from <= range.to, 'the freeze ends before it starts');

const dayNames = weekdays as unknown as [string, ...string[]];
const options = z.strictObject({
  timezone: z.string().refine(isTimeZone, 'not an IANA time zone (e.g. Europe/Berlin, UTC)'),
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
 * An overnight window ("22:00-06:00") is allowed; `days` applies to the local day of the moment checked.
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
    if (!days.includes(local.weekday)) return wait(`It is ${at}: deployments are allowed on ${days.join(', ')} only`);
    const inside =
      hours.from < hours.to
        ? local.minutes >= hours.from && local.minutes < hours.to
        : local.minutes >= hours.from || local.minutes < hours.to;
    return inside ? pass(`It is ${at}: inside the window ${hours.text}`) : wait(`It is ${at}: outside the window ${hours.text}`);
  }
}
