import type { TFunction } from 'i18next';
import type { ShopBranch } from '#lib/api.ts';
import { shortDay, taipeiClock, taipeiDayKey } from '#lib/domain.ts';

/** 「營業中 · 21:00 打烊」, 「休息中 · 明天 11:00 開始營業」 or 「暫停接單」 for a branch, Taipei time. */
export function openingText(t: TFunction, branch: ShopBranch, now = new Date()): string {
  if (branch.ordering === 'paused') return t('storefront.branch.paused');
  const opening = branch.opening;
  if (opening.open) return t('storefront.branch.openUntil', { time: taipeiClock(new Date(opening.closesAt)) });
  if (!opening.nextOpening) return t('storefront.branch.closed');
  return t('storefront.branch.closedUntil', { when: whenText(t, new Date(opening.nextOpening), now) });
}

/** 「今天 11:00」「明天 11:00」「12/8 11:00」 in Taipei. */
export function whenText(t: TFunction, at: Date, now = new Date()): string {
  return `${dayName(t, taipeiDayKey(at), now)} ${taipeiClock(at)}`;
}

/** 今天, 明天 or 12/8 (週二) for a Taipei day key. */
export function dayName(t: TFunction, dayKey: string, now = new Date()): string {
  const today = taipeiDayKey(now);
  const tomorrow = taipeiDayKey(new Date(now.getTime() + 24 * 60 * 60 * 1000));
  if (dayKey === today) return t('storefront.day.today');
  if (dayKey === tomorrow) return t('storefront.day.tomorrow');
  return shortDay(dayKey);
}
