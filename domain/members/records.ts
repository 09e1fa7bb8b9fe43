/**
 * 點數 / 發券記錄: what the shop's whole points ledger and every coupon it issued are filtered
 * by, and how the CSV names them (zh-TW, as the merchant reads the page). The page's own words
 * are in the web app's i18n; db/members/member-records.ts decides a coupon's source and status.
 */

/** The ledger's kinds (db/members/point-ledger.ts): 累積, 扣回, 到期, 折抵, 調整. */
export const POINT_ENTRY_KINDS = ['earn', 'reverse', 'expire', 'redeem', 'adjust'] as const;
export type PointEntryKind = (typeof POINT_ENTRY_KINDS)[number];

export const POINT_ENTRY_KIND_LABELS_ZH: Record<PointEntryKind, string> = {
  earn: '累積',
  reverse: '扣回',
  expire: '到期',
  redeem: '折抵',
  adjust: '調整',
};

/**
 * The notes the system writes on its own entries (a reversal's cause), named for people; any
 * other note is what the shop typed (手動調整's reason) and shown as it is.
 */
export const SYSTEM_POINT_NOTES = ['refund', 'cancelled', 'rejected', 'redeem'] as const;
export type SystemPointNote = (typeof SYSTEM_POINT_NOTES)[number];

export const SYSTEM_POINT_NOTE_LABELS_ZH: Record<SystemPointNote, string> = {
  refund: '退款',
  cancelled: '訂單取消',
  rejected: '訂單被拒',
  redeem: '退回折抵點數',
};

export function isSystemPointNote(note: string | null): note is SystemPointNote {
  return (SYSTEM_POINT_NOTES as readonly (string | null)[]).includes(note);
}

/**
 * An issued coupon's fate: 未使用 (still good, or not yet), 已使用 (used on at least one order:
 * a coupon good for several uses reads used from its first, with its orders), 已過期 (its time
 * ran out, or the shop switched the coupon off, before any use).
 */
export const ISSUED_COUPON_STATUSES = ['unused', 'used', 'expired'] as const;
export type IssuedCouponStatus = (typeof ISSUED_COUPON_STATUSES)[number];

export const ISSUED_COUPON_STATUS_LABELS_ZH: Record<IssuedCouponStatus, string> = {
  unused: '未使用',
  used: '已使用',
  expired: '已過期',
};

/** How a coupon reached the member: by hand (發送優惠券) or by a campaign of 自動發送設定. */
export const COUPON_SOURCES = ['manual', 'birthday', 'repurchase', 'segment'] as const;
export type CouponSource = (typeof COUPON_SOURCES)[number];

export const COUPON_SOURCE_LABELS_ZH: Record<CouponSource, string> = {
  manual: '手動',
  birthday: '生日',
  repurchase: '回購',
  segment: '分眾',
};
