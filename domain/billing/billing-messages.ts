import { formatTaipeiDateTime } from '../taipei-time.ts';

/** What the subscription workflow tells a shop's owner, by LINE and e-mail. */
export type BillingNotice = 'trial_ending' | 'payment_failed' | 'paused' | 'restored';

export function billingNoticeText(
  kind: BillingNotice,
  facts: { shopName: string; planName: string; trialEndsAt?: Date | null; graceEndsAt?: Date | null },
): { subject: string; text: string } {
  switch (kind) {
    case 'trial_ending':
      return {
        subject: `【加一】${facts.shopName} 的免費試用即將結束`,
        text: `${facts.shopName} 的「${facts.planName}」免費試用將於 ${facts.trialEndsAt ? formatTaipeiDateTime(facts.trialEndsAt) : '近日'} 結束，之後會自動以您設定的信用卡扣款。如需更換付款方式或取消，請到後台「付費方案」。`,
      };
    case 'payment_failed':
      return {
        subject: `【加一】${facts.shopName} 的訂閱扣款失敗`,
        text: `${facts.shopName} 的「${facts.planName}」本期扣款失敗。請在 ${facts.graceEndsAt ? formatTaipeiDateTime(facts.graceEndsAt) : '7 天內'} 前到後台「付費方案」更新付款方式，逾期後台將改為唯讀、LINE 暫停接單（資料都會保留）。`,
      };
    case 'paused':
      return {
        subject: `【加一】${facts.shopName} 已暫停接單`,
        text: `${facts.shopName} 的訂閱尚未付款，後台已改為唯讀、LINE 暫停接單。資料都還在，到後台「付費方案」完成付款後會立即恢復。`,
      };
    case 'restored':
      return {
        subject: `【加一】${facts.shopName} 已恢復正常`,
        text: `已收到 ${facts.shopName} 的付款，謝謝！後台與 LINE 接單都已恢復。`,
      };
  }
}

/** The chat's answer while a shop's ordering is paused for an unpaid subscription. */
export const ORDERING_PAUSED_REPLY = '本店目前暫停接單，造成不便敬請見諒。';
