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
  const now = at('2027-03-26T12:00:00Z'); // Friday 26 March 2027

  it('says the weekday and time on the local clock within the coming week', () => {
    expect(describeLocalTime(at('2027-03-29T08:00:00Z'), 'Europe/London', now)).toBe('Monday 09:00');
    expect(describeLocalTime(at('2027-03-26T16:05:00Z'), 'Europe/London', now)).toBe('Friday 16:05');
    expect(describeLocalTime(at('2027-04-01T21:00:00Z'), 'Europe/London', now)).toBe('Thursday 22:00');
  });

  it('adds the date a week or more away on the local calendar, and in the past', () => {
    // Thursday 1 April in UTC but already Friday 2 April, a week away, in London.
    expect(describeLocalTime(at('2027-04-01T23:59:00Z'), 'Europe/London', now)).toBe('Friday 2 April 00:59');
    expect(describeLocalTime(at('2027-04-02T08:00:00Z'), 'Europe/London', now)).toBe('Friday 2 April 09:00');
    expect(describeLocalTime(at('2027-03-25T09:00:00Z'), 'Europe/London', now)).toBe(
      'Thursday 25 March 09:00',
    );
  });

  it('uses the local date east of UTC', () => {
    expect(describeLocalTime(at('2027-03-26T20:00:00Z'), 'Pacific/Auckland', now)).toBe('Saturday 09:00');
  });
});
