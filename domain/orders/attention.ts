/**
 * When an order needs a person. Besides the 其他/請諮詢 status a merchant sets, an order's
 * workflow flags itself when one of its steps has been failing for longer than the shop's
 * threshold (the database unreachable, LINE down), and when LINE refused an answer for good;
 * the reason is one line a merchant or an operator can act on.
 */
export const DEFAULT_ATTENTION_AFTER_MINUTES = 10;
/** The workflow memo key that holds the reason (read by the admin's list and the order page). */
export const ATTENTION_MEMO_KEY = 'attention';
export const ATTENTION_AFTER_MINUTES_MIN = 1;
export const ATTENTION_AFTER_MINUTES_MAX = 24 * 60;

/** The steps of an order's workflow that can get stuck, as a merchant would name them. */
export const ORDER_STEP_LABELS = {
  customer: '讀取顧客資料',
  place: '建立訂單',
  answer: '回覆顧客',
  alert: '通知店家人員',
  status: '變更訂單狀態',
} as const;
export type OrderStep = keyof typeof ORDER_STEP_LABELS;

/** A step still failing after the threshold: it keeps being retried and clears itself when it succeeds. */
export function stuckStepReason(step: OrderStep, afterMs: number): string {
  const wait = afterMs >= 60_000 ? `${Math.round(afterMs / 60_000)} 分鐘` : `${Math.round(afterMs / 1000)} 秒`;
  return `「${ORDER_STEP_LABELS[step]}」已失敗超過 ${wait}，系統仍在重試`;
}

/** A step LINE refused for good: nothing more will be tried, a person decides what to do. */
export function refusedStepReason(step: OrderStep, message: string): string {
  return `「${ORDER_STEP_LABELS[step]}」沒有完成：${message}`;
}

/** The reasons, newest last, as the one line the Temporal UI and the admin show. */
export function attentionSummary(reasons: readonly string[]): string | null {
  if (reasons.length === 0) return null;
  return reasons.length === 1 ? reasons[0]! : `${reasons.at(-1)}（另有 ${reasons.length - 1} 項）`;
}
