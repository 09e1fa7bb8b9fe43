/**
 * A report's days (YYYYMMDD keys, both ends included) as the rollups read them: the whole
 * calendar months inside the range from the month rollups (YYYYMM), and the days before the
 * first whole month and after the last from the day rollups. Together they cover each day
 * exactly once, so the sums are the day rollups' sums to the dollar.
 */
export interface RollupSpans {
  /** Day ranges [from, to] (none, one or two) outside the whole months. */
  days: [string, string][];
  /** The whole months [from, to], or null when the range holds none. */
  months: [string, string] | null;
}

const daysIn = (month: string) => new Date(Date.UTC(+month.slice(0, 4), +month.slice(4, 6), 0)).getUTCDate();
const dd = (n: number) => String(n).padStart(2, '0');

function shiftMonth(month: string, by: number): string {
  const index = +month.slice(0, 4) * 12 + (+month.slice(4, 6) - 1) + by;
  return `${Math.floor(index / 12)}${dd((index % 12) + 1)}`;
}

export function rollupSpans(from: string, to: string): RollupSpans {
  const fromMonth = from.slice(0, 6);
  const toMonth = to.slice(0, 6);
  // The first month that starts inside the range, and the last that ends inside it.
  const first = from.endsWith('01') ? fromMonth : shiftMonth(fromMonth, 1);
  const last = Number(to.slice(6)) === daysIn(toMonth) ? toMonth : shiftMonth(toMonth, -1);
  if (first > last) return { days: [[from, to]], months: null };
  const days: [string, string][] = [];
  if (first !== fromMonth) days.push([from, `${fromMonth}${dd(daysIn(fromMonth))}`]);
  if (last !== toMonth) days.push([`${toMonth}01`, to]);
  return { days, months: [first, last] };
}
