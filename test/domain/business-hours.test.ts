import {
  type BusinessSchedule,
  describeLocalTime,
  isOpen,
  nextOpening,
  openAtOrAfter,
} from '../../lambdas/domain/business-hours';
import type { Weekday } from '../../lambdas/domain/config';

type Hours = BusinessSchedule['openingHours'];

const WEEKDAY_HOURS = [
  { open: '09:00', close: '12:30' },
  { open: '13:30', close: '17:30' },
];

function schedule(
  timezone: string,
  hours: Partial<Hours> = {},
  closures: BusinessSchedule['closures'] = [],
): BusinessSchedule {
  const none: Hours = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
  return { timezone, openingHours: { ...none, ...hours }, closures };
}

/** Monday to Friday with a lunch break, plus a Saturday morning. */
function officeHours(timezone: string, closures: BusinessSchedule['closures'] = []): BusinessSchedule {
  const weekdays: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
  const hours: Partial<Hours> = Object.fromEntries(weekdays.map((day) => [day, WEEKDAY_HOURS]));
  return schedule(timezone, { ...hours, sat: [{ open: '10:00', close: '13:00' }] }, closures);
}

const at = (iso: string) => new Date(iso);
const opening = (from: string, hours: BusinessSchedule) => nextOpening(at(from), hours)?.toISOString();

// January in London is GMT, so these local times are also UTC. 2027-01-11 is a Monday.
const london = officeHours('Europe/London');

describe('isOpen', () => {
  it.each([
    ['2027-01-11T08:59:59.999Z', false, 'just before opening'],
    ['2027-01-11T09:00:00.000Z', true, 'at opening'],
    ['2027-01-11T12:29:59.999Z', true, 'just before the lunch break'],
    ['2027-01-11T12:30:00.000Z', false, 'at the start of the lunch break'],
    ['2027-01-11T13:29:59.999Z', false, 'at the end of the lunch break'],
    ['2027-01-11T13:30:00.000Z', true, 'after lunch'],
    ['2027-01-11T17:29:59.999Z', true, 'just before closing'],
    ['2027-01-11T17:30:00.000Z', false, 'at closing'],
    ['2027-01-16T10:30:00.000Z', true, 'on Saturday morning'],
    ['2027-01-16T13:00:00.000Z', false, 'at Saturday closing'],
    ['2027-01-17T10:30:00.000Z', false, 'on Sunday'],
  ])('%s is open: %s (%s)', (instant, expected) => {
    expect(isOpen(at(instant), london)).toBe(expected);
  });

  it('stays open until midnight with a 24:00 close', () => {
    const lateNight = schedule('Europe/London', { mon: [{ open: '18:00', close: '24:00' }] });
    expect(isOpen(at('2027-01-11T23:59:59.999Z'), lateNight)).toBe(true);
    expect(isOpen(at('2027-01-12T00:00:00.000Z'), lateNight)).toBe(false);
  });

  it('is closed all day on a closure date and open again the day after', () => {
    const withClosure = officeHours('Europe/London', [{ date: '2027-01-11', name: 'Staff training' }]);
    expect(isOpen(at('2027-01-11T10:00:00Z'), withClosure)).toBe(false);
    expect(isOpen(at('2027-01-12T10:00:00Z'), withClosure)).toBe(true);
  });
});

describe('nextOpening', () => {
  it('returns the same instant when already open', () => {
    expect(opening('2027-01-11T10:15:42.123Z', london)).toBe('2027-01-11T10:15:42.123Z');
  });

  it('returns the end of the lunch break during it', () => {
    expect(opening('2027-01-11T12:45:00Z', london)).toBe('2027-01-11T13:30:00.000Z');
  });

  it('goes from Friday evening to Monday 09:00 over a closed weekend', () => {
    const weekdaysOnly = schedule('Europe/London', { ...officeHours('Europe/London').openingHours, sat: [] });
    expect(opening('2027-01-15T18:00:00Z', weekdaysOnly)).toBe('2027-01-18T09:00:00.000Z');
  });

  it('skips a closure day', () => {
    const withClosure = officeHours('Europe/London', [{ date: '2027-01-18', name: 'Staff training' }]);
    expect(opening('2027-01-16T14:00:00Z', withClosure)).toBe('2027-01-19T09:00:00.000Z');
  });

  it('is undefined with no opening hours', () => {
    expect(opening('2027-01-11T10:00:00Z', schedule('Europe/London'))).toBeUndefined();
  });

  it('is undefined when closures cover every opening day for the next 366 days', () => {
    const mondays = Array.from({ length: 60 }, (_, week) => ({
      date: new Date(Date.UTC(2027, 0, 11 + 7 * week)).toISOString().slice(0, 10),
      name: 'Closed on Mondays',
    }));
    const closedMondays = schedule('Europe/London', { mon: WEEKDAY_HOURS }, mondays);
    expect(opening('2027-01-11T10:00:00Z', closedMondays)).toBeUndefined();
    expect(opening('2027-01-11T10:00:00Z', { ...closedMondays, closures: mondays.slice(0, 2) })).toBe(
      '2027-01-25T09:00:00.000Z',
    );
  });
});

describe('openAtOrAfter', () => {
  it('keeps an open instant and moves a closed one to the next opening', () => {
    expect(openAtOrAfter(at('2027-01-11T10:00:00Z'), london).toISOString()).toBe('2027-01-11T10:00:00.000Z');
    expect(openAtOrAfter(at('2027-01-11T20:00:00Z'), london).toISOString()).toBe('2027-01-12T09:00:00.000Z');
  });

  it('throws when the business never opens', () => {
    expect(() => openAtOrAfter(at('2027-01-11T10:00:00Z'), schedule('Europe/London'))).toThrow(
      /No opening hours within 366 days of 2027-01-11T10:00:00.000Z \(Europe\/London\)/,
    );
  });
});

describe('daylight saving in Europe/London', () => {
  // Clocks go forward at 01:00 GMT on Sunday 28 March 2027 and back at 01:00 GMT on Sunday 25 October 2026.
  it('opens at 09:00 GMT before and 08:00 UTC (09:00 BST) after clocks go forward', () => {
    expect(opening('2027-03-26T06:00:00Z', london)).toBe('2027-03-26T09:00:00.000Z');
    expect(opening('2027-03-26T18:00:00Z', london)).toBe('2027-03-27T10:00:00.000Z');
    expect(opening('2027-03-27T14:00:00Z', london)).toBe('2027-03-29T08:00:00.000Z');
    expect(isOpen(at('2027-03-29T07:59:59Z'), london)).toBe(false);
    expect(isOpen(at('2027-03-29T16:29:59Z'), london)).toBe(true);
    expect(isOpen(at('2027-03-29T16:30:00Z'), london)).toBe(false);
  });

  it('opens at 08:00 UTC (09:00 BST) before and 09:00 GMT after clocks go back', () => {
    expect(opening('2026-10-23T06:00:00Z', london)).toBe('2026-10-23T08:00:00.000Z');
    expect(opening('2026-10-24T14:00:00Z', london)).toBe('2026-10-26T09:00:00.000Z');
    expect(isOpen(at('2026-10-23T16:29:59Z'), london)).toBe(true);
    expect(isOpen(at('2026-10-23T16:30:00Z'), london)).toBe(false);
  });

  it('opens at the end of the gap when the opening time is skipped', () => {
    // 01:30 does not exist on 28 March 2027: the clock reads 00:59:59 GMT, then 02:00:00 BST.
    const night = schedule('Europe/London', { sun: [{ open: '01:30', close: '03:00' }] });
    expect(opening('2027-03-28T00:00:00Z', night)).toBe('2027-03-28T01:00:00.000Z');
    expect(isOpen(at('2027-03-28T00:59:59Z'), night)).toBe(false);
    expect(isOpen(at('2027-03-28T01:00:00Z'), night)).toBe(true);
    expect(isOpen(at('2027-03-28T01:59:59Z'), night)).toBe(true);
    expect(isOpen(at('2027-03-28T02:00:00Z'), night)).toBe(false);
  });

  it('skips a span that lies wholly inside the gap', () => {
    const skipped = schedule('Europe/London', { sun: [{ open: '01:15', close: '01:45' }] });
    expect(opening('2027-03-28T00:00:00Z', skipped)).toBe('2027-04-04T00:15:00.000Z');
  });

  it('opens at the earlier of two instants when the opening time is repeated', () => {
    // 01:30 happens twice on 25 October 2026: at 00:30 UTC (BST) and at 01:30 UTC (GMT).
    const night = schedule('Europe/London', { sun: [{ open: '01:30', close: '03:00' }] });
    expect(opening('2026-10-25T00:00:00Z', night)).toBe('2026-10-25T00:30:00.000Z');
    expect(isOpen(at('2026-10-25T00:29:59Z'), night)).toBe(false);
    expect(isOpen(at('2026-10-25T00:30:00Z'), night)).toBe(true);
  });

  it('reopens when clocks go back into a span that closed in the repeated hour', () => {
    // 00:30-01:30 runs 23:30-00:30 UTC in BST, then again 01:00-01:30 UTC once the clock reads 01:00 GMT.
    const night = schedule('Europe/London', { sun: [{ open: '00:30', close: '01:30' }] });
    expect(opening('2026-10-24T23:00:00Z', night)).toBe('2026-10-24T23:30:00.000Z');
    expect(isOpen(at('2026-10-25T00:45:00Z'), night)).toBe(false);
    expect(opening('2026-10-25T00:45:00Z', night)).toBe('2026-10-25T01:00:00.000Z');
    expect(isOpen(at('2026-10-25T01:30:00Z'), night)).toBe(false);
  });
});

describe('daylight saving in America/New_York', () => {
  // Clocks go forward from 02:00 EST to 03:00 EDT on Sunday 14 March 2027.
  const newYork = officeHours('America/New_York');

  it('opens at 14:00 UTC (09:00 EST) before and 13:00 UTC (09:00 EDT) after clocks go forward', () => {
    expect(opening('2027-03-12T06:00:00Z', newYork)).toBe('2027-03-12T14:00:00.000Z');
    expect(opening('2027-03-13T19:00:00Z', newYork)).toBe('2027-03-15T13:00:00.000Z');
  });

  it('opens at 03:00 EDT when the opening time falls in the gap', () => {
    const night = schedule('America/New_York', { sun: [{ open: '02:30', close: '04:00' }] });
    expect(opening('2027-03-14T05:00:00Z', night)).toBe('2027-03-14T07:00:00.000Z');
  });
});

describe('a timezone east of UTC (Pacific/Auckland, UTC+13 in January)', () => {
  const auckland = officeHours('Pacific/Auckland');

  it('takes the weekday from the local date, not the UTC one', () => {
    // Sunday 10 January 21:00 UTC is Monday 11 January 10:00 in Auckland.
    expect(isOpen(at('2027-01-10T21:00:00Z'), auckland)).toBe(true);
    // Friday 8 January 21:00 UTC is Saturday 9 January 10:00 in Auckland.
    expect(isOpen(at('2027-01-08T21:00:00Z'), auckland)).toBe(true);
    // Saturday 9 January 21:00 UTC is Sunday 10 January 10:00 in Auckland.
    expect(isOpen(at('2027-01-09T21:00:00Z'), auckland)).toBe(false);
  });

  it('takes closure dates in local time', () => {
    const closedMonday = officeHours('Pacific/Auckland', [{ date: '2027-01-11', name: 'Anniversary Day' }]);
    expect(isOpen(at('2027-01-10T21:00:00Z'), closedMonday)).toBe(false);
    expect(opening('2027-01-10T21:00:00Z', closedMonday)).toBe('2027-01-11T20:00:00.000Z');
    const closedSundayUtc = officeHours('Pacific/Auckland', [{ date: '2027-01-10', name: 'Not a Monday' }]);
    expect(isOpen(at('2027-01-10T21:00:00Z'), closedSundayUtc)).toBe(true);
  });
});

describe('describeLocalTime', () => {
  const now = at('2027-03-26T12:00:00Z'); // Friday 26 March 2027, 12:00 GMT
  const said = (instant: string, timezone = 'Europe/London', from = now) =>
    describeLocalTime(at(instant), timezone, from);

  it('says today, tomorrow and yesterday by the local day', () => {
    expect(said('2027-03-26T16:05:00Z')).toBe('today at 16:05');
    expect(said('2027-03-26T03:22:00Z')).toBe('today at 03:22');
    expect(said('2027-03-26T23:59:00Z')).toBe('today at 23:59');
    expect(said('2027-03-27T00:00:00Z')).toBe('tomorrow at 00:00');
    expect(said('2027-03-27T10:00:00Z')).toBe('tomorrow at 10:00');
    expect(said('2027-03-25T17:10:00Z')).toBe('yesterday at 17:10');
  });

  it('says the weekday within six days either way', () => {
    expect(said('2027-03-29T08:00:00Z')).toBe('on Monday at 09:00');
    expect(said('2027-04-01T21:00:00Z')).toBe('on Thursday at 22:00');
    expect(said('2027-03-22T10:00:00Z')).toBe('on Monday at 10:00');
    expect(said('2027-03-20T10:00:00Z')).toBe('on Saturday at 10:00');
  });

  it('adds the date a week or more away on the local calendar, either way', () => {
    // Thursday 1 April in UTC but already Friday 2 April, a week away, in London.
    expect(said('2027-04-01T23:59:00Z')).toBe('on Friday 2 April at 00:59');
    expect(said('2027-04-02T08:00:00Z')).toBe('on Friday 2 April at 09:00');
    expect(said('2027-05-03T08:00:00Z')).toBe('on Monday 3 May at 09:00');
    expect(said('2027-03-19T09:00:00Z')).toBe('on Friday 19 March at 09:00');
  });

  it('counts local days across the change to summer time', () => {
    // Clocks go forward at 01:00 GMT on Sunday 28 March 2027, so that day is 23 hours long.
    const sundayMorning = at('2027-03-28T00:30:00Z'); // 00:30 GMT
    expect(said('2027-03-28T22:30:00Z', 'Europe/London', sundayMorning)).toBe('today at 23:30');
    expect(said('2027-03-28T23:30:00Z', 'Europe/London', sundayMorning)).toBe('tomorrow at 00:30');
    expect(said('2027-03-29T08:00:00Z', 'Europe/London', sundayMorning)).toBe('tomorrow at 09:00');
    // From Saturday evening in GMT, Monday opening in BST is two days away, not tomorrow.
    expect(said('2027-03-29T08:00:00Z', 'Europe/London', at('2027-03-27T23:30:00Z'))).toBe(
      'on Monday at 09:00',
    );
  });

  it('counts local days across the change back to winter time', () => {
    // Clocks go back at 01:00 GMT on Sunday 25 October 2026, so that day is 25 hours long.
    const sundayStart = at('2026-10-24T23:00:00Z'); // 00:00 BST
    expect(said('2026-10-25T23:59:00Z', 'Europe/London', sundayStart)).toBe('today at 23:59');
    expect(said('2026-10-26T00:00:00Z', 'Europe/London', sundayStart)).toBe('tomorrow at 00:00');
    // From Monday, a call at 00:30 BST on Sunday was yesterday; one on Saturday evening, on Saturday.
    const monday = at('2026-10-26T10:00:00Z');
    expect(said('2026-10-24T23:30:00Z', 'Europe/London', monday)).toBe('yesterday at 00:30');
    expect(said('2026-10-24T18:00:00Z', 'Europe/London', monday)).toBe('on Saturday at 19:00');
  });

  it('uses the local date east of UTC', () => {
    // Friday 20:00 UTC is already Saturday 09:00 in Auckland, where `now` is Saturday 01:00.
    expect(said('2027-03-26T20:00:00Z', 'Pacific/Auckland')).toBe('today at 09:00');
    expect(said('2027-03-27T20:00:00Z', 'Pacific/Auckland')).toBe('tomorrow at 09:00');
    expect(said('2027-03-26T10:00:00Z', 'Pacific/Auckland')).toBe('yesterday at 23:00');
  });
});
