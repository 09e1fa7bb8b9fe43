import { formatTaipeiDateTime, taipeiDayKey } from '../taipei-time.ts';
import { taipeiClock } from './business-hours.ts';
import type { PickupMethod } from './pickup-methods.ts';
import { liffPermanentLink, shopPagePath } from '../storefront/share-links.ts';
import type { RiderDetails } from '../delivery/delivery-status.ts';

/**
 * What a restaurant order's customer is told in LINE, each with the link to the order's page
 * (the LIFF permanent link when the shop has a LIFF app, so it opens inside LINE), and what the
 * shop's people are told. Plain text: it must read well in a LINE chat and a notification.
 */

export type CustomerNotice =
  | { kind: 'placed' }
  | { kind: 'accepted' }
  | { kind: 'ready' }
  | { kind: 'rejected'; reason: string }
  | { kind: 'cancelled'; reason: string }
  | { kind: 'pickup_reminder' }
  | { kind: 'rider_assigned'; rider: RiderDetails };

export interface NoticeOrder {
  number: string;
  pickupNumber: string | null;
  method: PickupMethod;
  wantedAt: Date | null;
  branchName: string;
  tableLabel: string | null;
}

/** The order's page under the shop's pages: /shop/<slug>/orders/<number>. */
export function orderPagePath(shopSlug: string, orderNumber: string): string {
  return `${shopPagePath(shopSlug)}/orders/${encodeURIComponent(orderNumber)}`;
}

export function orderPageLink(
  shop: { slug: string; liffId: string | null },
  orderNumber: string,
  origin: string,
): string {
  return shop.liffId
    ? liffPermanentLink(shop.liffId, `/orders/${encodeURIComponent(orderNumber)}`)
    : `${origin}${orderPagePath(shop.slug, orderNumber)}`;
}

/** 「今天 12:30」 or 「12/09 12:30」: the day only when it is not today. */
export function wantedAtText(wantedAt: Date, now: Date): string {
  const clock = taipeiClock(wantedAt);
  if (taipeiDayKey(wantedAt) === taipeiDayKey(now)) return `今天 ${clock}`;
  return `${formatTaipeiDateTime(wantedAt).slice(5, 10)} ${clock}`;
}

function whenLine(order: NoticeOrder, now: Date): string {
  if (order.method === 'dine_in') return `內用桌號：${order.tableLabel ?? ''}`;
  if (!order.wantedAt) return '';
  return `${order.method === 'delivery' ? '預計送達' : '取餐時間'}：${wantedAtText(order.wantedAt, now)}`;
}

export function customerNoticeText(notice: CustomerNotice, order: NoticeOrder, link: string, now: Date): string {
  const number = order.pickupNumber ? `取餐號碼 ${order.pickupNumber}` : `訂單 ${order.number}`;
  const lines: string[] = [];
  switch (notice.kind) {
    case 'placed':
      lines.push(`已收到您的訂單（${number}），等待${order.branchName}接單。`, whenLine(order, now));
      break;
    case 'accepted':
      lines.push(`${order.branchName}已接單！${number}`, whenLine(order, now));
      break;
    case 'ready':
      lines.push(
        order.method === 'delivery'
          ? `餐點已完成，即將為您外送（訂單 ${order.number}）`
          : `餐點已完成，取餐號碼 ${order.pickupNumber ?? order.number}`,
      );
      if (order.method === 'pickup') lines.push(`請到${order.branchName}取餐`);
      break;
    case 'rejected':
      lines.push(`很抱歉，${order.branchName}無法接這筆訂單（${number}）。`, `原因：${notice.reason}`);
      break;
    case 'cancelled':
      lines.push(`您的訂單（${number}）已取消。`, `原因：${notice.reason}`);
      break;
    case 'pickup_reminder':
      lines.push(`提醒您，${number} ${whenLine(order, now)}`, `地點：${order.branchName}`);
      break;
    case 'rider_assigned':
      lines.push(
        `外送員已接單，將為您送餐（訂單 ${order.number}）`,
        `外送員：${notice.rider.name}`,
        `電話：${notice.rider.phone}`,
        `車牌：${notice.rider.plate}`,
        `即時追蹤：${notice.rider.trackingLink}`,
      );
      break;
  }
  lines.push(`訂單詳情：${link}`);
  return lines.filter(Boolean).join('\n');
}

/** The staff's alerts: a new order, one still waiting, one due in the kitchen. */
export type StaffNotice = 'new_order' | 'accept_reminder' | 'due';

export function staffNoticeText(notice: StaffNotice, order: NoticeOrder & { total: number }, now: Date): string {
  const who = `${order.branchName}｜取餐號碼 ${order.pickupNumber ?? '-'}（${order.number}）`;
  const when = whenLine(order, now);
  switch (notice) {
    case 'new_order':
      return [`【新訂單】${who}`, when, `合計 NT$${order.total}`].filter(Boolean).join('\n');
    case 'accept_reminder':
      return [`【尚未接單】${who}`, '請盡快接單，逾時將自動拒單'].join('\n');
    case 'due':
      return [`【該做了】${who}`, when].filter(Boolean).join('\n');
  }
}
