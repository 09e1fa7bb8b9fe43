import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_BUSINESS_HOURS,
  businessHoursSchema,
  hoursErrors,
  isOpenAt,
  nextOpening,
  openingStatus,
  orderSlots,
  ordersOutsideHours,
  readBusinessHours,
  taipeiClock,
  taipeiWeekdayName,
  type BusinessHours,
  type Period,
} from './business-hours.ts';
import { DEFAULT_PICKUP_METHODS, type PickupMethods } from './pickup-methods.ts';

/** An instant given as Taipei wall-clock time. 2026-12-07 is a Monday. */
const at = (text: string) => new Date(`${text.replace(' ', 'T')}:00+08:00`);
const p = (start: string, end: string): Period => ({ start, end });
const LUNCH_DINNER = [p('11:00', '14:00'), p('17:00', '21:00')];

/** 11:00–14:00 and 17:00–21:00, closed Mondays, 公休 on 2026-12-10 (Thursday). */
const HOURS: BusinessHours = {
  week: [LUNCH_DINNER, [], LUNCH_DINNER, LUNCH_DINNER, LUNCH_DINNER, LUNCH_DINNER, LUNCH_DINNER],
  special: [{ date: '2026-12-10', closed: true, periods: [], note: '店休' }],
  orderAheadDays: 7,
};

const week = (periods: Period[]): Period[][] => Array.from({ length: 7 }, () => periods);
const hours = (overrides: Partial<BusinessHours>): BusinessHours => ({ ...HOURS, ...overrides });

const refusal = (input: unknown) => {
  const parsed = businessHoursSchema.safeParse(input);
  if (parsed.success) throw new Error('expected a refusal');
  return hoursErrors(parsed.error);
};

describe('businessHoursSchema', () => {
  it('accepts a week with breaks, a period past midnight and special dates', () => {
    const input = hours({
      week: [...HOURS.week.slice(0, 6), [p('11:00', '14:00'), p('18:00', '02:00')]],
      special: [
        { date: '2026-09-25', closed: true, periods: [], note: ' 中秋節公休 ' },
        { date: '2026-12-31', closed: false, periods: [p('11:00', '23:59')], note: '' },
      ],
    });
    const parsed = businessHoursSchema.parse(input);
    expect(parsed.special[0]!.note).toBe('中秋節公休');
    expect(parsed.week[6]).toEqual([p('11:00', '14:00'), p('18:00', '02:00')]);
  });

  it('names each bad field in zh-TW, keyed by its path', () => {
    expect(
      refusal({
        week: [[p('9:00', '14:00')], [p('11:00', '11:00')], [], [], [], [], [{ start: '24:00', end: '25:00' }]],
        special: [{ date: '2026-02-30', closed: true, periods: [], note: 'x'.repeat(31) }],
        orderAheadDays: 1.5,
      }),
    ).toEqual({
      'week.0.0.start': '開始時間要像 11:00 這樣寫（00:00–23:59）',
      'week.1.0.end': '結束時間不能和開始時間一樣',
      'week.6.0.start': '開始時間要像 11:00 這樣寫（00:00–23:59）',
      'week.6.0.end': '結束時間要像 11:00 這樣寫（00:00–23:59）',
      'special.0.date': '請選擇日期（例如 2026-09-25）',
      'special.0.note': '備註最多 30 個字',
      orderAheadDays: '可預訂天數必須是整數',
    });
    expect(refusal({ ...HOURS, week: HOURS.week.slice(0, 6), orderAheadDays: 31 })).toEqual({
      week: '每週營業時間必須剛好 7 天',
      orderAheadDays: '可預訂天數不能超過 30',
    });
    expect(refusal({ ...HOURS, extra: 1 })).toHaveProperty('');
    // An overlap is named even while another field is wrong, so the form shows both at once.
    expect(refusal(hours({ week: week([p('11:00', '14:00'), p('13:00', '15:00')]), orderAheadDays: -1 }))).toEqual(
      expect.objectContaining({
        orderAheadDays: '可預訂天數不能小於 0',
        'week.1.1.start': expect.stringContaining('重疊'),
      }),
    );
    expect(refusal({ ...HOURS, week: week([p('11:00', '12:00'), p('11:00', '12:00')].concat(LUNCH_DINNER)) })).toEqual(
      expect.objectContaining({ 'week.0.1.start': expect.stringContaining('重疊') }),
    );
  });

  it('refuses periods that overlap, also across midnight and from Saturday into Sunday', () => {
    expect(refusal(hours({ week: week([p('11:00', '14:00'), p('13:30', '15:00')]) }))['week.1.1.start']).toBe(
      '週一 13:30–15:00 和 11:00–14:00 重疊了',
    );
    // A long period hides a short one inside it even when a third comes between them in the list.
    expect(refusal(hours({ week: week([p('10:00', '20:00'), p('11:00', '12:00'), p('13:00', '14:00')]) }))).toEqual(
      expect.objectContaining({ 'week.3.1.start': expect.any(String), 'week.3.2.start': expect.any(String) }),
    );
    const lateSaturday = [...HOURS.week.slice(0, 6), [p('18:00', '12:00')]];
    expect(refusal(hours({ week: lateSaturday }))['week.0.0.start']).toBe(
      '週日 11:00–14:00 和前一天的 18:00–12:00 重疊了',
    );
    // Ending exactly when the next day opens is not an overlap.
    expect(
      businessHoursSchema.safeParse(hours({ week: [...HOURS.week.slice(0, 6), [p('18:00', '11:00')]] })).success,
    ).toBe(true);
  });

  it('checks special dates: once each, closed or with hours, not both', () => {
    const errors = refusal(
      hours({
        special: [
          { date: '2026-12-10', closed: true, periods: [p('11:00', '14:00')], note: '' },
          { date: '2026-12-10', closed: false, periods: [], note: '' },
          { date: '2026-12-11', closed: false, periods: [p('11:00', '14:00'), p('12:00', '13:00')], note: '' },
        ],
      }),
    );
    expect(errors).toEqual({
      'special.0.periods': '公休日不用填營業時段',
      'special.1.date': '2026-12-10 已經設定過了',
      'special.1.periods': '請新增營業時段，或設為公休',
      'special.2.periods.1.start': '12:00–13:00 和 11:00–14:00 重疊了',
    });
  });

  it('reads a damaged row as the defaults', () => {
    expect(readBusinessHours(null)).toEqual(DEFAULT_BUSINESS_HOURS);
    expect(readBusinessHours({ week: 'x' })).toEqual(DEFAULT_BUSINESS_HOURS);
    expect(readBusinessHours(HOURS)).toEqual(HOURS);
    expect(businessHoursSchema.safeParse(DEFAULT_BUSINESS_HOURS).success).toBe(true);
  });
});

describe('isOpenAt', () => {
  afterEach(() => {
    delete process.env.TZ;
  });

  it('is open in a period, closed in the break, at closing and on days off', () => {
    expect(isOpenAt(HOURS, at('2026-12-08 10:59'))).toBe(false);
    expect(isOpenAt(HOURS, at('2026-12-08 11:00'))).toBe(true);
    expect(isOpenAt(HOURS, at('2026-12-08 13:59'))).toBe(true);
    expect(isOpenAt(HOURS, at('2026-12-08 14:00'))).toBe(false);
    expect(isOpenAt(HOURS, at('2026-12-08 15:30'))).toBe(false);
    expect(isOpenAt(HOURS, at('2026-12-08 20:59'))).toBe(true);
    expect(isOpenAt(HOURS, at('2026-12-08 21:00'))).toBe(false);
    // Monday off, and the special 公休 on a Thursday.
    expect(isOpenAt(HOURS, at('2026-12-07 12:00'))).toBe(false);
    expect(isOpenAt(HOURS, at('2026-12-10 12:00'))).toBe(false);
    expect(isOpenAt(HOURS, at('2026-12-11 12:00'))).toBe(true);
  });

  it('keeps a period running past midnight open into the next day, even a special closed one', () => {
    const late = hours({ week: week([p('18:00', '02:00')]), special: [] });
    expect(isOpenAt(late, at('2026-12-08 23:59'))).toBe(true);
    expect(isOpenAt(late, at('2026-12-09 00:00'))).toBe(true);
    expect(isOpenAt(late, at('2026-12-09 01:59'))).toBe(true);
    expect(isOpenAt(late, at('2026-12-09 02:00'))).toBe(false);
    const closedWednesday = { ...late, special: [{ date: '2026-12-09', closed: true, periods: [], note: '' }] };
    expect(isOpenAt(closedWednesday, at('2026-12-09 01:00'))).toBe(true);
    expect(isOpenAt(closedWednesday, at('2026-12-09 19:00'))).toBe(false);
    // Across the year's end.
    expect(isOpenAt(late, at('2027-01-01 01:30'))).toBe(true);
  });

  it('uses a special date’s own hours instead of the weekday’s', () => {
    const newYearsEve = hours({
      special: [{ date: '2026-12-31', closed: false, periods: [p('10:00', '01:00')], note: '跨年加開' }],
    });
    expect(isOpenAt(newYearsEve, at('2026-12-31 15:00'))).toBe(true);
    expect(isOpenAt(newYearsEve, at('2027-01-01 00:30'))).toBe(true);
    expect(isOpenAt(HOURS, at('2026-12-31 15:00'))).toBe(false);
  });

  it('answers in Asia/Taipei whatever the machine’s zone', () => {
    const instant = at('2026-12-08 11:30');
    process.env.TZ = 'America/Los_Angeles';
    expect(isOpenAt(HOURS, instant)).toBe(true);
    expect(taipeiClock(instant)).toBe('11:30');
    expect(taipeiWeekdayName(instant)).toBe('週二');
    process.env.TZ = 'Pacific/Kiritimati';
    expect(isOpenAt(HOURS, at('2026-12-07 23:30'))).toBe(false);
    expect(nextOpening(HOURS, at('2026-12-07 23:30'))).toEqual(at('2026-12-08 11:00'));
  });
});

describe('nextOpening and openingStatus', () => {
  it('skips the break, the closing, the day off and the special closed day', () => {
    expect(nextOpening(HOURS, at('2026-12-08 15:00'))).toEqual(at('2026-12-08 17:00'));
    expect(nextOpening(HOURS, at('2026-12-08 12:00'))).toEqual(at('2026-12-08 17:00'));
    expect(nextOpening(HOURS, at('2026-12-06 22:00'))).toEqual(at('2026-12-08 11:00'));
    expect(nextOpening(HOURS, at('2026-12-09 21:30'))).toEqual(at('2026-12-11 11:00'));
    expect(nextOpening(HOURS, at('2026-12-08 10:00'))).toEqual(at('2026-12-08 11:00'));
  });

  it('treats periods that touch at midnight as one stretch', () => {
    const split = hours({
      week: [[], [], [p('18:00', '00:00')], [p('00:00', '02:00'), p('11:00', '14:00')], [], [], []],
      special: [],
    });
    expect(businessHoursSchema.safeParse(split).success).toBe(true);
    // Tuesday 18:00 to Wednesday 02:00 without a gap at midnight.
    expect(openingStatus(split, at('2026-12-08 23:00'))).toEqual({ open: true, closesAt: at('2026-12-09 02:00') });
    expect(nextOpening(split, at('2026-12-08 23:00'))).toEqual(at('2026-12-09 11:00'));
  });

  it('finds an opening months away, and null when none within a year', () => {
    const closedWeeks = hours({
      week: week([]),
      special: [{ date: '2027-03-01', closed: false, periods: [p('09:00', '12:00')], note: '重新開幕' }],
    });
    expect(nextOpening(closedWeeks, at('2026-12-08 12:00'))).toEqual(at('2027-03-01 09:00'));
    expect(openingStatus(hours({ week: week([]), special: [] }), at('2026-12-08 12:00'))).toEqual({
      open: false,
      nextOpening: null,
    });
  });

  it('says when the current stretch closes', () => {
    expect(openingStatus(HOURS, at('2026-12-08 12:00'))).toEqual({ open: true, closesAt: at('2026-12-08 14:00') });
    expect(openingStatus(HOURS, at('2026-12-08 14:00'))).toEqual({
      open: false,
      nextOpening: at('2026-12-08 17:00'),
    });
  });
});

describe('orderSlots', () => {
  const METHODS: PickupMethods = {
    ...DEFAULT_PICKUP_METHODS,
    pickupLeadMinutes: 20,
    pickupSlotMinutes: 30,
    deliveryEnabled: true,
    deliveryLeadMinutes: 60,
  };
  const clocks = (slots: { start: Date; end: Date }[]) =>
    slots.map((s) => `${s.start.toISOString()}`).map((iso) => taipeiClock(new Date(iso)));

  it('starts after the lead time, steps by the slot length and never crosses the break or closing', () => {
    const today = hours({ orderAheadDays: 0 });
    const slots = orderSlots(today, METHODS, 'pickup', at('2026-12-08 12:05'));
    expect(clocks(slots)).toEqual([
      '12:30',
      '13:00',
      '13:30',
      '17:00',
      '17:30',
      '18:00',
      '18:30',
      '19:00',
      '19:30',
      '20:00',
      '20:30',
    ]);
    expect(slots[0]).toEqual({ start: at('2026-12-08 12:30'), end: at('2026-12-08 13:00') });
    // A period that is not a whole number of slots loses its tail rather than run past closing.
    const odd = hours({ week: week([p('11:00', '12:50')]), orderAheadDays: 0, special: [] });
    expect(clocks(orderSlots(odd, METHODS, 'pickup', at('2026-12-08 09:00')))).toEqual(['11:00', '11:30', '12:00']);
  });

  it('uses the delivery lead time for delivery and offers nothing for a method that is off', () => {
    const today = hours({ orderAheadDays: 0 });
    expect(clocks(orderSlots(today, METHODS, 'delivery', at('2026-12-08 12:05')))[0]).toBe('13:30');
    expect(orderSlots(today, { ...METHODS, deliveryEnabled: false }, 'delivery', at('2026-12-08 12:05'))).toEqual([]);
    expect(orderSlots(today, { ...METHODS, pickupEnabled: false }, 'pickup', at('2026-12-08 12:05'))).toEqual([]);
  });

  it('reaches orderAheadDays ahead, skipping days off and special dates', () => {
    const slots = orderSlots(hours({ orderAheadDays: 3 }), METHODS, 'pickup', at('2026-12-08 21:30'));
    const days = new Set(slots.map((s) => s.start.toISOString().slice(0, 10)));
    // Tue (closed by now), Wed, Thu 公休, Fri — and nothing from Saturday.
    expect([...days]).toEqual(['2026-12-09', '2026-12-11']);
    expect(slots.at(-1)).toEqual({ start: at('2026-12-11 20:30'), end: at('2026-12-11 21:00') });
    // On a Monday off with orders for today only, nothing to pick.
    expect(orderSlots(hours({ orderAheadDays: 0 }), METHODS, 'pickup', at('2026-12-07 09:00'))).toEqual([]);
  });

  it('runs through midnight in one stretch but stops at the last day’s end', () => {
    const late = hours({ week: week([p('22:00', '01:00')]), special: [], orderAheadDays: 0 });
    const slots = orderSlots(
      late,
      { ...METHODS, pickupLeadMinutes: 0, pickupSlotMinutes: 60 },
      'pickup',
      at('2026-12-08 21:00'),
    );
    // Tuesday's stretch runs to 01:00 Wednesday, but Wednesday is past "today only".
    expect(slots).toEqual([
      { start: at('2026-12-08 22:00'), end: at('2026-12-08 23:00') },
      { start: at('2026-12-08 23:00'), end: at('2026-12-09 00:00') },
    ]);
    // Just after midnight, yesterday's stretch still offers its last hour.
    const early = orderSlots(
      late,
      { ...METHODS, pickupLeadMinutes: 0, pickupSlotMinutes: 60 },
      'pickup',
      at('2026-12-09 00:00'),
    );
    expect(early[0]).toEqual({ start: at('2026-12-09 00:00'), end: at('2026-12-09 01:00') });
  });
});

describe('ordersOutsideHours', () => {
  it('returns the orders whose wished-for time the hours no longer cover', () => {
    const orders = [
      { id: 'lunch', wantedAt: at('2026-12-08 12:00') },
      { id: 'break', wantedAt: at('2026-12-08 15:00') },
      { id: 'monday', wantedAt: at('2026-12-14 12:00') },
      { id: 'holiday', wantedAt: at('2026-12-10 18:00') },
      { id: 'closing', wantedAt: at('2026-12-08 21:00') },
      { id: 'dinner', wantedAt: at('2026-12-11 20:45') },
    ];
    expect(ordersOutsideHours(HOURS, orders).map((o) => o.id)).toEqual(['break', 'monday', 'holiday', 'closing']);
    const late = hours({ week: week([p('18:00', '02:00')]), special: [] });
    expect(ordersOutsideHours(late, [{ id: 'night', wantedAt: at('2026-12-09 01:30') }])).toEqual([]);
  });
});
