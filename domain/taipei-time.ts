/**
 * Asia/Taipei calendar days and wall-clock times, computed with a fixed offset.
 *
 * Taiwan has kept UTC+8 with no daylight saving since 1979, so a fixed offset is exact for
 * every instant this app handles. It needs neither Intl nor a time-zone database, so Node,
 * Temporal workflows and every browser give the same answer.
 */

const TAIPEI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

type WallClock = { year: number; month: number; day: number; hour: number; minute: number };

function taipeiWallClock(instant: Date): WallClock {
  const ms = instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('Invalid Date');
  // Shift the instant so that its UTC fields read as Taipei wall-clock fields.
  const shifted = new Date(ms + TAIPEI_OFFSET_MS);
  const year = shifted.getUTCFullYear();
  // Day keys and display strings have exactly four year digits.
  if (year < 0 || year > 9999) throw new RangeError(`year ${year} is outside 0000-9999`);
  return {
    year,
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
  };
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** 'YYYYMMDD' of the Asia/Taipei calendar day the instant falls on. */
export function taipeiDayKey(instant: Date): string {
  const t = taipeiWallClock(instant);
  return `${pad(t.year, 4)}${pad(t.month, 2)}${pad(t.day, 2)}`;
}

/** 'YYYY/MM/DD HH:mm' (24-hour) in Asia/Taipei, the way Taiwanese merchants write times. */
export function formatTaipeiDateTime(instant: Date): string {
  const t = taipeiWallClock(instant);
  return `${pad(t.year, 4)}/${pad(t.month, 2)}/${pad(t.day, 2)} ${pad(t.hour, 2)}:${pad(t.minute, 2)}`;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in a month of the proleptic Gregorian calendar (month 1-12). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** True for 'YYYYMMDD' naming a real calendar date (so '20260230' is false). */
export function isDayKey(text: string): boolean {
  if (typeof text !== 'string' || !/^[0-9]{8}$/.test(text)) return false;
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(4, 6));
  const day = Number(text.slice(6, 8));
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/**
 * The instants bounding a Taipei day: [start, end), e.g. for "today's orders" queries.
 * Throws RangeError for an invalid day key.
 */
export function taipeiDayRange(dayKey: string): { start: Date; end: Date } {
  if (!isDayKey(dayKey)) throw new RangeError(`invalid day key: ${dayKey}`);
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999.
  const midnightUtc = new Date(0);
  midnightUtc.setUTCFullYear(Number(dayKey.slice(0, 4)), Number(dayKey.slice(4, 6)) - 1, Number(dayKey.slice(6, 8)));
  const start = midnightUtc.getTime() - TAIPEI_OFFSET_MS;
  return { start: new Date(start), end: new Date(start + DAY_MS) };
}
