import { dayKeyToIsoDate, taipeiDayKey } from '#lib/domain.ts';

/** 未來訂單總覽 looks this many days ahead unless asked otherwise (the API allows 1–14). */
export const FUTURE_DAYS = [1, 3, 7, 14] as const;
const DEFAULT_DAYS = 7;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The days the address asks for (?from=YYYY-MM-DD&days=), else from today (Taipei) for a week. */
export function futureRange(search: URLSearchParams, now: Date): { from: string; days: number } {
  const from = search.get('from') ?? '';
  const days = Number(search.get('days'));
  return {
    from: ISO_DATE.test(from) && !Number.isNaN(Date.parse(from)) ? from : dayKeyToIsoDate(taipeiDayKey(now)),
    days: Number.isInteger(days) && days >= 1 && days <= 14 ? days : DEFAULT_DAYS,
  };
}

export interface PrepTotal {
  name: string;
  quantity: number;
  /** How many of them come with each option (加蛋 ×5), most first. */
  choices: { name: string; quantity: number }[];
}

/**
 * A day's item totals for preparation, one line per item: 雞腿便當 ×12 (加蛋 ×5), from the
 * API's totals per item and combination of options. Most-made first.
 */
export function prepTotals(
  items: readonly { name: string; choices: readonly string[]; quantity: number }[],
): PrepTotal[] {
  const byName = new Map<string, { quantity: number; choices: Map<string, number> }>();
  for (const item of items) {
    const entry = byName.get(item.name) ?? { quantity: 0, choices: new Map<string, number>() };
    entry.quantity += item.quantity;
    for (const choice of item.choices) entry.choices.set(choice, (entry.choices.get(choice) ?? 0) + item.quantity);
    byName.set(item.name, entry);
  }
  const most = <T extends { name: string; quantity: number }>(a: T, b: T) =>
    b.quantity - a.quantity || a.name.localeCompare(b.name, 'zh-Hant');
  return [...byName]
    .map(([name, e]) => ({
      name,
      quantity: e.quantity,
      choices: [...e.choices].map(([choice, quantity]) => ({ name: choice, quantity })).sort(most),
    }))
    .sort(most);
}
